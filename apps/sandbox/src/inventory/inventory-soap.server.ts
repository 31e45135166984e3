import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { ConflictException, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import strongSoap, { type OperationHandler } from 'strong-soap';
import { InventoryFault } from './inventory-fault.error.js';
import {
  delayFor,
  failsUnder,
  type FaultPlan,
  type FaultPlanPatch,
  NO_FAULTS,
  spoilPayload,
} from './injected-faults.js';
import { InventoryService } from './inventory.service.js';

const { soap } = strongSoap;

/** The WSDL committed in the repo (rspack copies it beside the bundle). */
export const WSDL_FILE = new URL('./inventory.wsdl', import.meta.url);
export const SOAP_PATH = '/inventory';

/** A Host header we may copy into the WSDL's soap:address. */
const PLAIN_HOST = /^[\w.-]+(:\d{1,5})?$|^\[[\d:a-fA-F.]+\](:\d{1,5})?$/;
/** Marks a request the fault plan chose to fail, for the operation that serves it. */
const INJECTED_FAULT = Symbol('injectedFault');
type MarkedRequest = IncomingMessage & { [INJECTED_FAULT]?: boolean };

export interface InventorySoapStatus {
  /** Where the WSDL is served; null until the port has been opened once. */
  wsdlUrl: string | null;
  endpoint: string | null;
  listening: boolean;
  /** TCP connections accepted since start: with keep-alive, far fewer than calls. */
  connections: number;
  products: number;
  faults: FaultPlan;
}

export interface InventoryCallStats {
  total: number;
  /** Calls per operation name (SearchProducts, CheckStock, …); absent: none yet. */
  operations: Record<string, number>;
}

/** What strong-soap's server writes: captured, so that this class sends the real response. */
class CapturedResponse {
  statusCode = 200;
  private readonly chunks: string[] = [];
  readonly done: Promise<void>;
  private finish!: () => void;

  constructor() {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }
  setHeader(): void {
    // The real response sets its own headers.
  }
  write(chunk?: string | Buffer): boolean {
    if (chunk !== undefined) this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    return true;
  }
  end(chunk?: string | Buffer): void {
    this.write(chunk);
    this.finish();
  }
  get body(): string {
    return this.chunks.join('');
  }
}

/**
 * The shop's inventory as a SOAP 1.1 service, served by strong-soap from the committed WSDL
 * on a port of its own (`SANDBOX_INVENTORY_PORT`, default SANDBOX_PORT + 1), so that the
 * "down" fault really refuses connections while the sandbox's admin routes stay reachable
 * to bring it back. strong-soap parses requests and builds responses; this class owns the
 * socket: it serves the WSDL with soap:address pointing at the address the client used,
 * applies the fault plan, and answers faults with HTTP 500 (SOAP 1.1 §6.2).
 */
@Injectable()
export class InventorySoapServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly wsdl = readFileSync(WSDL_FILE, 'utf8');
  private readonly dispatcher = new EventEmitter();
  private readonly host: string;
  private port: number;
  private opened = false;
  private server?: Server;
  private plan: FaultPlan;
  private readonly ready: Promise<void>;
  private transition: Promise<void> = Promise.resolve();
  private closing = false;
  private connections = 0;
  /** SOAP calls that reached each operation since start (or the last reset), faults included. */
  private served: Record<string, number> = {};

  constructor(
    config: AppConfig,
    private readonly inventory: InventoryService,
    private readonly logger: AppLogger,
  ) {
    this.host = config.sandbox.host;
    this.port = config.sandbox.inventory.port;
    this.plan = { ...NO_FAULTS, ...config.sandbox.inventory.faults };
    // strong-soap loads the WSDL asynchronously and then listens for 'request' events.
    this.ready = new Promise((resolve) =>
      this.dispatcher.on('newListener', (event: string) => event === 'request' && resolve()),
    );
    soap.listen(this.dispatcher, {
      path: SOAP_PATH,
      xml: this.wsdl,
      // Indentation would be a third of every answer, and clients parse it char by char.
      prettyResponse: false,
      services: {
        InventoryService: {
          InventoryPort: {
            SearchProducts: this.operation('SearchProducts', (args) => this.inventory.searchProducts(args)),
            GetProduct: this.operation('GetProduct', (args) => this.inventory.getProduct(args)),
            CheckStock: this.operation('CheckStock', (args) => this.inventory.checkStock(args)),
            ListCategories: this.operation('ListCategories', () => this.inventory.listCategories()),
            Ping: this.operation('Ping', () => this.inventory.ping()),
            ReserveStock: this.operation('ReserveStock', (args) => this.inventory.reserveStock(args)),
            ReleaseReservation: this.operation('ReleaseReservation', (args) => this.inventory.releaseReservation(args)),
          },
        },
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.plan.down) await this.serially(() => this.open());
  }

  /** First of the shutdown hooks: the port closes with the sandbox, whatever else lingers. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.serially(() => this.close());
  }

  status(): InventorySoapStatus {
    const base = this.opened ? `http://${this.clientHost()}:${this.port}${SOAP_PATH}` : null;
    return {
      wsdlUrl: base && `${base}?wsdl`,
      endpoint: base,
      listening: this.server !== undefined,
      connections: this.connections,
      products: this.inventory.productCount,
      faults: { ...this.plan },
    };
  }

  /** What the service has served: how many calls each operation answered (a cache in front shows here). */
  callStats(): InventoryCallStats {
    const operations = { ...this.served };
    return { total: Object.values(operations).reduce((sum, n) => sum + n, 0), operations };
  }

  resetCallStats(): InventoryCallStats {
    this.served = {};
    return this.callStats();
  }

  /**
   * Changes the fault plan; opens or closes the port when `down` changes. Reopening fails
   * with 409 if another process took the port meanwhile (the service then stays down).
   */
  async updateFaults(patch: FaultPlanPatch): Promise<InventorySoapStatus> {
    this.plan = { ...this.plan, ...patch };
    try {
      await this.serially(() => (this.plan.down || this.closing ? this.close() : this.open()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      this.plan = { ...this.plan, down: true };
      throw new ConflictException(`port ${this.port} is taken by another process: the inventory service stays down`);
    }
    this.logger.logEvent('info', 'inventory faults changed', {
      event: 'sandbox_faults',
      context: 'InventorySandbox',
      faults: this.plan,
    });
    return this.status();
  }

  /** Back to a healthy service: no faults, port open. */
  resetFaults(): Promise<InventorySoapStatus> {
    return this.updateFaults(NO_FAULTS);
  }

  /** Opening and closing one at a time (an admin call may race the start or the stop). */
  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step);
    this.transition = next.catch(() => undefined);
    return next;
  }

  private async open(): Promise<void> {
    await this.ready;
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => {
      this.logger.error({ message: 'inventory SOAP listener failed', err: error }, undefined, 'InventorySandbox');
    });
    this.server = server;
    // The first open picks the port (0 = any); a reopen after "down" takes the same one.
    this.port = (server.address() as AddressInfo).port;
    this.opened = true;
    this.logger.log(
      `inventory SOAP service at http://${this.clientHost()}:${this.port}${SOAP_PATH} (WSDL: ${SOAP_PATH}?wsdl)`,
      'InventorySandbox',
    );
  }

  private async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = once(server, 'close');
    server.close();
    // Keep-alive sockets too: "down" means nothing answers.
    server.closeAllConnections();
    await closed;
  }

  /** The address a client on this machine uses: 127.0.0.1 for a wildcard listener. */
  private clientHost(): string {
    if (this.host === '0.0.0.0' || this.host === '::') return '127.0.0.1';
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  private async handle(req: MarkedRequest, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const plan = this.plan;
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      if (url.pathname.replace(/\/$/, '') !== SOAP_PATH) {
        return this.send(res, 404, 'text/plain; charset=utf-8', `Not found: the inventory service is at ${SOAP_PATH}`);
      }
      const delay = delayFor(plan);
      if (delay > 0) await sleep(delay);
      if (req.method === 'GET' && url.search.toLowerCase() === '?wsdl') {
        return this.send(res, 200, 'text/xml; charset=utf-8', spoilPayload(this.wsdlFor(req), plan));
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'GET, POST');
        return this.send(
          res,
          405,
          'text/plain; charset=utf-8',
          `GET ${SOAP_PATH}?wsdl for the WSDL, POST for operations`,
        );
      }
      if (failsUnder(plan)) req[INJECTED_FAULT] = true;
      const captured = new CapturedResponse();
      this.dispatcher.emit('request', req, captured);
      await captured.done;
      let body = captured.body;
      if (captured.statusCode >= 500 && !body.trimStart().startsWith('<')) {
        // strong-soap answers a request it cannot read with its stack trace: say it plainly.
        this.logger.logEvent('debug', 'inventory SOAP request not understood', {
          context: 'InventorySandbox',
          detail: body.split('\n')[0],
        });
        body = clientFault(`not a SOAP 1.1 request for an operation of this service: ${body.split('\n')[0]}`);
      }
      const fault = /<(\w+:)?Fault>/.test(body);
      this.send(res, fault ? 500 : 200, 'text/xml; charset=utf-8', spoilPayload(body, plan));
      this.logger.logEvent('debug', `inventory SOAP ${fault ? 'fault' : 'ok'}`, {
        event: 'sandbox_soap',
        context: 'InventorySandbox',
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        injectedFault: req[INJECTED_FAULT] === true,
      });
    } catch (error) {
      this.logger.error({ message: 'inventory SOAP request failed', err: error }, undefined, 'InventorySandbox');
      if (!res.headersSent) this.send(res, 500, 'text/xml; charset=utf-8', serverFault('internal error'));
    }
  }

  private send(res: ServerResponse, status: number, contentType: string, body: string): void {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** The WSDL with soap:address at the host and port this client reached us on. */
  private wsdlFor(req: IncomingMessage): string {
    const given = req.headers.host;
    const host = given !== undefined && PLAIN_HOST.test(given) ? given : `${this.clientHost()}:${this.port}`;
    return this.wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1http://${host}${SOAP_PATH}$2`);
  }

  /** One operation: the fault plan first, then the service; every failure a SOAP fault. */
  private operation(name: string, run: (args: Record<string, unknown> | undefined) => unknown): OperationHandler {
    return (args, callback, _headers, req) => {
      this.served[name] = (this.served[name] ?? 0) + 1;
      try {
        if ((req as MarkedRequest)[INJECTED_FAULT]) {
          throw new InventoryFault('SERVICE_ERROR', 'the inventory service failed (a fault injected by the sandbox)');
        }
        callback(null, run(args));
      } catch (error) {
        if (!(error instanceof InventoryFault)) {
          this.logger.error({ message: 'inventory operation failed', err: error }, undefined, 'InventorySandbox');
        }
        const fault = error instanceof InventoryFault ? error : new InventoryFault('SERVICE_ERROR', 'internal error');
        callback(fault.toSoapFault());
      }
    };
  }
}

/** A SOAP 1.1 fault envelope built by strong-soap's XML builder (no string concatenation). */
function faultEnvelope(side: 'Client' | 'Server', code: string, message: string): string {
  const envelope = soap.XMLHandler.createSOAPEnvelope('soap', 'http://schemas.xmlsoap.org/soap/envelope/');
  const fault = envelope.body.element('soap:Fault');
  fault.element('faultcode', `soap:${side}`);
  fault.element('faultstring', message);
  fault
    .element('detail')
    .element('tns:InventoryFault', { 'xmlns:tns': 'urn:mostrador:inventory:v1' })
    .element('tns:code', code)
    .up()
    .element('tns:message', message);
  return envelope.doc.end();
}

const clientFault = (message: string) => faultEnvelope('Client', 'INVALID_ARGUMENT', message);
const serverFault = (message: string) => faultEnvelope('Server', 'SERVICE_ERROR', message);

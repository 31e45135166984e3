import { argumentsKey, CacheService, cacheKey } from '@mostrador/cache';
import { AppConfig } from '@mostrador/config';
import { AppLogger, type Outcome } from '@mostrador/logging';
import { BreakerOpenError, BreakerRegistry, BreakerTimeoutError, QuotaExceededError } from '@mostrador/rate-limit';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Client } from 'strong-soap';
import type { z } from 'zod';
import {
  type InventoryError,
  InventoryFaultError,
  InventoryMalformedResponseError,
  type InventoryOperation,
  InventoryUnavailableError,
} from './inventory.errors.js';
import type {
  CallOptions,
  Category,
  CheckStockQuery,
  InventoryStatus,
  Product,
  ReleaseReservationResult,
  ReserveStockQuery,
  ReserveStockResult,
  SearchProductsQuery,
  StockCheck,
} from './inventory.types.js';
import {
  checkStockResponse,
  getProductResponse,
  listCategoriesResponse,
  pingResponse,
  releaseReservationResponse,
  reserveStockResponse,
  searchProductsResponse,
} from './inventory-responses.js';
import {
  createSoapClient,
  offersReservations,
  operationOf,
  type SoapOperation,
  UnusableWsdlError,
} from './soap-client.factory.js';
import { redactUrl, SoapTransport, TransportError } from './soap-transport.js';

type InventorySettings = AppConfig['inventory'];

/** What a fault looks like once strong-soap has parsed it (error.root). */
interface ParsedFault {
  faultcode?: unknown;
  faultstring?: unknown;
  detail?: { InventoryFault?: { code?: unknown; message?: unknown } } | string;
}

/**
 * The shop's SOAP inventory, as typed methods returning plain objects.
 *
 * The strong-soap client is made on the first call, not at start, so the api starts while
 * the inventory is down; if loading the WSDL fails, calls fail at once with
 * InventoryUnavailableError for INVENTORY_RETRY_MS, then the next call tries again. Once
 * made, it is kept. Every call goes through `execute`: one time limit, one log line
 * (`logSOAPRequest`), one mapping of failures to InventoryError — and the one place where a
 * cache or a circuit breaker wraps the calls.
 *
 * Reads go through the two-level cache, keyed by operation and normalised arguments:
 * categories for CACHE_TTL_INVENTORY_SECONDS, and whatever carries stock figures (products
 * carry `unitsInStock`) for no longer than CACHE_STOCK_TTL_SECONDS, since a customer acts on
 * them. Only answers are cached, never failures. A reservation drops the SKU's entries.
 *
 * The calls go through the `inventory` circuit breaker (BreakerRegistry). While it is open, a
 * cached answer is still served (the cache is read before the breaker is reached), and
 * anything else fails at once with InventoryUnavailableError (`circuit-open`): the assistant
 * says it cannot check the inventory right now. No stale copy is kept past its TTL for that:
 * a stock figure older than CACHE_STOCK_TTL_SECONDS is not one to sell on.
 */
@Injectable()
export class InventoryClient implements OnModuleDestroy {
  private readonly settings: InventorySettings;
  private readonly transport: SoapTransport;
  private readonly endpointForLogs: string;
  private client?: Client;
  private creating?: Promise<Client>;
  private lastFailure?: { at: number; error: InventoryError };
  private readonly ttls: Record<'inventory' | 'stock', number>;

  constructor(
    config: AppConfig,
    private readonly logger: AppLogger,
    private readonly cache: CacheService,
    private readonly breakers: BreakerRegistry,
  ) {
    this.settings = config.inventory;
    this.transport = new SoapTransport({ maxSockets: this.settings.maxSockets });
    this.transport.onCallbackError = (error) => {
      this.logger.error({ message: 'strong-soap failed inside its callback', err: error }, undefined, 'Inventory');
    };
    this.endpointForLogs = redactUrl(this.settings.endpointUrl ?? this.settings.wsdlUrl);
    this.ttls = {
      inventory: cache.ttlMs('inventory'),
      stock: Math.min(cache.ttlMs('inventory'), cache.ttlMs('stock')),
    };
  }

  /** Products matching the words, best first; `[]` when none match. */
  searchProducts(query: SearchProductsQuery, options?: CallOptions): Promise<Product[]> {
    const args = { query: query.query, category: query.category, maxResults: query.maxResults };
    const key = cacheKey('inventory', 'SearchProducts', argumentsKey({ ...args, query: searchWords(query.query) }));
    return this.cached(key, 'stock', () => this.execute('SearchProducts', args, searchProductsResponse, options));
  }

  /** One product by SKU; null when the inventory has none. */
  getProduct(sku: string, options?: CallOptions): Promise<Product | null> {
    return this.cached(cacheKey('inventory', 'GetProduct', sku.trim()), 'stock', () =>
      this.execute('GetProduct', { sku }, getProductResponse, options, notFoundAsNull),
    );
  }

  /** Units per store (of one size, if given) and whether one store has the quantity; null for an unknown SKU. */
  checkStock(query: CheckStockQuery, options?: CallOptions): Promise<StockCheck | null> {
    const { sku, ...rest } = query;
    const key = cacheKey('inventory', 'CheckStock', sku.trim(), argumentsKey(rest));
    return this.cached(key, 'stock', () =>
      this.execute(
        'CheckStock',
        { sku: query.sku, quantity: query.quantity, store: query.store, size: query.size },
        checkStockResponse,
        options,
        notFoundAsNull,
      ),
    );
  }

  listCategories(options?: CallOptions): Promise<Category[]> {
    return this.cached(cacheKey('inventory', 'ListCategories'), 'inventory', () =>
      this.execute('ListCategories', {}, listCategoriesResponse, options),
    );
  }

  /**
   * Drops cached inventory answers: those about one SKU (its product, its stock, and every
   * search and tool result, which may list it), or all of them. Says how many entries went from
   * each level of this instance (other instances drop theirs from memory too).
   */
  async invalidateInventory(sku?: string): Promise<{ memory: number; redis: number }> {
    const patterns =
      sku === undefined
        ? ['inventory:*']
        : [
            cacheKey('inventory', 'GetProduct', sku.trim()),
            `${cacheKey('inventory', 'CheckStock', sku.trim())}:*`,
            'inventory:SearchProducts:*',
            'inventory:fn:*',
          ];
    const dropped = { memory: 0, redis: 0 };
    for (const pattern of patterns) {
      const { memory, redis } = await this.cache.invalidate(pattern);
      dropped.memory += memory;
      dropped.redis += redis;
    }
    return dropped;
  }

  /** A round trip to the service, with its answer and how long it took. */
  async ping(options?: CallOptions): Promise<InventoryStatus> {
    const started = performance.now();
    const status = await this.execute('Ping', {}, pingResponse, options);
    return { ...status, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /**
   * Whether the shop's service offers stock reservations (its WSDL describes ReserveStock and
   * ReleaseReservation). Loads the WSDL if it is not loaded yet: throws InventoryUnavailableError
   * (or InventoryMalformedResponseError) when it cannot be.
   */
  async supportsReservations(): Promise<boolean> {
    return offersReservations(await this.soapClient());
  }

  /**
   * Holds units of one size of a SKU in one store for an order. A store without enough units
   * free answers `insufficient-stock`; a service without reservations `unsupported` (no call
   * is made). Other failures throw, as every call does (InventoryError).
   */
  async reserveStock(query: ReserveStockQuery, options?: CallOptions): Promise<ReserveStockResult> {
    if (!(await this.supportsReservations())) return { status: 'unsupported' };
    const result = await this.execute(
      'ReserveStock',
      { sku: query.sku, size: query.size, quantity: query.quantity, store: query.store, ttlSeconds: query.ttlSeconds },
      reserveStockResponse.transform((reservation): ReserveStockResult => ({ status: 'reserved', reservation })),
      options,
      (fault) =>
        fault.code === 'INSUFFICIENT_STOCK'
          ? { status: 'insufficient-stock' as const, message: fault.message.replace(/^inventory ReserveStock: /, '') }
          : undefined,
    );
    // Units held are units no longer free: the next stock answer comes from the service.
    if (result.status === 'reserved') await this.invalidateInventory(query.sku);
    return result;
  }

  /** Ends a hold (an order cancelled): its units are free again. */
  async releaseReservation(reservationId: string, options?: CallOptions): Promise<ReleaseReservationResult> {
    if (!(await this.supportsReservations())) return 'unsupported';
    const released = await this.execute('ReleaseReservation', { reservationId }, releaseReservationResponse, options);
    // The hold's SKU is not known here, and a release is rare: every cached stock figure goes.
    if (released) await this.invalidateInventory();
    return released ? 'released' : 'not-held';
  }

  onModuleDestroy(): void {
    this.transport.destroy();
  }

  /** A read through the cache, for its preset's time (stock: capped by CACHE_STOCK_TTL_SECONDS). */
  private cached<T>(key: string, ttl: 'inventory' | 'stock', call: () => Promise<T>): Promise<T> {
    return this.cache.wrap(key, call, this.ttls[ttl]);
  }

  /**
   * The seam every call passes through. `onFault` may turn an expected fault into an answer
   * (a missing SKU into null).
   *
   * The SOAP call and the reading of its answer go through the `inventory` circuit breaker,
   * which owns the time limit: it aborts the call's signal, so the request really stops. Faults
   * the service raises about the question (SOAP Client faults: PRODUCT_NOT_FOUND,
   * INSUFFICIENT_STOCK, INVALID_ARGUMENT, …) are answers and do not count toward opening it;
   * Server faults, time limits, refused connections and malformed answers do. While it is
   * open, calls fail at once with InventoryUnavailableError (`circuit-open`). Loading the WSDL
   * stays outside: it is shared by every call, kept once loaded, and a failed load already
   * fails calls at once for INVENTORY_RETRY_MS.
   */
  private async execute<S extends z.ZodType, F = never>(
    operation: SoapOperation,
    args: Record<string, unknown>,
    schema: S,
    options: CallOptions | undefined,
    onFault?: (fault: InventoryFaultError) => F | undefined,
  ): Promise<z.output<S> | F> {
    const started = performance.now();
    let outcome: Outcome = 'ok';
    let failure: InventoryError | undefined;
    try {
      const call = operationOf(await this.soapClient(), operation);
      return await this.breakers.run(
        'inventory',
        async (signal) => {
          try {
            const { result } = await call(withoutUndefined(args), { signal });
            return parseAnswer(operation, schema, result);
          } catch (error) {
            throw toInventoryError(operation, error);
          }
        },
        {
          timeoutMs: options?.timeoutMs ?? this.settings.timeoutMs,
          signal: options?.signal,
          countsAsFailure: (error) => !(error instanceof InventoryFaultError && error.side === 'Client'),
        },
      );
    } catch (error) {
      failure = toInventoryError(operation, error);
      const answer = failure instanceof InventoryFaultError ? onFault?.(failure) : undefined;
      if (answer !== undefined) {
        failure = undefined;
        return answer;
      }
      outcome = outcomeOf(failure);
      throw failure;
    } finally {
      this.logger.logSOAPRequest({
        operation,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        outcome,
        endpoint: this.endpointForLogs,
        ...(failure ? { error: `${failure.name}: ${failure.message}` } : {}),
      });
    }
  }

  /** The strong-soap client: made once, lazily; failures remembered for INVENTORY_RETRY_MS. */
  private async soapClient(): Promise<Client> {
    if (this.client) return this.client;
    if (this.creating) return this.creating;
    const last = this.lastFailure;
    if (last && performance.now() - last.at < this.settings.retryMs) throw last.error;

    const started = performance.now();
    this.creating = createSoapClient({
      wsdlUrl: this.settings.wsdlUrl,
      endpointUrl: this.settings.endpointUrl,
      timeoutMs: this.settings.timeoutMs,
      transport: this.transport,
    });
    try {
      this.client = await this.creating;
      this.lastFailure = undefined;
      this.logger.logEvent('info', 'inventory WSDL loaded', {
        event: 'inventory_client',
        context: 'Inventory',
        wsdl: redactUrl(this.settings.wsdlUrl),
        endpoint: this.endpointForLogs,
        durationMs: Math.round(performance.now() - started),
      });
      return this.client;
    } catch (error) {
      const failure = toInventoryError('WSDL', error);
      this.lastFailure = { at: performance.now(), error: failure };
      this.logger.logSOAPRequest({
        operation: 'WSDL',
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        outcome: outcomeOf(failure),
        endpoint: redactUrl(this.settings.wsdlUrl),
        error: `${failure.name}: ${failure.message} (next try in ${this.settings.retryMs} ms or later)`,
      });
      throw failure;
    } finally {
      this.creating = undefined;
    }
  }
}

/**
 * Search words as one cache entry serves them: case and spacing do not matter to the service
 * (accents do not either, but "año" and "ano" are not one word to every shop's search).
 */
function searchWords(query: string): string {
  return query.toLowerCase().trim().replace(/\s+/g, ' ');
}

function notFoundAsNull(fault: InventoryFaultError): null | undefined {
  return fault.code === 'PRODUCT_NOT_FOUND' ? null : undefined;
}

/** Optional arguments left out of the envelope rather than sent empty. */
function withoutUndefined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

/** The answer as the WSDL promises it, or InventoryMalformedResponseError. */
function parseAnswer<S extends z.ZodType>(operation: SoapOperation, schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InventoryMalformedResponseError(
    operation,
    `the ${operation} answer does not match the WSDL: ${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(answer)'} ${i.message}`)
      .join('; ')}`,
  );
}

function outcomeOf(error: InventoryError): Outcome {
  if (error instanceof InventoryUnavailableError && error.reason === 'timeout') return 'timeout';
  if (error instanceof InventoryUnavailableError && (error.reason === 'circuit-open' || error.reason === 'quota')) {
    return 'rejected';
  }
  if (error instanceof InventoryFaultError) return 'fault';
  return 'error';
}

/** Any failure of a call (or of loading the WSDL) as one of the typed InventoryErrors. */
export function toInventoryError(operation: InventoryOperation, error: unknown): InventoryError {
  if (
    error instanceof InventoryUnavailableError ||
    error instanceof InventoryFaultError ||
    error instanceof InventoryMalformedResponseError
  ) {
    return error;
  }
  const phase = operation === 'WSDL' ? 'loading the inventory WSDL' : `inventory ${operation}`;
  if (error instanceof BreakerOpenError) {
    return new InventoryUnavailableError(operation, 'circuit-open', `${phase}: ${error.message}`, { cause: error });
  }
  if (error instanceof QuotaExceededError) {
    return new InventoryUnavailableError(operation, 'quota', `${phase}: ${error.message}`, { cause: error });
  }
  if (error instanceof BreakerTimeoutError) {
    return new InventoryUnavailableError(operation, 'timeout', `${phase}: no answer within ${error.timeoutMs} ms`, {
      cause: error,
    });
  }
  if (error instanceof TransportError) {
    if (error.kind === 'malformed') {
      return new InventoryMalformedResponseError(operation, `${phase}: ${error.message}`, { cause: error });
    }
    return new InventoryUnavailableError(operation, error.kind, `${phase}: ${error.message}`, {
      cause: error,
      status: error.status,
    });
  }
  const fault = (error as { root?: { Envelope?: { Body?: { Fault?: ParsedFault } } } } | null)?.root?.Envelope?.Body
    ?.Fault;
  if (fault) {
    const detail = typeof fault.detail === 'object' ? fault.detail.InventoryFault : undefined;
    const faultcode = typeof fault.faultcode === 'string' ? fault.faultcode : '';
    const side = /(^|:)(Client|Sender)$/.test(faultcode) ? 'Client' : 'Server';
    const code = typeof detail?.code === 'string' ? detail.code : faultcode.replace(/^.*:/, '') || 'FAULT';
    const message =
      typeof detail?.message === 'string'
        ? detail.message
        : typeof fault.faultstring === 'string'
          ? fault.faultstring
          : 'SOAP fault';
    return new InventoryFaultError(operation, side, code, `${phase}: ${message}`);
  }
  if (error instanceof UnusableWsdlError) {
    return new InventoryMalformedResponseError(operation, `${phase}: ${error.message}`, { cause: error });
  }
  // What is left is strong-soap failing to read the document (sax errors, an unexpected root).
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new InventoryMalformedResponseError(operation, `${phase}: not a usable SOAP document (${message})`, {
    cause: error,
  });
}

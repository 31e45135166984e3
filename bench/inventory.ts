/**
 * SearchProducts through InventoryClient (strong-soap building and parsing the XML, our
 * keep-alive transport, typed results, a log line per call) beside a bare HTTP POST of the
 * same SOAP envelope to the same service in the same run (no XML work on our side). The
 * CPU column is this process's CPU per sequential call: the client's own cost, which
 * decides calls/s once the service has cores of its own.
 *
 *   npm run bench:inventory
 *
 * The sandbox runs as its own process (from source), as the shop's service would: its
 * work is in both columns, ours only in the first. Sequential calls give p50/p99;
 * CONCURRENCY calls in flight give calls/s. Goal: calls/s ratio ≥ 0.7, p50 ≤ 1.5 ms.
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { reportFigures } from './support/report-figures.js';
import { startSandboxProcess } from './support/sandbox-process.js';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';

const QUERY = { query: 'tenis negros', maxResults: 5 };
const SEQUENTIAL_CALLS = 2000;
const CONCURRENCY = 8;
const THROUGHPUT_MS = 3000;
const WARMUP_CALLS = 300;
const ROUNDS = 2;

/** The exact envelope InventoryClient sends, recorded by a pass-through in front of the service. */
async function recordEnvelope(wsdlUrl: string): Promise<{ envelope: string; headers: Record<string, string> }> {
  const endpoint = wsdlUrl.replace(/\?wsdl$/, '');
  let recorded: { envelope: string; headers: Record<string, string> } | undefined;
  const recorder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const envelope = Buffer.concat(chunks).toString('utf8');
      recorded = {
        envelope,
        headers: { 'Content-Type': String(req.headers['content-type']), SOAPAction: String(req.headers.soapaction) },
      };
      void fetch(endpoint, { method: 'POST', headers: recorded.headers, body: envelope }).then(async (answer) => {
        res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/xml' });
        res.end(await answer.text());
      });
    });
  });
  recorder.listen(0, '127.0.0.1');
  await once(recorder, 'listening');
  const port = (recorder.address() as AddressInfo).port;
  const client = inventoryClient(wsdlUrl, `http://127.0.0.1:${port}/inventory`);
  await client.searchProducts(QUERY);
  client.onModuleDestroy();
  recorder.close();
  if (!recorded) throw new Error('no envelope recorded');
  return recorded;
}

function inventoryClient(wsdlUrl: string, endpointUrl?: string): InventoryClient {
  const settings = testSettings({
    LOG_LEVEL: 'info',
    // The SOAP call itself is measured: every call reaches the service (bench:cache measures the cache).
    CACHE_ENABLED: 'false',
    INVENTORY_WSDL_URL: wsdlUrl,
    ...(endpointUrl ? { INVENTORY_ENDPOINT_URL: endpointUrl } : {}),
  });
  // A real logger: logSOAPRequest runs on every call, as in production (debug lines filtered at info).
  const { logger } = captureLogger(settings);
  return new InventoryClient(
    settings,
    logger,
    standaloneCache(settings, logger),
    new BreakerRegistry(settings, logger),
  );
}

function barePost(endpoint: string, envelope: string, headers: Record<string, string>) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const body = Buffer.from(envelope, 'utf8');
  const call = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        endpoint,
        { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode !== 200 || !Buffer.concat(chunks).includes('SearchProductsResponse')) {
              reject(new Error(`bare POST answered ${res.statusCode}`));
            } else resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  /** CPU this process spent per sequential call (the sandbox's own work is not in it). */
  cpuMs: number;
}

async function measure(call: () => Promise<unknown>): Promise<Figures> {
  const times: number[] = [];
  const deadline = performance.now() + 10_000;
  const cpu = process.cpuUsage();
  for (let i = 0; i < SEQUENTIAL_CALLS && performance.now() < deadline; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / times.length;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

  let done = 0;
  const started = performance.now();
  const end = started + THROUGHPUT_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call();
        done += 1;
      }
    }),
  );
  return { p50: at(0.5), p99: at(0.99), perSecond: done / ((performance.now() - started) / 1000), cpuMs };
}

const best = (runs: Figures[]): Figures => ({
  p50: Math.min(...runs.map((r) => r.p50)),
  p99: Math.min(...runs.map((r) => r.p99)),
  perSecond: Math.max(...runs.map((r) => r.perSecond)),
  cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
});

const { child, wsdlUrl } = await startSandboxProcess();
try {
  const { envelope, headers } = await recordEnvelope(wsdlUrl);
  const bare = barePost(wsdlUrl.replace(/\?wsdl$/, ''), envelope, headers);
  const client = inventoryClient(wsdlUrl);
  const viaClient = () => client.searchProducts(QUERY);
  const found = await viaClient();
  if (found.length === 0) throw new Error('the query finds nothing: the bench would measure an empty answer');
  for (let i = 0; i < WARMUP_CALLS; i++) {
    await bare.call();
    await viaClient();
  }
  const bareRuns: Figures[] = [];
  const clientRuns: Figures[] = [];
  // Alternated rounds, best of each: the machine's noise hits both columns alike.
  for (let round = 0; round < ROUNDS; round++) {
    bareRuns.push(await measure(bare.call));
    clientRuns.push(await measure(viaClient));
  }
  const b = best(bareRuns);
  const c = best(clientRuns);
  const ratio = c.perSecond / b.perSecond;
  const row = (name: string, f: Figures) =>
    `| ${name.padEnd(30)} | ${f.perSecond.toFixed(0).padStart(8)} | ${f.p50.toFixed(3).padStart(8)} | ${f.p99.toFixed(3).padStart(8)} | ${f.cpuMs.toFixed(3).padStart(8)} |`;
  process.stdout.write(
    [
      '',
      `SearchProducts ${JSON.stringify(QUERY)} → ${found.length} products, ${Buffer.byteLength(envelope)} B request`,
      `sequential: up to ${SEQUENTIAL_CALLS} calls; throughput: ${CONCURRENCY} in flight for ${THROUGHPUT_MS} ms; best of ${ROUNDS} alternated rounds`,
      '',
      `| ${'path'.padEnd(30)} | calls/s  | p50 ms   | p99 ms   | CPU ms   |`,
      `| ${'-'.repeat(30)} | -------- | -------- | -------- | -------- |`,
      row('bare HTTP POST (baseline)', b),
      row('InventoryClient (strong-soap)', c),
      '',
      `inventory: ${c.perSecond.toFixed(0)} calls/s = ${ratio.toFixed(2)} × bare POST (goal ≥ 0.7) ${ratio >= 0.7 ? 'OK' : 'BELOW GOAL'}; ` +
        `p50 ${c.p50.toFixed(2)} ms (goal ≤ 1.5) ${c.p50 <= 1.5 ? 'OK' : 'ABOVE GOAL'}; p99 ${c.p99.toFixed(2)} ms; ` +
        `our CPU ${c.cpuMs.toFixed(2)} ms a call (bare POST ${b.cpuMs.toFixed(2)})`,
      '',
    ].join('\n'),
  );
  reportFigures('inventory', [
    {
      figure: `SearchProducts through InventoryClient, ${CONCURRENCY} in flight`,
      value: c.perSecond,
      unit: 'calls/s',
      baseline: b.perSecond,
      baselineName: 'bare HTTP POST of the same envelope',
      goal: '≥ 0.7× the bare POST',
      pass: ratio >= 0.7,
    },
    {
      figure: 'SearchProducts through InventoryClient, p50',
      value: c.p50,
      unit: 'ms',
      baseline: b.p50,
      baselineName: 'bare HTTP POST of the same envelope',
      goal: '≤ 1.5 ms',
      pass: c.p50 <= 1.5,
    },
    {
      figure: "this process's CPU per call",
      value: c.cpuMs,
      unit: 'ms',
      baseline: b.cpuMs,
      baselineName: 'bare HTTP POST of the same envelope',
    },
  ]);
  client.onModuleDestroy();
  bare.close();
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

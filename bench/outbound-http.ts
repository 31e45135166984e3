/**
 * `npm run bench:outbound-http` — what one outbound call costs in CPU: a Graph API send as the
 * WhatsApp client makes it, through the shared HttpClient (Node's http, keep-alive), beside the
 * same call through `fetch` (what the client used before), both against a local server that
 * answers like the Graph API. CPU is this process's (client and server together: the server's
 * share is the same for both), per call, after a warm-up; rounds alternate the order.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '@mostrador/http';
import { reportFigures } from './support/report-figures.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 300;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end('{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.X"}]}');
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0/123/messages`;
const body = JSON.stringify({
  messaging_product: 'whatsapp',
  to: '5215500000000',
  type: 'text',
  text: { body: 'hola' },
});
const headers = { authorization: 'Bearer x', 'content-type': 'application/json' };
const client = new HttpClient({ maxSockets: 16 });

const calls = {
  HttpClient: async () =>
    JSON.parse((await client.request({ url, method: 'POST', headers, body, timeoutMs: 5000 })).text) as unknown,
  fetch: async () =>
    (await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) })).json() as unknown,
};

/** CPU µs per call of this process over CALLS calls one after another. */
async function cpuPerCall(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await call();
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS;
}

const samples: Record<keyof typeof calls, number[]> = { HttpClient: [], fetch: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order: (keyof typeof calls)[] = round % 2 === 0 ? ['HttpClient', 'fetch'] : ['fetch', 'HttpClient'];
  for (const name of order) samples[name].push(await cpuPerCall(calls[name]));
}
client.destroy();
server.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mine = median(samples.HttpClient);
const baseline = median(samples.fetch);
process.stdout.write(
  `\noutbound HTTP: CPU µs per Graph API send (client and local server), median of ${ROUNDS} rounds × ${CALLS} calls\n` +
    `  HttpClient (node:http, keep-alive)  ${mine.toFixed(0).padStart(6)}   rounds: ${samples.HttpClient.map((v) => v.toFixed(0)).join(', ')}\n` +
    `  fetch                               ${baseline.toFixed(0).padStart(6)}   rounds: ${samples.fetch.map((v) => v.toFixed(0)).join(', ')}\n` +
    `  HttpClient / fetch: ${(mine / baseline).toFixed(2)}×\n`,
);
reportFigures('outbound-http', [
  {
    figure: 'CPU per Graph API send through HttpClient (client + local server)',
    value: Math.round(mine),
    unit: 'µs',
    baseline: Math.round(baseline),
    baselineName: 'the same send through fetch',
  },
]);

/**
 * `npm run bench:failover` — how long a customer waits when the instance answering them dies
 * mid-turn. Two api processes share one Postgres (TEST_DATABASE_URL); the sandbox plays Meta
 * and the inventory. A customer writes (to instance A); once A's turn has begun (its read
 * receipt went out) and while it waits on a slow inventory, A is killed (SIGKILL). Instance B
 * takes the turn over after A's lease lapses (TURN_LEASE_SECONDS, renewed by A's heartbeat)
 * and its sweeper's next round (SWEEPER_INTERVAL_MS), both at their defaults unless set.
 * Prints, for ROUNDS rounds (default 5), the seconds from the kill to the reply, beside the
 * same customer flow without a kill, measured in the same run. Goal: about 15 s.
 */
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { type AppProcess, startAppProcess } from '../test/support/app-process.js';
import { TEST_DATABASE_URL } from '../test/support/database.js';
import { databaseFor, freePort, STACK_SECRETS, until } from '../test/support/stack.js';
import { customerPhone } from '../test/whatsapp/meta-webhooks.js';
import { reportFigures } from './support/report-figures.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface OutboxEvent {
  kind: 'message' | 'read';
}

async function main(): Promise<void> {
  if (!TEST_DATABASE_URL) {
    process.stderr.write('bench:failover needs TEST_DATABASE_URL: two instances cannot share PGlite\n');
    process.exit(1);
  }
  buildIfStale();
  const database = await databaseFor('postgres');
  const portA = await freePort();
  const sandbox = await startAppProcess('sandbox', {
    ...STACK_SECRETS,
    SANDBOX_PORT: '0',
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${portA}/webhooks/whatsapp`,
    SANDBOX_STATUS_DELAY_MS: '10',
  });
  const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
  const env = (port: number) => ({
    ...STACK_SECRETS,
    ...database.env,
    PORT: String(port),
    WHATSAPP_API_BASE_URL: sandbox.url,
    INVENTORY_WSDL_URL: wsdlUrl,
    TURN_COALESCE_MS: '0',
    TURN_MAX_WAIT_MS: '0',
    // Every round asks the same question: from the cache, the turn to be killed would answer at once.
    CACHE_ENABLED: 'false',
    ...(process.env.TURN_LEASE_SECONDS && { TURN_LEASE_SECONDS: process.env.TURN_LEASE_SECONDS }),
    ...(process.env.SWEEPER_INTERVAL_MS && { SWEEPER_INTERVAL_MS: process.env.SWEEPER_INTERVAL_MS }),
  });
  const outbox = async (phone: string) =>
    (await (await fetch(`${sandbox.url}/sandbox/graph-api/messages?to=${phone}`)).json()) as OutboxEvent[];
  const inventoryLatency = async (latencyMs: number) => {
    const response = await fetch(
      `${sandbox.url}/sandbox/inventory/faults`,
      latencyMs > 0
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) }
        : { method: 'DELETE' },
    );
    if (!response.ok) throw new Error(`inventory faults: ${response.status}`);
  };
  const write = async (phone: string) => {
    const response = await fetch(`${sandbox.url}/sandbox/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, name: 'Rosa', message: { type: 'text', body: '¿tienen tenis negros talla 27?' } }),
    });
    if (response.status !== 200) throw new Error(`chat send: ${response.status}`);
  };
  const replied = (phone: string) =>
    until(
      async () => ((await outbox(phone)).some((e) => e.kind === 'message') ? true : undefined),
      'the reply',
      120_000,
    );

  let a: AppProcess = await startAppProcess('api', env(portA));
  const b = await startAppProcess('api', env(await freePort()));
  const normal: number[] = [];
  const failover: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Without a kill: write → reply, through A.
      const calm = customerPhone();
      let started = performance.now();
      await write(calm);
      await replied(calm);
      normal.push((performance.now() - started) / 1000);

      // With a kill: A dies while its turn waits on the inventory.
      const phone = customerPhone();
      // Slower than the inventory's time limit would let the turn answer "cannot check" first:
      // just under it, the turn is still waiting when A dies.
      await inventoryLatency(2500);
      await write(phone);
      await until(async () => ((await outbox(phone)).some((e) => e.kind === 'read') ? true : undefined), 'the turn');
      a.child.kill('SIGKILL');
      if ((await outbox(phone)).some((e) => e.kind === 'message')) throw new Error('A answered before it was killed');
      await a.exited;
      started = performance.now();
      await inventoryLatency(0);
      await replied(phone);
      failover.push((performance.now() - started) / 1000);
      process.stdout.write(`round ${round + 1}: kill → reply ${failover.at(-1)!.toFixed(1)} s\n`);
      a = await startAppProcess('api', env(portA));
    }
  } finally {
    await a.stop();
    await b.stop();
    await sandbox.stop();
    await database.dispose();
  }
  const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
  const row = (name: string, values: number[]) => {
    const s = sorted(values);
    return `| ${name.padEnd(30)} | ${s[0].toFixed(1).padStart(5)} | ${s[Math.floor(s.length / 2)].toFixed(1).padStart(6)} | ${s.at(-1)!.toFixed(1).padStart(5)} |`;
  };
  process.stdout.write(
    [
      '',
      `| ${'seconds'.padEnd(30)} |   min | median |   max |`,
      '|--------------------------------|-------|--------|-------|',
      row('write → reply (no kill)', normal),
      row('kill mid-turn → reply', failover),
      '',
      `failover: median ${sorted(failover)[Math.floor(failover.length / 2)].toFixed(1)} s, max ${sorted(failover).at(-1)!.toFixed(1)} s (goal about 15 s)`,
      '',
    ].join('\n'),
  );
  const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)];
  reportFigures('failover', [
    {
      figure: 'kill mid-turn → reply, median',
      value: median(failover),
      unit: 's',
      baseline: median(normal),
      baselineName: 'write → reply without a kill',
      // The lease (TURN_LEASE_SECONDS, 10 s) lapsing plus the survivor's next sweep (SWEEPER_INTERVAL_MS, 5 s).
      goal: 'about 15 s (median ≤ 15 s)',
      pass: median(failover) <= 15,
    },
    {
      figure: 'kill mid-turn → reply, max',
      value: sorted(failover).at(-1)!,
      unit: 's',
      baseline: sorted(normal).at(-1)!,
      baselineName: 'write → reply without a kill',
    },
  ]);
}

await main();

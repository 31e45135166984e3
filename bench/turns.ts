/**
 * `npm run bench:turns` — what a turn costs, and how much load a deployment holds. The sandbox
 * (SOAP inventory, Graph API stand-in) and the api run as their own processes, on loopback, on
 * each backend available: PGlite (the embedded default), Postgres (TEST_DATABASE_URL), and
 * Postgres + Redis with turns on BullMQ (TEST_REDIS_URL as well). For each:
 *
 * 1. **Cost** (closed loop, quiet window 0): CONVERSATIONS customers (default 100) write
 *    MESSAGES messages (default 5) each, the next after the reply, after a warm-up of the same
 *    shape (BENCH_WARMUP_MESSAGES each, default 3: V8's compilers settle on the hot paths over the
 *    first few hundred turns; its CPU per turn is printed too). Prints turns/s, the p50/p95/p99
 *    of the turn's own time and of webhook accepted → turn done, beside a baseline measured in the
 *    same run (the I/O a turn cannot avoid: one SearchProducts and one Graph API send, back to
 *    back), and **CPU per turn** of each process (its CPU time over the phase ÷ turns; on PGlite
 *    the database runs inside the api, so its work is the api's).
 * 2. **Load** (open loop, quiet window QUIET_MS 1000): messages arrive at fixed rates (RATES,
 *    default 10,20,40,60,80 per second, SECONDS each, default 15) from many customers who write
 *    again only after the reply and a think time; prints the reply latency beyond the quiet window
 *    (p50/p95/p99) per rate and the highest rate whose p95 stays ≤ 300 ms, with the api's CPU per
 *    reply and its RSS at each rate (its peak over the run, VmHWM, at the end).
 *
 * `BENCH_BACKENDS=pglite,postgres,redis` picks backends; `BENCH_CPU_PROF=dir` writes the api's
 * CPU profile (`--cpu-prof`) there. `npm run bench:turns -- compare <build>` weighs a change
 * instead: the closed loop against this checkout's api and another build's (`cp -r dist
 * .bench-before` before it), rounds alternated (BENCH_ROUNDS, default 6), on Postgres.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { WhatsAppClient } from '@mostrador/whatsapp';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { type AppProcess, startAppProcess } from '../test/support/app-process.js';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';
import { TEST_DATABASE_URL } from '../test/support/database.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../test/support/redis.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase } from '../test/support/stack.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../test/whatsapp/meta-webhooks.js';
import { openLoop, type OpenLoopResult } from './support/open-loop.js';
import { processCpuMs } from './support/process-cpu.js';
import { residentMb } from './support/process-memory.js';
import { type BenchFigure, reportFigures } from './support/report-figures.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5);
/** Messages per customer in the closed loop's warm-up (the same customers' count). */
const WARMUP_MESSAGES = Number(process.env.BENCH_WARMUP_MESSAGES ?? 3);
const RATES = (process.env.BENCH_RATES ?? '10,20,40,60,80').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const QUIET_MS = Number(process.env.BENCH_QUIET_MS ?? 1000);
const TARGET_P95_MS = 300;
/** Rounds per build in `compare`. */
const COMPARE_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const BASELINE_CALLS = 300;
const TEXTS = ['hola', '¿tienen tenis negros talla 27?', 'busco playeras azules', '¿a qué hora abren?', 'gracias'];

type Backend = 'pglite' | 'postgres' | 'redis';

/** Each backend's headline figures, for the result line at the end. */
const figures: BenchFigure[] = [];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => value.toFixed(1).padStart(8);

/** Seeded, so two runs face the same arrivals. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function backends(): Backend[] {
  const asked = (process.env.BENCH_BACKENDS ?? 'pglite,postgres,redis').split(',') as Backend[];
  return asked.filter((backend) => {
    const missing =
      backend === 'postgres'
        ? !TEST_DATABASE_URL && 'TEST_DATABASE_URL'
        : backend === 'redis' && (!TEST_DATABASE_URL || !TEST_REDIS_URL) && 'TEST_DATABASE_URL and TEST_REDIS_URL';
    if (missing) process.stdout.write(`\n  SKIPPED backend ${backend}: set ${missing} to measure it\n`);
    return !missing;
  });
}

interface Deployment {
  sandbox: AppProcess;
  api: AppProcess;
  apiUrl: string;
  close(): Promise<void>;
}

async function deploy(backend: Backend, quietMs: number, build?: string): Promise<Deployment> {
  const database: TestDatabase = await databaseFor(backend === 'pglite' ? 'pglite' : 'postgres');
  const prefix = uniquePrefix('bench-turns');
  const apiPort = await freePort();
  const sandbox = await startAppProcess('sandbox', {
    ...STACK_SECRETS,
    SANDBOX_PORT: '0',
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/whatsapp`,
  });
  const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
  const profile = process.env.BENCH_CPU_PROF;
  const api = await startAppProcess(
    'api',
    {
      ...STACK_SECRETS,
      ...database.env,
      ...(backend === 'redis' && { REDIS_URL: TEST_REDIS_URL!, CACHE_KEY_PREFIX: prefix }),
      PORT: String(apiPort),
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
      TURN_COALESCE_MS: String(quietMs),
      TURN_MAX_WAIT_MS: String(quietMs),
      // Every customer writes from 127.0.0.1: the per-address limit would measure itself.
      RATE_LIMIT_IP: '1000000',
      LOG_LEVEL: 'info',
    },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    build,
  );
  return {
    sandbox,
    api,
    apiUrl: api.url,
    async close() {
      await api.stop();
      await sandbox.stop();
      await database.dispose();
      if (backend === 'redis') await deleteKeys(TEST_REDIS_URL!, prefix);
    },
  };
}

/** The unavoidable I/O of one turn, through the same clients, one call after another. */
async function baselineMs(sandboxUrl: string): Promise<number[]> {
  const { wsdlUrl } = (await (await fetch(`${sandboxUrl}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
  const settings = testSettings({ ...STACK_SECRETS, WHATSAPP_API_BASE_URL: sandboxUrl, INVENTORY_WSDL_URL: wsdlUrl });
  const logger = captureLogger(settings).logger;
  const inventory = new InventoryClient(
    settings,
    logger,
    standaloneCache(settings, logger),
    new BreakerRegistry(settings, logger),
  );
  const whatsapp = new WhatsAppClient(settings.whatsapp, logger);
  const samples: number[] = [];
  for (let i = 0; i < BASELINE_CALLS + 20; i++) {
    const started = performance.now();
    // A different query each time: the client's cache would otherwise answer from memory.
    await inventory.searchProducts({ query: `tenis ${i}`, maxResults: 10 });
    await whatsapp.sendText({ to: '5215500000000', text: 'baseline', lastInboundAt: new Date() });
    if (i >= 20) samples.push(performance.now() - started);
  }
  inventory.onModuleDestroy();
  return samples;
}

/**
 * One customer's closed loop: `count` messages, each written once the previous one's turn is
 * done (the api's turn line names it).
 */
async function converseWith(
  deployment: Deployment,
  phone: string,
  count: number,
  onAccepted: (wamid: string, text: string) => void,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const text = TEXTS[i % TEXTS.length];
    const message = messageFrom({ phone }, 'text', { text: { body: text } });
    const { body, signature } = signedBody(
      messagesWebhook({ phone, name: 'Bench' }, [message]),
      STACK_SECRETS.WHATSAPP_APP_SECRET,
    );
    const response = await fetch(`${deployment.apiUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    onAccepted(message.id as string, text);
    await deployment.api.waitForLine(
      (l) =>
        l.event === 'turn' &&
        Array.isArray(l.waMessageIds) &&
        (l.waMessageIds as string[]).includes(message.id as string),
      120_000,
    );
  }
}

/** Part 1: closed loop, quiet window 0 — the cost of a turn. */
async function cost(backend: Backend): Promise<string[]> {
  const deployment = await deploy(backend, 0);
  const { api, sandbox } = deployment;
  try {
    const baseline = await baselineMs(sandbox.url);
    // Warm-up, the measured load once over: V8 compiles the hot paths (Maglev, then TurboFan)
    // over the first few hundred turns, on the same cores, and that one-time cost is not what
    // each turn of a running api costs. Its CPU per turn is printed beside the measured one.
    const warmupCpu = processCpuMs(api.child.pid!);
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, () => customerPhone()).map((phone) =>
        converseWith(deployment, phone, WARMUP_MESSAGES, () => undefined),
      ),
    );
    const warmupCpuPerTurn = (processCpuMs(api.child.pid!) - warmupCpu) / (CONVERSATIONS * WARMUP_MESSAGES);

    const accepted = new Map<string, number>();
    const textOf = new Map<string, string>();
    const cpuBefore = { api: processCpuMs(api.child.pid!), sandbox: processCpuMs(sandbox.child.pid!) };
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, () => customerPhone()).map((phone) =>
        converseWith(deployment, phone, MESSAGES, (wamid, text) => {
          accepted.set(wamid, Date.now());
          textOf.set(wamid, text);
        }),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;
    // The last turns' sends and the statuses the sandbox posts back belong to these turns too.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cpu = {
      api: processCpuMs(api.child.pid!) - cpuBefore.api,
      sandbox: processCpuMs(sandbox.child.pid!) - cpuBefore.sandbox,
    };

    const turns = api
      .lines()
      .filter(
        (l) =>
          l.event === 'turn' &&
          String(l.outcome).startsWith('answered') &&
          (l.waMessageIds as string[]).some((id) => accepted.has(id)),
      );
    const own = turns.map((t) => Number(t.durationMs));
    const engine = turns.map((t) => Number(t.engineMs));
    const endToEnd = turns.flatMap((t) =>
      (t.waMessageIds as string[])
        .filter((id) => accepted.has(id))
        .map((id) => Date.parse(String(t.timestamp)) - accepted.get(id)!),
    );
    const row = (name: string, values: number[]) =>
      `${name.padEnd(44)}${ms(percentile(values, 50))}${ms(percentile(values, 95))}${ms(percentile(values, 99))}`;
    const apiCpu = cpu.api / turns.length;
    figures.push(
      {
        figure: `${backend}: api CPU per turn`,
        value: apiCpu,
        unit: 'ms',
        // The sandbox's code is the same whatever the api's: its figure follows the machine's speed.
        baseline: cpu.sandbox / turns.length,
        baselineName: "the sandbox's CPU per turn, same turns",
        goal: '≤ 6 ms',
        pass: apiCpu <= 6,
      },
      {
        figure: `${backend}: turn's own time (claim → answered), p50`,
        value: percentile(own, 50),
        unit: 'ms',
        baseline: percentile(baseline, 50),
        baselineName: 'SearchProducts + Graph API send',
      },
    );
    return [
      '',
      `cost, ${backend}: ${CONVERSATIONS} conversations × ${MESSAGES} messages, quiet window 0, each customer waiting for the reply`,
      `${''.padEnd(44)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
      row('baseline: SearchProducts + Graph API send', baseline),
      row('assistant (intent + inventory + reply)', engine),
      row("turn's own time (claim → answered)", own),
      row('webhook accepted → turn done', endToEnd),
      ...TEXTS.map((text) =>
        row(
          `  turn time for "${text}"`,
          turns
            .filter((t) => (t.waMessageIds as string[]).some((id) => textOf.get(id) === text))
            .map((t) => Number(t.durationMs)),
        ),
      ),
      `${turns.length} turns in ${elapsedS.toFixed(1)} s: ${(turns.length / elapsedS).toFixed(0)} turns/s; ` +
        `CPU per turn: api ${apiCpu.toFixed(2)} ms (goal ≤ 6${backend === 'pglite' ? ', the database included' : ''}), ` +
        `sandbox ${(cpu.sandbox / turns.length).toFixed(2)} ms (api in the warm-up's ${CONVERSATIONS * WARMUP_MESSAGES} turns: ${warmupCpuPerTurn.toFixed(2)} ms); turn p50 ${(percentile(own, 50) / percentile(baseline, 50)).toFixed(1)}× the baseline's`,
    ];
  } finally {
    await deployment.close();
  }
}

/** Part 2: open loop at rising rates — the load a deployment holds. */
async function load(backend: Backend): Promise<string[]> {
  const deployment = await deploy(backend, QUIET_MS);
  const random = prng(20261203);
  try {
    // Warm-up: a few seconds at the lowest rate, not reported.
    await openLoop({ ...common(), rate: RATES[0], seconds: 3 });
    const pid = deployment.api.child.pid!;
    const results: (OpenLoopResult & { apiCpuPerReply: number; apiRssMb: number })[] = [];
    for (const rate of RATES) {
      const before = processCpuMs(pid);
      const result = await openLoop({ ...common(), rate, seconds: SECONDS });
      results.push({
        ...result,
        apiCpuPerReply: (processCpuMs(pid) - before) / result.answered,
        apiRssMb: residentMb(pid),
      });
      // Past the point of holding, higher rates only take longer to show the same.
      if (percentile(result.beyondWindowMs, 95) > 10 * TARGET_P95_MS || result.answered < result.sent * 0.9) break;
    }
    const held = results.filter((r) => r.answered === r.sent && percentile(r.beyondWindowMs, 95) <= TARGET_P95_MS);
    const best = held.at(-1)?.rate;
    // The kernel's own peak over the api's life: start-up, warm-up and every rate.
    const peakMb = residentMb(pid, 'VmHWM');
    figures.push(
      {
        figure: `${backend}: highest rate holding reply p95 ≤ ${TARGET_P95_MS} ms beyond the quiet window`,
        // 0: none of the rates tried held it.
        value: best ?? 0,
        unit: 'messages/s',
      },
      { figure: `${backend}: api peak RSS under the open-loop load (VmHWM)`, value: peakMb, unit: 'MB' },
    );
    return [
      '',
      `load, ${backend}: open-loop arrivals, ${SECONDS} s per rate, quiet window ${QUIET_MS} ms, think time ≈ 3 s; reply latency beyond the window`,
      `${'msgs/s'.padStart(8)}${'sent'.padStart(7)}${'answered'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'api CPU/reply'.padStart(15)}${'api RSS'.padStart(10)}`,
      ...results.map(
        (r) =>
          `${String(r.rate).padStart(8)}${String(r.sent).padStart(7)}${String(r.answered).padStart(10)}` +
          `${ms(percentile(r.beyondWindowMs, 50)).padStart(9)}${ms(percentile(r.beyondWindowMs, 95)).padStart(9)}${ms(percentile(r.beyondWindowMs, 99)).padStart(9)}` +
          `${`${r.apiCpuPerReply.toFixed(2)} ms`.padStart(15)}${`${r.apiRssMb.toFixed(0)} MB`.padStart(10)}`,
      ),
      `api RSS: VmRSS at the end of each rate; its peak over the run (VmHWM) ${peakMb.toFixed(0)} MB`,
      best === undefined
        ? `no rate held p95 ≤ ${TARGET_P95_MS} ms beyond the window`
        : `highest rate holding p95 ≤ ${TARGET_P95_MS} ms beyond the window, every message answered: ${best} messages/s`,
    ];
  } finally {
    await deployment.close();
  }

  function common() {
    return {
      apiUrls: [deployment.apiUrl],
      sandboxUrl: deployment.sandbox.url,
      appSecret: STACK_SECRETS.WHATSAPP_APP_SECRET,
      quietMs: QUIET_MS,
      thinkMs: 3000,
      random,
    };
  }
}

/**
 * `compare <build>`: the closed loop against this checkout's api and another build's, each on a
 * Postgres of its own with a sandbox of its own, rounds alternated (A B, B A, …) so the machine's
 * drift falls on both; api CPU per turn side by side. This checkout's api starts first: in
 * same-build trials the first-started of two tended to cost a little more, so the ratio leans
 * against the change.
 */
async function compare(other: string): Promise<void> {
  if (!TEST_DATABASE_URL) throw new Error('bench:turns compare needs TEST_DATABASE_URL (a Postgres)');
  if (!existsSync(join(other, 'apps', 'api', 'main.js'))) {
    throw new Error(
      `bench:turns compare needs another build of the api: ${join(other, 'apps', 'api', 'main.js')} does not exist\n` +
        '(before the change: cp -r dist .bench-before; after it: npm run build; then npm run bench:turns -- compare .bench-before)',
    );
  }
  const current = await deploy('postgres', 0);
  const before = await deploy('postgres', 0, other).catch(async (error: unknown) => {
    await current.close();
    throw error;
  });
  const targets = [
    { name: 'this checkout', deployment: current, cpu: [] as number[] },
    { name: other, deployment: before, cpu: [] as number[] },
  ];
  const customers = Math.max(1, Math.round(CONVERSATIONS / 5));
  const round = async (deployment: Deployment, messages: number) => {
    const before = processCpuMs(deployment.api.child.pid!);
    await Promise.all(
      Array.from({ length: customers }, () => customerPhone()).map((phone) =>
        converseWith(deployment, phone, messages, () => undefined),
      ),
    );
    // The statuses the sandbox posts back belong to these turns too.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return (processCpuMs(deployment.api.child.pid!) - before) / (customers * messages);
  };
  try {
    for (const target of targets) await round(target.deployment, WARMUP_MESSAGES * 5);
    for (let i = 0; i < COMPARE_ROUNDS; i++) {
      for (const target of i % 2 === 0 ? targets : [...targets].reverse()) {
        target.cpu.push(await round(target.deployment, MESSAGES));
        process.stderr.write(`round ${i + 1}/${COMPARE_ROUNDS}: ${target.name} ${target.cpu.at(-1)!.toFixed(2)} ms\n`);
      }
    }
  } finally {
    for (const target of targets) await target.deployment.close();
  }
  const [mine, theirs] = targets.map((t) => percentile(t.cpu, 50));
  process.stdout.write(
    [
      '',
      `compare: ${customers} customers × ${MESSAGES} messages per round, quiet window 0, closed loop, on Postgres; ` +
        `${COMPARE_ROUNDS} rounds per build after a warm-up of ${customers * WARMUP_MESSAGES * 5} turns each`,
      ...targets.map(
        (t) =>
          `${t.name.padEnd(30)} api CPU per turn, median ${percentile(t.cpu, 50).toFixed(2)} ms (rounds: ${t.cpu.map((c) => c.toFixed(2)).join(', ')})`,
      ),
      `this checkout ÷ ${other}: ${(mine / theirs).toFixed(2)}×`,
      '',
    ].join('\n'),
  );
  reportFigures('turns-compare', [
    {
      figure: 'api CPU per turn, this checkout (median round)',
      value: mine,
      unit: 'ms',
      baseline: theirs,
      baselineName: other,
    },
  ]);
}

async function main(): Promise<void> {
  buildIfStale();
  if (process.argv[2] === 'compare') {
    await compare(resolve(process.argv[3] ?? ''));
    return;
  }
  const lines: string[] = [];
  for (const backend of backends()) {
    lines.push(...(await cost(backend)));
    lines.push(...(await load(backend)));
    process.stdout.write(`${lines.splice(0).join('\n')}\n`);
  }
  process.stdout.write('\n');
  reportFigures('turns', figures);
}

await main();

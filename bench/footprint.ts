/**
 * `npm run bench:footprint` — what the api costs to keep running, against the goals of Step 13,
 * each beside a floor measured in the same run on the same machine:
 *
 * 1. **Idle memory**: VmRSS (/proc/<pid>/status) of the built api 20 s after it listens, on
 *    Postgres (goal ≤ 120 MB) and on PGlite (the database inside the process), beside the bare
 *    Fastify servers: bench/webhook.ts's baseline (HMAC + the same SQL) and the HMAC-only floor
 *    (bench/support/hmac-floor.ts).
 * 2. **Memory under a burst** (Postgres, turns held off for an hour so the webhook path alone is
 *    measured): 2,000 signed webhooks, unique wamids, 1,000 customers, 50 at a time; RSS right
 *    after, the largest RSS sampled every 100 ms during it (goal ≤ 250 MB at any point, also
 *    checked against the kernel's own peak, VmHWM, at the end), and RSS 60 s later (goal: within
 *    10% of idle); then the same burst again, RSS right after it: how much of the first burst's
 *    growth was the process warming up (V8's compilers) rather than traffic held on to.
 * 3. **CPU per persisted webhook** (Postgres): the api's CPU time (/proc) ÷ webhooks answered 200
 *    (goal ≤ 200 µs), beside the HMAC + SQL baseline and the HMAC-only floor under the same load:
 *    a warm-up, then 3 rounds of 1,000 webhooks each, 50 at a time, the targets alternating.
 * 4. **Reply p50** (Postgres, TURN_COALESCE_MS=0, TURN_MAX_WAIT_MS=0, the sandbox's SOAP
 *    inventory and Graph API stand-in): 200 messages one at a time, each after the previous
 *    reply; webhook answered 200 → the reply's arrival at the Graph API stand-in (goal p50 ≤ 8 ms).
 *
 * Postgres is TEST_DATABASE_URL (fresh databases are made and dropped); without it only the
 * PGlite and floor figures are measured and the rest say so. Everything listens on 127.0.0.1;
 * the run takes about two minutes and stops itself past six.
 *
 * The api runs with its own Node flags (scripts/api-node-flags.mjs); `BENCH_NODE_ARGS` adds more
 * after them, to weigh one (`BENCH_NODE_ARGS=--no-maglev npm run bench:footprint`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { API_NODE_FLAGS } from '../scripts/api-node-flags.mjs';
import { removeSnapshot, snapshotApps } from '../scripts/build-if-stale.mjs';
import type * as AppProcesses from '../test/support/app-process.js';
import { TEST_DATABASE_URL } from '../test/support/database.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase } from '../test/support/stack.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../test/whatsapp/meta-webhooks.js';
import { processCpuMs } from './support/process-cpu.js';
import { residentMb, sampleResident } from './support/process-memory.js';
import { type BenchFigure, reportFigures } from './support/report-figures.js';

/** The secret bench/webhook.ts's baseline checks (a constant of its own): every server shares it, so one load fits all. */
const APP_SECRET = 'bench-webhook-app-secret';
const SECRETS = { ...STACK_SECRETS, WHATSAPP_APP_SECRET: APP_SECRET };
const IDLE_AFTER_LISTEN_MS = 20_000;
const BURST = 2000;
const CUSTOMERS = 1000;
const CONNECTIONS = 50;
const RECOVERY_MS = 60_000;
const CPU_WARMUP = 500;
const CPU_ROUNDS = 3;
const CPU_PER_ROUND = 1000;
const REPLIES = 200;
const REPLY_WARMUP = 20;
/** 10 messages each: RATE_LIMIT_PHONE (30 a minute) would otherwise stop the replies the phase waits for. */
const REPLY_CUSTOMERS = 20;
const REPLY_TIMEOUT_MS = 10_000;
const REPLY_PHASE_MS = 120_000;
const RUN_DEADLINE_MS = 6 * 60_000;
const GOAL = { idleMb: 120, anyTimeMb: 250, recoveredRatio: 1.1, cpuMicros: 200, replyP50Ms: 8 };
const TEXTS = ['hola', '¿tienen tenis negros talla 27?', 'busco playeras azules', '¿a qué hora abren?', 'gracias'];
const root = join(import.meta.dirname, '..');
const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

// ---------------------------------------------------------------------------------------
// Children: every process started is tracked, and stopped on the way out whatever the way.

const children = new Set<ChildProcess>();
/** Databases, pools, the apps' copy: undone after the children are gone, newest first. */
const cleanups: (() => Promise<unknown>)[] = [];

function adopt(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

let tearingDown: Promise<void> | undefined;
function teardown(graceMs = 10_000): Promise<void> {
  tearingDown ??= (async () => {
    await Promise.all([...children].map((child) => stop(child, graceMs)));
    for (const undo of cleanups.splice(0).reverse()) {
      await undo().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    }
  })();
  return tearingDown;
}

// A bench killed (npm run bench's timeout, Ctrl-C) must not leave an api or a sandbox behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: stopping what the bench started\n`);
    void teardown(3_000).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function database(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  const db = await databaseFor(kind);
  cleanups.push(() => db.dispose());
  return db;
}

// ---------------------------------------------------------------------------------------
// Servers.

interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  listenedAt: number;
}

/** Loaded after the apps are copied aside (it reads where they are when it loads). */
let apps: typeof AppProcesses;

/**
 * The built api at warn, as bench:webhook runs it (the floors log nothing either), so its
 * readiness comes from /health/live rather than the info-level "listening" line.
 */
async function startApi(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const app = apps.spawnAppProcess(
    'api',
    { ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
    undefined,
    EXTRA_NODE_ARGS,
  );
  const child = adopt(app.child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${app.stderr()}`);
    }
    try {
      if ((await fetch(`${url}/health/live`)).ok) return { name, child, pid: child.pid!, url, listenedAt: Date.now() };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${name} did not answer /health/live within 60 s: ${app.stderr()}`);
}

/** A bare server of the bench's own, run from source with `nodeArgs`; it prints "… listening on <url>". */
async function startScript(name: string, nodeArgs: string[], env: Record<string, string>): Promise<Server> {
  const child = adopt(
    spawn(process.execPath, nodeArgs, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within 60 s`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it listened: ${seen}`));
    });
  });
  return { name, child, pid: child.pid!, url, listenedAt: Date.now() };
}

async function idleMb(server: Server): Promise<number> {
  await sleep(Math.max(0, server.listenedAt + IDLE_AFTER_LISTEN_MS - Date.now()));
  return residentMb(server.pid);
}

// ---------------------------------------------------------------------------------------
// The webhook load: the same for every target.

const phones = Array.from({ length: CUSTOMERS }, (_, i) => `52155${String(10_000_000 + i)}`);
let sent = 0;

/** A signed Meta text-message webhook, a new wamid each time, the customers in turn. */
function nextWebhook(): { body: string; signature: string } {
  sent += 1;
  const phone = phones[sent % CUSTOMERS];
  const message = messageFrom({ phone }, 'text', {
    text: { body: `¿Tienen tenis para correr talla ${22 + (sent % 9)}? Busco algo ligero 👟 #${sent}` },
  });
  return signedBody(messagesWebhook({ phone, name: 'Cliente de prueba' }, [message]), APP_SECRET);
}

function fire(url: string, amount: number): Promise<Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    amount,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/whatsapp',
        setupRequest: (request) => {
          const { body, signature } = nextWebhook();
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          };
        },
      },
    ],
  });
}

const failures = (result: Result) => result.non2xx + result.errors + result.timeouts;

// ---------------------------------------------------------------------------------------
// Part 4: reply latency, one message at a time.

interface ReplyFigures {
  ms: number[];
  missed: number;
  seconds: number;
  /** The api's own time for those turns (its `turn` log line, claim → answered), ms. */
  turnMs: number[];
}

async function replyLatency(sandboxUrl: string, port: number, env: Record<string, string>): Promise<ReplyFigures> {
  const db = await database('postgres');
  // At info like bench:turns: a deployment's own level, and its "listening" line says when it is up.
  const api = await apps.startAppProcess(
    'api',
    {
      ...env,
      ...db.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      TURN_COALESCE_MS: '0',
      TURN_MAX_WAIT_MS: '0',
      LOG_LEVEL: 'info',
    },
    EXTRA_NODE_ARGS,
  );
  adopt(api.child);
  try {
    const events = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/messages`)).json()) as { seq: number }[];
    let seq = events.at(-1)?.seq ?? 0;

    /** Sends one message; resolves with the reply's arrival at the Graph API − the webhook's 200, or null. */
    const measured = new Set<string>();
    const exchange = async (phone: string, text: string, deadline: number): Promise<number | null> => {
      const message = messageFrom({ phone }, 'text', { text: { body: text } });
      measured.add(message.id as string);
      const { body, signature } = signedBody(messagesWebhook({ phone, name: 'Bench' }, [message]), APP_SECRET);
      const after = seq;
      const response = await fetch(`${api.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      const acceptedAt = Date.now();
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
      const until = Math.min(deadline, acceptedAt + REPLY_TIMEOUT_MS);
      while (Date.now() < until) {
        const found = (await (
          await fetch(`${sandboxUrl}/sandbox/graph-api/messages?to=${phone}&after=${after}`)
        ).json()) as { kind: string; at: string; seq: number }[];
        // Read receipts come first; the reply's first message is the answer (the rest of it, if
        // any, is the same reply).
        const reply = found.find((event) => event.kind === 'message');
        if (reply) {
          seq = Math.max(seq, reply.seq);
          return Date.parse(reply.at) - acceptedAt;
        }
        await sleep(5);
      }
      return null;
    };

    const phaseDeadline = Date.now() + REPLY_PHASE_MS;
    // Warm-up (JIT, pools, the SOAP client and its WSDL): not measured.
    for (let i = 0; i < REPLY_WARMUP; i++) await exchange(customerPhone(), TEXTS[i % TEXTS.length], phaseDeadline);
    measured.clear();
    const customers = Array.from({ length: REPLY_CUSTOMERS }, () => customerPhone());
    const ms: number[] = [];
    const started = Date.now();
    for (let i = 0; i < REPLIES && Date.now() < phaseDeadline; i++) {
      const latency = await exchange(customers[i % REPLY_CUSTOMERS], TEXTS[i % TEXTS.length], phaseDeadline);
      if (latency !== null) ms.push(latency);
    }
    // Unanswered within the timeout, or never sent because the phase ran out of time.
    const turnMs = api
      .lines()
      .filter((l) => l.event === 'turn' && (l.waMessageIds as string[] | undefined)?.some((id) => measured.has(id)))
      .map((l) => Number(l.durationMs));
    return { ms, missed: REPLIES - ms.length, seconds: (Date.now() - started) / 1000, turnMs };
  } finally {
    await api.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Part 3: CPU per webhook.

interface CpuTarget {
  name: string;
  server: Server;
  cpuMs: number;
  ok: number;
  failed: number;
  stored?: number;
}

async function cpuRounds(targets: CpuTarget[], countStored: () => Promise<number>): Promise<void> {
  process.stderr.write(`CPU: warm-up, ${CPU_WARMUP} webhooks per target\n`);
  for (const target of targets) await fire(target.server.url, CPU_WARMUP);
  // Rounds alternate the targets and their order, so a busy moment of the machine, a checkpoint
  // or an autovacuum falls on all of them rather than always after the same one.
  for (let round = 1; round <= CPU_ROUNDS; round++) {
    for (const target of round % 2 === 1 ? targets : [...targets].reverse()) {
      process.stderr.write(`CPU round ${round}/${CPU_ROUNDS}: ${target.name}, ${CPU_PER_ROUND} webhooks\n`);
      const stored = target.stored === undefined ? 0 : await countStored();
      const before = processCpuMs(target.server.pid);
      const result = await fire(target.server.url, CPU_PER_ROUND);
      // The work after the last response (its log hooks, a collection it set off) is the round's too.
      await sleep(250);
      target.cpuMs += processCpuMs(target.server.pid) - before;
      target.ok += result['2xx'];
      target.failed += failures(result);
      if (target.stored !== undefined) target.stored += (await countStored()) - stored;
    }
  }
}

const cpuMicros = (target: CpuTarget) => (target.cpuMs * 1000) / Math.max(1, target.ok);

// ---------------------------------------------------------------------------------------
// The run.

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const mb = (value: number) => `${value.toFixed(1)} MB`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

interface Row {
  figure: string;
  value: string;
  goal: string;
  verdict: string;
  floor: string;
}

/** One line of the table and its figure for the result line: one source for both. */
interface Measured {
  label: string;
  shown: string;
  floor: string;
  figure: BenchFigure;
}

function rowOf({ label, shown, floor, figure }: Measured): Row {
  const verdict =
    figure.value === null
      ? 'SKIPPED'
      : figure.pass === undefined || figure.pass === null
        ? '-'
        : figure.pass
          ? 'pass'
          : 'FAIL';
  return { figure: label, value: shown, goal: figure.goal ?? '-', verdict, floor };
}

function table(rows: Row[]): string[] {
  const header: Row = {
    figure: 'figure',
    value: 'value',
    goal: 'goal',
    verdict: 'pass/fail',
    floor: 'baseline / floor (same run)',
  };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (row: Row) =>
    keys
      .map((k, i) => (k === 'value' ? row[k].padStart(widths[i]) : row[k].padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
}

interface PostgresFigures {
  afterBurstMb: number;
  burstMaxMb: number;
  recoveredMb: number;
  secondBurstMb: number;
  peakMb: number;
  cpu: CpuTarget[];
  reply: ReplyFigures;
  notes: string[];
}

/** Parts 2, 3 and 4, on the api on Postgres left idle so far and the two floors. */
async function postgresParts(
  api: Server,
  floors: { baseline: Server; floor: Server },
  databaseUrl: string,
  reply: { sandboxUrl: string; port: number; env: Record<string, string> },
): Promise<PostgresFigures> {
  const counter = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  cleanups.push(() => counter.end());
  const countStored = async () =>
    Number((await counter.query<{ n: string }>('select count(*) as n from public.messages')).rows[0].n);

  process.stderr.write(`burst: ${BURST} webhooks, ${CONNECTIONS} at a time, to the api on Postgres\n`);
  const storedBefore = await countStored();
  const sampler = sampleResident(api.pid, 100);
  const burstStarted = Date.now();
  const burst = await fire(api.url, BURST);
  const burstEnded = Date.now();
  const afterBurstMb = residentMb(api.pid);
  const sampled = sampler.stop();
  const burstStored = (await countStored()) - storedBefore;
  // Read on time whatever runs meanwhile: the reply phase uses processes of its own and leaves
  // this api idle, so what is read is this api's own recovery.
  const recovered = sleep(Math.max(0, burstEnded + RECOVERY_MS - Date.now())).then(() => residentMb(api.pid));
  recovered.catch(() => undefined);

  process.stderr.write(`replies: ${REPLY_WARMUP} warm-up + ${REPLIES} messages one at a time, quiet window 0\n`);
  const replies = await replyLatency(reply.sandboxUrl, reply.port, reply.env);
  process.stderr.write('waiting for the 60 s after the burst\n');
  const recoveredMb = await recovered;
  // The same burst again: the first one's growth is the process warming up (V8 compiles the hot
  // paths, and its compilers' native memory stays with the process), a second one's is not.
  process.stderr.write(`second burst: ${BURST} webhooks to the same api, warm now\n`);
  const second = await fire(api.url, BURST);
  const secondBurstMb = residentMb(api.pid);

  // CPU last: its load on this api would otherwise be part of the recovery read above.
  const cpu: CpuTarget[] = [
    { name: 'api on Postgres', server: api, cpuMs: 0, ok: 0, failed: 0, stored: 0 },
    { name: 'bare Fastify + HMAC + SQL', server: floors.baseline, cpuMs: 0, ok: 0, failed: 0 },
    { name: 'bare Fastify + HMAC only', server: floors.floor, cpuMs: 0, ok: 0, failed: 0 },
  ];
  await cpuRounds(cpu, countStored);
  // The kernel's own peak over the api's whole life (startup, burst, CPU rounds): what a
  // 100 ms sampling can miss.
  const peakMb = residentMb(api.pid, 'VmHWM');

  return {
    afterBurstMb,
    burstMaxMb: Math.max(sampled.maxMb, afterBurstMb),
    recoveredMb,
    secondBurstMb,
    peakMb,
    cpu,
    reply: replies,
    notes: [
      `burst: ${BURST} webhooks in ${((burstEnded - burstStarted) / 1000).toFixed(1)} s, ${burst['2xx']} answered 200, ` +
        `${failures(burst)} not, ${burstStored} stored; ${sampled.samples} RSS samples; the second burst ` +
        `${second['2xx']} answered 200, ${failures(second)} not`,
      `CPU: ${CPU_ROUNDS} rounds × ${CPU_PER_ROUND} webhooks per target after ${CPU_WARMUP} of warm-up, ${CONNECTIONS} at a time; ` +
        cpu
          .map(
            (t) =>
              `${t.name} ${t.ok} answered 200, ${t.failed} not${t.stored === undefined ? '' : `, ${t.stored} stored`}, ` +
              `${t.cpuMs.toFixed(0)} ms CPU`,
          )
          .join('; '),
      `replies: ${replies.ms.length} of ${REPLIES} answered in ${replies.seconds.toFixed(1)} s ` +
        `(${replies.missed} without a reply within ${REPLY_TIMEOUT_MS / 1000} s or unsent), ${REPLY_CUSTOMERS} customers, ` +
        `texts ${TEXTS.map((t) => `"${t}"`).join(', ')} in turn; the api's own turn time (its turn log, claim → answered) ` +
        `p50 ${percentile(replies.turnMs, 50).toFixed(1)} ms, p95 ${percentile(replies.turnMs, 95).toFixed(1)} ms over ${replies.turnMs.length} turns`,
    ],
  };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench:footprint passed ${RUN_DEADLINE_MS / 60_000} minutes: stopping\n`);
    void teardown(3_000).finally(() => process.exit(1));
  }, RUN_DEADLINE_MS);
  watchdog.unref();
  const startLoad = load();

  // The apps run from a copy of their build, so another run rebuilding dist cannot pull them away.
  const { dir } = snapshotApps(['api', 'sandbox']);
  cleanups.push(() => Promise.resolve(removeSnapshot(dir)));
  process.env.MOSTRADOR_TEST_APPS_DIR = dir;
  apps = await import('../test/support/app-process.js');

  const postgres = TEST_DATABASE_URL !== undefined;
  if (!postgres) {
    process.stderr.write(
      '\n  SKIPPED: idle RSS on Postgres, the burst, CPU per webhook and reply p50 need a Postgres: ' +
        'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to measure them\n\n',
    );
  }

  // The reply phase's api gets this port later; the sandbox posts its delivery statuses there.
  const replyPort = await freePort();
  const sandbox = await apps.startAppProcess('sandbox', {
    ...SECRETS,
    SANDBOX_PORT: '0',
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${replyPort}/webhooks/whatsapp`,
  });
  adopt(sandbox.child);
  const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
  const apiEnv = {
    ...SECRETS,
    WHATSAPP_API_BASE_URL: sandbox.url,
    INVENTORY_WSDL_URL: wsdlUrl,
    RETENTION_CRON: '0 3 1 1 *',
    // Off unless NODE_ENV=production, whose other effects (log files in ./logs, Meta's real Graph
    // API by default) a bench does not want: set alone, so memory is a deployment's.
    SWAGGER_ENABLED: 'false',
  };
  // The turns those webhooks would start are bench:turns' subject: they wait an hour instead.
  const ingestOnly = { TURN_COALESCE_MS: '3600000', TURN_MAX_WAIT_MS: '3600000', SWEEPER_INTERVAL_MS: '3600000' };

  const pgDb = postgres ? await database('postgres') : undefined;
  const pgliteDb = await database('pglite');
  process.stderr.write('starting: api on Postgres, api on PGlite, bare Fastify baseline, HMAC-only floor\n');
  const [api, apiPglite, baseline, floor] = await Promise.all([
    pgDb ? startApi('api on Postgres', { ...apiEnv, ...ingestOnly, ...pgDb.env }) : undefined,
    startApi('api on PGlite', { ...apiEnv, ...ingestOnly, ...pgliteDb.env }),
    // As bench/webhook.ts runs it: through @swc-node/register, whose compiler (about 100 MB)
    // and webhook.ts's own imports are in its RSS.
    startScript(
      'bare Fastify baseline',
      ['--import', '@swc-node/register/esm-register', join(root, 'bench', 'webhook.ts'), 'baseline'],
      pgDb ? { DATABASE_URL: pgDb.env.DATABASE_URL } : {},
    ),
    // Node's own type stripping where it has it, so the floor's RSS is Node + Fastify, not a loader's.
    startScript(
      'HMAC-only floor',
      [
        ...(process.features.typescript ? [] : ['--import', '@swc-node/register/esm-register']),
        join(root, 'bench', 'support', 'hmac-floor.ts'),
      ],
      { WHATSAPP_APP_SECRET: APP_SECRET },
    ),
  ]);

  process.stderr.write(`idle: each server's RSS ${IDLE_AFTER_LISTEN_MS / 1000} s after it listens\n`);
  const [apiIdle, pgliteIdle, baselineIdle, floorIdle] = await Promise.all([
    api ? idleMb(api) : undefined,
    idleMb(apiPglite),
    idleMb(baseline),
    idleMb(floor),
  ]);
  await stop(apiPglite.child);

  const rest =
    api && pgDb
      ? await postgresParts(api, { baseline, floor }, pgDb.env.DATABASE_URL, {
          sandboxUrl: sandbox.url,
          port: replyPort,
          env: apiEnv,
        })
      : undefined;

  const idleFloors = `webhook.ts baseline ${mb(baselineIdle)}; HMAC-only floor ${mb(floorIdle)}`;
  const idleBaseline = {
    baseline: baselineIdle,
    baselineName: 'bench/webhook.ts baseline (bare Fastify + HMAC + SQL), idle',
  };
  const sameApiIdle = apiIdle === undefined ? '' : `the same api idle ${mb(apiIdle)}`;
  const againstIdle = { baseline: apiIdle ?? null, baselineName: 'the same api, idle' };
  const skipped = (label: string, unit: string, goal: string): Measured => ({
    label,
    shown: 'not measured',
    floor: 'no TEST_DATABASE_URL',
    figure: { figure: label, value: null, unit, goal },
  });
  const onPostgres = (label: string, unit: string, goal: string, measure: (r: PostgresFigures) => Measured) =>
    rest ? measure(rest) : skipped(label, unit, goal);
  const memoryGoal = `≤ ${GOAL.anyTimeMb} MB`;
  const memory = (label: string, value: number, goal = memoryGoal, pass = value <= GOAL.anyTimeMb): Measured => ({
    label,
    shown: mb(value),
    floor: sameApiIdle,
    figure: { figure: label, value, unit: 'MB', ...againstIdle, goal, pass },
  });

  const idleGoal = `≤ ${GOAL.idleMb} MB`;
  const burstLabel = `RSS right after ${BURST.toLocaleString('en')} webhooks`;
  const recoveredGoal = `≤ idle + 10%${apiIdle === undefined ? '' : ` (${mb(apiIdle * GOAL.recoveredRatio)})`}`;
  const cpuGoal = `≤ ${GOAL.cpuMicros} µs`;
  const replyGoal = `≤ ${GOAL.replyP50Ms} ms`;
  const measured: Measured[] = [
    apiIdle === undefined
      ? skipped('idle RSS, api on Postgres', 'MB', idleGoal)
      : {
          label: 'idle RSS, api on Postgres',
          shown: mb(apiIdle),
          floor: idleFloors,
          figure: {
            figure: 'idle RSS, api on Postgres',
            value: apiIdle,
            unit: 'MB',
            ...idleBaseline,
            goal: idleGoal,
            pass: apiIdle <= GOAL.idleMb,
          },
        },
    {
      label: 'idle RSS, api on PGlite (database in process)',
      shown: mb(pgliteIdle),
      floor: idleFloors,
      figure: {
        figure: 'idle RSS, api on PGlite (database in process)',
        value: pgliteIdle,
        unit: 'MB',
        ...idleBaseline,
      },
    },
    onPostgres(burstLabel, 'MB', memoryGoal, (r) => memory(burstLabel, r.afterBurstMb)),
    onPostgres('max RSS during the burst (every 100 ms)', 'MB', memoryGoal, (r) =>
      memory('max RSS during the burst (every 100 ms)', r.burstMaxMb),
    ),
    onPostgres('RSS 60 s after the burst', 'MB', recoveredGoal, (r) =>
      memory('RSS 60 s after the burst', r.recoveredMb, recoveredGoal, r.recoveredMb <= apiIdle! * GOAL.recoveredRatio),
    ),
    onPostgres(`RSS right after a second burst (warm)`, 'MB', memoryGoal, (r) => ({
      label: `RSS right after a second burst (warm)`,
      shown: mb(r.secondBurstMb),
      floor: `the same api 60 s after the first ${mb(r.recoveredMb)}`,
      figure: {
        figure: `RSS right after a second ${BURST.toLocaleString('en')} webhooks (the api warm)`,
        value: r.secondBurstMb,
        unit: 'MB',
        baseline: r.recoveredMb,
        baselineName: 'the same api 60 s after the first burst',
        goal: memoryGoal,
        pass: r.secondBurstMb <= GOAL.anyTimeMb,
      },
    })),
    onPostgres("peak RSS over the api's run (VmHWM)", 'MB', memoryGoal, (r) =>
      memory("peak RSS over the api's run (VmHWM)", r.peakMb),
    ),
    onPostgres('api CPU per persisted webhook', 'µs', cpuGoal, ({ cpu: [apiCpu, baselineCpu, floorCpu] }) => ({
      label: 'api CPU per persisted webhook',
      shown: `${cpuMicros(apiCpu).toFixed(0)} µs`,
      floor: `HMAC + SQL ${cpuMicros(baselineCpu).toFixed(0)} µs; HMAC only ${cpuMicros(floorCpu).toFixed(0)} µs`,
      figure: {
        figure: 'api CPU per persisted webhook',
        value: cpuMicros(apiCpu),
        unit: 'µs',
        baseline: cpuMicros(baselineCpu),
        baselineName: 'bare Fastify + HMAC + the same SQL',
        goal: cpuGoal,
        pass: cpuMicros(apiCpu) <= GOAL.cpuMicros,
      },
    })),
    onPostgres('reply p50, webhook 200 → Graph API', 'ms', replyGoal, ({ reply }) => {
      const p50 = percentile(reply.ms, 50);
      return {
        label: 'reply p50, webhook 200 → Graph API',
        shown: `${p50.toFixed(1)} ms`,
        floor: `p95 ${percentile(reply.ms, 95).toFixed(1)} ms, p99 ${percentile(reply.ms, 99).toFixed(1)} ms (no floor)`,
        figure: {
          figure: 'reply p50, webhook 200 → Graph API, quiet window 0',
          value: p50,
          unit: 'ms',
          goal: replyGoal,
          pass: reply.ms.length > 0 && p50 <= GOAL.replyP50Ms,
        },
      };
    }),
  ];

  const cpu = cpus();
  const out = [
    '',
    `footprint bench, ${new Date().toISOString()}`,
    `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM; ` +
      `load average (1/5/15 min) ${startLoad} at the start, ${load()} at the end; Node ${process.version}`,
    `the api's Node flags: ${[...API_NODE_FLAGS, ...EXTRA_NODE_ARGS].join(' ')}`,
    'servers on 127.0.0.1; MB = 2^20 bytes of VmRSS; the api at LOG_LEVEL=warn with turns held off for memory and CPU ' +
      '(the floors log nothing), at info with turns on for replies; the webhook.ts baseline runs through ' +
      `@swc-node/register (its compiler and webhook.ts's imports are in its RSS), the HMAC-only floor ${
        process.features.typescript ? "through Node's own type stripping" : 'through @swc-node/register too'
      }`,
    '',
    ...table(measured.map(rowOf)),
    '',
    ...(rest?.notes ?? []),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  reportFigures('footprint', [
    ...measured.map((m) => m.figure),
    { figure: 'bare Fastify + HMAC only, idle RSS (the floor)', value: floorIdle, unit: 'MB' },
    ...(rest
      ? [{ figure: 'bare Fastify + HMAC only, CPU per webhook (the floor)', value: cpuMicros(rest.cpu[2]), unit: 'µs' }]
      : []),
  ]);
}

try {
  await main();
  await teardown();
} catch (error) {
  // Once a signal or the deadline is stopping the children, a request to one of them failing is no news.
  if (!tearingDown) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  await teardown(3_000);
  process.exit(1);
}

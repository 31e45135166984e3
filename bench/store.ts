/**
 * `record_inbound_message` through the store (SqlConversationStore: the named-argument call,
 * the retry wrapper, the jsonb answer read into the port's types; in SQL: upsert the
 * customer, find or open the conversation, insert the message, update two counters) beside
 * two plain single-row INSERTs of the same message through the same driver, in the same
 * run, with 10 calls in flight: into a bare table (a uuid key and the unique wamid: the
 * baseline) and into `messages` itself (its indexes and foreign key: what storing the row
 * alone costs). On Postgres (a `pg` Pool of 10) and on PGlite (on disk, one connection).
 *
 *   npm run bench:store
 *
 * Postgres is TEST_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the bench creates its own database there and drops it. Only 127.0.0.1. Rounds alternate
 * baseline and store so that drift hits both. Goal (Postgres): ≥ 2,500 calls/s, p99 ≤ 15 ms,
 * ratio to the plain INSERT ≥ 0.6.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findMigrationsDir,
  type InboundMessageInput,
  PgliteDriver,
  PgPoolDriver,
  runMigrations,
  SqlConversationStore,
  type SqlDriver,
} from '@mostrador/database';
import pg from 'pg';
import { reportFigures } from './support/report-figures.js';

const CONCURRENCY = 10;
const ROUND_MS = 3000;
const ROUNDS = 2;
const WARMUP_CALLS = 500;
const CUSTOMERS = 1000;
const BUSINESS = '100000000000001';

const base = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
if (!['127.0.0.1', 'localhost'].includes(new URL(base).hostname)) {
  throw new Error('bench:store only runs against 127.0.0.1');
}

const phones = Array.from({ length: CUSTOMERS }, (_, i) => `52155${String(10_000_000 + i)}`);
const phone = () => phones[Math.floor(Math.random() * phones.length)];

function message(): InboundMessageInput {
  const waMessageId = `wamid.${randomUUID()}`;
  const phoneNumber = phone();
  return {
    waMessageId,
    phoneNumberId: BUSINESS,
    customer: { phoneNumber, displayName: 'Cliente' },
    type: 'text',
    text: '¿Tienen taladros en existencia?',
    payload: {
      from: phoneNumber,
      id: waMessageId,
      timestamp: '1764300000',
      type: 'text',
      text: { body: '¿Tienen taladros en existencia?' },
    },
    sentAt: new Date(),
  };
}

interface Sample {
  calls: number;
  ms: number;
  latencies: number[];
}

/** CONCURRENCY workers calling `call` until `durationMs` (or `count` calls) are done. */
async function drive(call: () => Promise<unknown>, limit: { durationMs?: number; count?: number }): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + (limit.durationMs ?? Infinity);
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline && issued < (limit.count ?? Infinity)) {
        issued++;
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { calls: latencies.length, ms: performance.now() - started, latencies };
}

function merge(samples: Sample[]): Sample {
  return {
    calls: samples.reduce((n, s) => n + s.calls, 0),
    ms: samples.reduce((n, s) => n + s.ms, 0),
    latencies: samples.flatMap((s) => s.latencies),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Row {
  adapter: string;
  workload: string;
  calls: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** calls/s over the bare INSERT's. */
  ratio: number;
}

const rate = (sample: Sample) => (sample.calls / sample.ms) * 1000;

function row(adapter: string, workload: string, sample: Sample, baseline: Sample): Row {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    adapter,
    workload,
    calls: sample.calls,
    perSecond: rate(sample),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    ratio: rate(sample) / rate(baseline),
  };
}

const PLAIN_TABLE = `create table public.bench_plain (
  id uuid primary key default gen_random_uuid(),
  wa_message_id text not null unique,
  phone_number text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
)`;

async function measure(adapter: string, driver: SqlDriver): Promise<Row[]> {
  const migrations = findMigrationsDir();
  if (migrations === null) throw new Error('supabase/migrations not found');
  await runMigrations(driver, migrations);
  await driver.exec(PLAIN_TABLE);
  const store = new SqlConversationStore(driver, { conversationIdleHours: 24 });
  const insert = () => {
    const m = message();
    return driver.query(
      'insert into public.bench_plain (wa_message_id, phone_number, payload) values ($1, $2, $3)',
      [m.waMessageId, m.customer.phoneNumber, JSON.stringify(m.payload)],
      'bench_plain_insert',
    );
  };
  const record = () => store.recordInboundMessage(message());

  // Warm up: connections open, statements prepared, every customer and conversation exists.
  await drive(insert, { count: WARMUP_CALLS });
  for (const phoneNumber of phones) await store.recordInboundMessage({ ...message(), customer: { phoneNumber } });
  await drive(record, { count: WARMUP_CALLS });
  const [{ id: conversationId }] = await driver.query<{ id: string }>('select id from public.conversations limit 1');
  const insertMessage = () => {
    const m = message();
    return driver.query(
      `insert into public.messages (conversation_id, direction, wa_message_id, type, text, payload, status, sent_at)
       values ($1, 'inbound', $2, $3, $4, $5, 'received', $6)`,
      [conversationId, m.waMessageId, m.type, m.text, JSON.stringify(m.payload), m.sentAt.toISOString()],
      'bench_messages_insert',
    );
  };
  await drive(insertMessage, { count: WARMUP_CALLS });

  const samples: Record<'bare' | 'messages' | 'record', Sample[]> = { bare: [], messages: [], record: [] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.bare.push(await drive(insert, { durationMs: ROUND_MS }));
    samples.messages.push(await drive(insertMessage, { durationMs: ROUND_MS }));
    samples.record.push(await drive(record, { durationMs: ROUND_MS }));
  }
  const bare = merge(samples.bare);
  return [
    row(adapter, 'INSERT, bare table (baseline)', bare, bare),
    row(adapter, 'INSERT into messages', merge(samples.messages), bare),
    row(adapter, 'record_inbound_message', merge(samples.record), bare),
  ];
}

async function onPostgres(): Promise<Row[]> {
  const name = `mostrador_s2_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const driver = new PgPoolDriver({
    connectionString: url.toString(),
    max: CONCURRENCY,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 15_000,
  });
  try {
    return await measure('postgres', driver);
  } finally {
    await driver.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function onPglite(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-bench-'));
  const driver = await PgliteDriver.open({ dataDir: join(dir, 'pglite') });
  try {
    return await measure('pglite', driver);
  } finally {
    await driver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function print(rows: Row[]): void {
  const fixed = (n: number, digits: number) => n.toFixed(digits);
  const table = [
    ['adapter', 'workload', 'calls', 'calls/s', 'p50 ms', 'p99 ms', 'ratio'],
    ...rows.map((r) => [
      r.adapter,
      r.workload,
      String(r.calls),
      fixed(r.perSecond, 0),
      fixed(r.p50, 2),
      fixed(r.p99, 2),
      fixed(r.ratio, 2),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => line[i].length)));
  for (const line of table) {
    process.stdout.write(
      `${line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}\n`,
    );
  }
}

const rows = [...(await onPostgres()), ...(await onPglite())];
process.stdout.write(
  `\nstore bench: ${CONCURRENCY} calls in flight, ${ROUNDS} × ${ROUND_MS} ms per workload, ${CUSTOMERS} customers\n\n`,
);
print(rows);
const find = (adapter: string, workload: string) => rows.find((r) => r.adapter === adapter && r.workload === workload)!;
const summary = (adapter: string) => {
  const record = find(adapter, 'record_inbound_message');
  const messages = find(adapter, 'INSERT into messages');
  return (
    `${adapter} ${record.perSecond.toFixed(0)} calls/s, p99 ${record.p99.toFixed(1)} ms, ${record.ratio.toFixed(2)}× the bare INSERT ` +
    `(${(record.perSecond / messages.perSecond).toFixed(2)}× the INSERT into messages)`
  );
};
const postgres = find('postgres', 'record_inbound_message');
const met = postgres.perSecond >= 2500 && postgres.p99 <= 15 && postgres.ratio >= 0.6;
process.stdout.write(
  `\nrecord_inbound_message: ${summary('postgres')}; ${summary('pglite')} — goal on Postgres (≥ 2500/s, p99 ≤ 15 ms, ≥ 0.6× the bare INSERT) ${met ? 'met' : 'NOT met'}\n`,
);
const bare = (adapter: string) => find(adapter, 'INSERT, bare table (baseline)');
const pglite = find('pglite', 'record_inbound_message');
reportFigures('store', [
  {
    figure: `record_inbound_message on Postgres, ${CONCURRENCY} in flight`,
    value: postgres.perSecond,
    unit: 'calls/s',
    baseline: bare('postgres').perSecond,
    baselineName: 'INSERT into a bare table',
    goal: '≥ 2,500/s and ≥ 0.6× the bare INSERT',
    pass: postgres.perSecond >= 2500 && postgres.ratio >= 0.6,
  },
  {
    figure: 'record_inbound_message on Postgres, p99',
    value: postgres.p99,
    unit: 'ms',
    baseline: bare('postgres').p99,
    baselineName: 'INSERT into a bare table',
    goal: '≤ 15 ms',
    pass: postgres.p99 <= 15,
  },
  {
    figure: `record_inbound_message on PGlite, ${CONCURRENCY} in flight`,
    value: pglite.perSecond,
    unit: 'calls/s',
    baseline: bare('pglite').perSecond,
    baselineName: 'INSERT into a bare table',
  },
]);

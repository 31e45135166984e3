import { signWebhookBody, toMetaJson } from '@mostrador/whatsapp';
import fc from 'fast-check';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { TEST_DATABASE_URL } from '../support/database.js';
import { ScriptedGraphApi } from '../support/scripted-graph-api.js';
import { databaseFor, STACK_SECRETS, type TestDatabase } from '../support/stack.js';
import {
  BUSINESS,
  contactOf,
  failedStatus,
  MESSAGE_CASES,
  type Sender,
  signedBody,
  statusOf,
  WABA_ID,
} from '../whatsapp/meta-webhooks.js';

/**
 * Property-based fuzz of POST /webhooks/whatsapp against the built api running as its own
 * process, the way production runs it: a crash anywhere (an uncaught exception, an unhandled
 * rejection) ends that process, which an in-process app inside Jest would hide. Properties:
 * never a 5xx, a JSON 4xx that says why, 200 for what Meta could send, 401 for what it did
 * not sign, 413 past the body limit, and the process still alive and live at the end.
 *
 * Every property runs from one seed, printed at the start: FUZZ_SEED=<seed> replays the run
 * (fast-check's failure report adds the `path` of the shrunk counterexample, for `fc.assert`'s
 * `path` option). A replay regenerates the same payloads and, on a fresh database, the same
 * order of posts, so what earlier runs left behind (duplicate wamids, customers over their
 * per-phone limit) is there again; timestamps are relative to now.
 */

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;

/** Small enough that oversized bodies are cheap to send; large enough for ~100 KB strings. */
const BODY_LIMIT = 512 * 1024;

/** Run counts: sized so the whole suite stays well under a minute on a busy 2-core machine. */
const RUNS = { arbitrary: 300, envelopes: 250, forged: 200, oversize: 12 } as const;

/** A property that takes longer than this is reported (with its best shrink so far) instead of timing out Jest. */
const PROPERTY_TIME_LIMIT_MS = 100_000;
const TEST_TIMEOUT_MS = 150_000;

const APP_SECRET = STACK_SECRETS.WHATSAPP_APP_SECRET;

type Json = Record<string, unknown>;
type Path = (string | number)[];

const NOW = Math.floor(Date.now() / 1000);

// --- what is sent ----------------------------------------------------------------------------

interface Answer {
  status: number;
  /** Null when the client could not read the answer and its status came from the server's log. */
  text: string | null;
  /** The request's own path: the server's log lines of that request are found by it. */
  path: string;
}

let api: AppProcess | undefined;
let graph: ScriptedGraphApi | undefined;
let database: TestDatabase | undefined;
const seen: Record<string, Record<number, number>> = {};
let sent = 0;

function tally(property: string, status: number): void {
  const counts = (seen[property] ??= {});
  counts[status] = (counts[status] ?? 0) + 1;
}

/** Every log line of one request (its stack trace, if it failed), by the path only it was sent to. */
function serverLines(path: string): Record<string, unknown>[] {
  const lines = api?.lines() ?? [];
  const done = lines.find((line) => line.event === 'http_request' && line.url === path);
  return done === undefined ? [] : lines.filter((line) => line.requestId === done.requestId);
}

/** What the process said lately: a request that could not be sent is most often a crash. */
function processState(path?: string): string {
  const child = api?.child;
  const lines =
    path === undefined ? '' : `\nserver log of ${path}: ${JSON.stringify(serverLines(path)).slice(0, 6000)}`;
  return `api exitCode=${String(child?.exitCode)} signal=${String(child?.signalCode)}${lines}\nstderr: ${api?.stderr().slice(-4000) ?? ''}`;
}

async function post(
  property: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string>,
): Promise<Answer> {
  // Meta may call a URL with a query string; this one makes each request's log lines findable.
  const path = `/webhooks/whatsapp?fuzz=${++sent}`;
  let response: Response;
  try {
    response = await fetch(`${api!.url}${path}`, {
      method: 'POST',
      headers,
      body,
      // A streamed body goes chunked, without a Content-Length for Fastify to refuse up front.
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit);
  } catch (error) {
    // Past the limit, Fastify answers 413 and closes while the body is still coming (chunked, or
    // whole with a Content-Length it refuses up front): the client's next write fails (EPIPE)
    // and it may never read the answer — whether it finishes writing first depends on the
    // machine's socket buffers. The server's log line says what it answered; a request the
    // server never answered (a crash, a dropped connection) is a failure.
    const logged =
      api?.child.exitCode === null
        ? await api
            .waitForLine((line) => line.event === 'http_request' && line.url === path, 10_000)
            .catch(() => undefined)
        : undefined;
    if (logged !== undefined && typeof logged.status === 'number') {
      tally(property, logged.status);
      return { status: logged.status, text: null, path };
    }
    throw new Error(
      `request failed: ${(error as Error).message} (cause: ${String((error as Error).cause)})\n${processState(path)}`,
      { cause: error },
    );
  }
  const answer = { status: response.status, text: await response.text(), path };
  tally(property, answer.status);
  return answer;
}

function postSigned(property: string, raw: string | Uint8Array, contentType = 'application/json'): Promise<Answer> {
  return post(property, raw, {
    'content-type': contentType,
    'x-hub-signature-256': signWebhookBody(Buffer.from(raw), APP_SECRET),
  });
}

/** Never a 5xx; a 4xx is the app's one error shape, saying what was wrong and never how the code failed. */
function expectHandled(answer: Answer, what: string): void {
  const context = `${what}\n→ ${answer.status} ${answer.text?.slice(0, 2000) ?? '(read from the server log)'}`;
  if (answer.status >= 500) throw new Error(`server error: ${context}\n${processState(answer.path)}`);
  if (answer.status < 200 || (answer.status > 200 && answer.status < 400)) {
    throw new Error(`unexpected status: ${context}`);
  }
  if (answer.text === null) return;
  let body: Json;
  try {
    body = JSON.parse(answer.text) as Json;
  } catch {
    throw new Error(`a ${answer.status} that is not JSON: ${context}`);
  }
  if (answer.status === 200) return;
  if (
    body.statusCode !== answer.status ||
    typeof body.error !== 'string' ||
    typeof body.message !== 'string' ||
    body.message.trim() === '' ||
    typeof body.requestId !== 'string' ||
    /\n\s+at /.test(body.message)
  ) {
    throw new Error(`a ${answer.status} without a clear message: ${context}`);
  }
}

function describeBody(raw: string | Uint8Array): string {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('latin1');
  return `body (${text.length} chars): ${text.length > 600 ? `${text.slice(0, 600)}…` : text}`;
}

// --- arbitraries: Meta's envelopes -----------------------------------------------------------

/** A few wamids reused everywhere: duplicates within a batch, across posts, as status ids. */
const REUSED_WAMIDS = ['wamid.fuzz-dup-1', 'wamid.fuzz-dup-2', 'wamid.fuzz-dup-3'];
/** A few customers writing again and again: they go over the per-phone limit during the run. */
const REGULARS = ['5215500000001', '5215500000002', '5215500000003'];

const wamidArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.uint8Array({ minLength: 27, maxLength: 27 }).map((b) => `wamid.${Buffer.from(b).toString('base64')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...REUSED_WAMIDS) },
);

const phoneArb = fc.oneof(
  fc.integer({ min: 0, max: 9_999_999_999 }).map((n) => `521${String(n).padStart(10, '0')}`),
  fc.constantFrom(...REGULARS),
);

const displayNameArb = fc.oneof(
  fc.constantFrom('Sheena Nelson', 'María José', 'Ñoño Pérez 👟🏽', 'مرحبا', '‏שלום‏'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const senderArb: fc.Arbitrary<Sender> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ phone: phoneArb, name: displayNameArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      userId: fc.integer({ min: 1, max: 2 ** 40 }).map((n) => `MX.${n}`),
      name: displayNameArb,
      username: fc.constantFrom('ana.runs', 'zapatos_27'),
    }),
  },
);

/** Meta's timestamps: seconds as a string, from a week ago to just now. */
const timestampArb = fc.integer({ min: NOW - 7 * 24 * 3600, max: NOW }).map(String);

/** One message of a documented type (or one Meta may add later), with fuzzed ids, sender and time. */
const messageArb = fc
  .record({
    kind: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...MESSAGE_CASES).map((c) => ({ known: c })) },
      {
        weight: 1,
        arbitrary: fc
          .stringMatching(/^[a-z][a-z_]{0,19}$/)
          // A type named like a field every message has would overwrite that field: not what Meta sends.
          .filter((type) => !['from', 'from_user_id', 'id', 'timestamp', 'type', 'context', 'errors'].includes(type))
          .map((type) => ({ unknown: type })),
      },
    ),
    sender: senderArb,
    id: wamidArb,
    earlier: wamidArb,
    timestamp: timestampArb,
  })
  .map(({ kind, sender, id, earlier, timestamp }) => {
    const built: Json =
      'known' in kind
        ? kind.known.build(sender, earlier)
        : {
            ...(sender.phone !== undefined && { from: sender.phone }),
            ...(sender.userId !== undefined && { from_user_id: sender.userId }),
            type: kind.unknown,
            [kind.unknown]: { body: 'algo nuevo', extra: [1, { two: 2 }] },
          };
    return { message: { ...built, id, timestamp }, sender, system: built.type === 'system' };
  });

const statusArb = fc
  .record({
    status: fc.constantFrom('sent', 'delivered', 'read', 'played', 'failed', 'deleted', 'warning'),
    id: wamidArb,
    timestamp: timestampArb,
    recipient: phoneArb,
    callback: fc.option(fc.uuid(), { nil: undefined }),
  })
  .map(({ status, id, timestamp, recipient, callback }) => ({
    ...(status === 'failed' ? failedStatus(id, timestamp, recipient) : statusOf(id, status, timestamp, recipient)),
    ...(callback !== undefined && { biz_opaque_callback_data: callback }),
  }));

const valueErrorArb = fc.constantFrom(
  { code: 131000, title: 'Something went wrong', message: 'Something went wrong', error_data: { details: 'x' } },
  { code: 368, title: 'Temporarily blocked for policies violations' },
);

const messagesChangeArb = fc
  .record({
    messages: fc.array(messageArb, { maxLength: 3 }),
    statuses: fc.array(statusArb, { maxLength: 3 }),
    errors: fc.option(fc.array(valueErrorArb, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 8 }),
  })
  .map(({ messages, statuses, errors }): Json => {
    // System messages come without contacts; everyone else's contact card comes along.
    const contacts = messages.filter((m) => !m.system).map((m) => contactOf(m.sender));
    return {
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: BUSINESS,
        ...(contacts.length > 0 && { contacts }),
        ...(messages.length > 0 && { messages: messages.map((m) => m.message) }),
        ...(statuses.length > 0 && { statuses }),
        ...(errors !== undefined && { errors }),
      },
    };
  });

/** A subscription may bring other fields: their values pass untouched, whatever they hold. */
const otherChangeArb = fc.record({
  field: fc.constantFrom('message_template_status_update', 'account_update', 'phone_number_quality_update'),
  value: fc.jsonValue({ maxDepth: 3 }),
});

const envelopeArb: fc.Arbitrary<Json> = fc
  .array(
    fc.record({
      id: fc.constant(WABA_ID),
      changes: fc.array(
        fc.oneof({ weight: 6, arbitrary: messagesChangeArb }, { weight: 1, arbitrary: otherChangeArb }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    }),
    { minLength: 1, maxLength: 2 },
  )
  .map((entry) => ({ object: 'whatsapp_business_account', entry }));

// --- arbitraries: mutations ------------------------------------------------------------------

/** Strings people write: every script, emoji sequences, marks, direction and zero-width characters. */
const unicodeArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '👨‍👩‍👧‍👦🏳️‍🌈👟🏽',
    'Ñandú ¿tenéis talla 27? — “comillas”',
    'مرحبا بالعالم \u200f',
    'e\u0301\u0302\u0303\u0304 Z̸̢̛͎̈́a̵͉̓l̶̰̈g̷̱̿o̴̟͝',
    '\u200b\u200c\u200d\ufeff',
    'talla\u000027',
    'lone \ud800 surrogate',
    '\\u0000 and \\ud800 written out',
    '',
    '   ',
  ),
);

/** Up to ~100 KB on the wire: Meta escapes non-ASCII as \uXXXX (6 bytes per UTF-16 unit). */
const hugeStringArb = fc.constantFrom('x', 'ñ', '👟', '\\', '"').chain((unit) => {
  const wireBytes = toMetaJson(unit).length - 2;
  return fc.integer({ min: 1, max: Math.floor(100_000 / wireBytes) }).map((n) => unit.repeat(n));
});

const oddTimestampArb = fc.oneof(
  fc.constantFrom<unknown>(
    '-1',
    -1,
    0,
    '0',
    1e12,
    1e12 + 1,
    9_999_999_999_999,
    '9999999999999',
    '99999999999999',
    Number.MAX_SAFE_INTEGER,
    8.64e15,
    8.64e15 + 1000,
    2 ** 53,
    1.5,
    '1.5',
    'NaN',
    '',
    ' 1',
    '1e3',
    'Infinity',
    1e308,
  ),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double(),
);

const wrongTypeArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Keys whose strings are free text a customer wrote: any text there is still a message Meta could send. */
const FREE_TEXT_KEYS = new Set([
  'body',
  'caption',
  'filename',
  'address',
  'title',
  'description',
  'text',
  'formatted_name',
]);

type Mutation =
  | { kind: 'free-text'; at: number; value: string }
  | { kind: 'repeat'; at: number }
  | { kind: 'delete'; at: number }
  | { kind: 'wrong-type'; at: number; value: unknown }
  | { kind: 'huge'; at: number; value: string }
  | { kind: 'unicode'; at: number; value: string }
  | { kind: 'timestamp'; at: number; value: unknown }
  | { kind: 'unsafe-key'; at: number; key: '__proto__' | 'constructor'; value: unknown }
  | { kind: 'deep'; at: number; depth: number };

/** Mutations that keep the payload one Meta could send: the api must store it and answer 200. */
const BENIGN = new Set<Mutation['kind']>(['free-text', 'repeat']);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('free-text' as const), at: fc.nat(), value: fc.oneof(unicodeArb, hugeStringArb) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('wrong-type' as const), at: fc.nat(), value: wrongTypeArb }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), value: hugeStringArb }),
  fc.record({ kind: fc.constant('unicode' as const), at: fc.nat(), value: unicodeArb }),
  fc.record({ kind: fc.constant('timestamp' as const), at: fc.nat(), value: oddTimestampArb }),
  fc.record({
    kind: fc.constant('unsafe-key' as const),
    at: fc.nat(),
    key: fc.constantFrom('__proto__' as const, 'constructor' as const),
    value: fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, 'x'),
  }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 1000, max: 20_000 }) }),
);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pathsOf(node: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : isObject(node)
      ? Object.entries(node)
      : [];
  for (const [key, child] of children) {
    out.push([...prefix, key]);
    pathsOf(child, [...prefix, key], out);
  }
  return out;
}

function at(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

const DEEP_MARK = '__FUZZ_DEEP__';

/** Applies the mutations to a copy of the envelope; what it did, for the failure message. */
function mutate(envelope: Json, mutations: Mutation[]): { payload: Json; deep: number[]; applied: string[] } {
  const payload = structuredClone(envelope);
  const deep: number[] = [];
  const applied: string[] = [];
  for (const mutation of mutations) {
    const all = pathsOf(payload);
    const candidates =
      mutation.kind === 'free-text'
        ? all.filter((p) => FREE_TEXT_KEYS.has(String(p.at(-1))) && typeof at(payload, p) === 'string')
        : mutation.kind === 'repeat'
          ? all.filter((p) => typeof p.at(-1) === 'number')
          : mutation.kind === 'timestamp'
            ? all.filter((p) => /timestamp$/.test(String(p.at(-1))))
            : mutation.kind === 'unsafe-key'
              ? [[], ...all.filter((p) => isObject(at(payload, p)))]
              : all;
    if (candidates.length === 0) continue;
    const path = candidates[mutation.at % candidates.length];
    const parent = at(payload, path.slice(0, -1)) as Record<string | number, unknown> & unknown[];
    const key = path.at(-1)!;
    applied.push(`${mutation.kind} at ${path.join('.') || '(root)'}`);
    switch (mutation.kind) {
      case 'repeat':
        parent.splice(key as number, 0, structuredClone(parent[key as number]));
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'unsafe-key':
        // An own enumerable property named like the prototype: JSON.stringify writes it out.
        Object.defineProperty(at(payload, path), mutation.key, {
          value: structuredClone(mutation.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case 'deep':
        deep.push(mutation.depth);
        parent[key] = DEEP_MARK;
        break;
      case 'free-text':
      case 'wrong-type':
      case 'huge':
      case 'unicode':
      case 'timestamp':
        // A copy: later mutations may write into it, and fast-check replays its values when shrinking.
        parent[key] = structuredClone(mutation.value);
        break;
    }
  }
  return { payload, deep, applied };
}

/** Serialised as Meta sends it, with each deep mark replaced by JSON nested that deep (JSON.stringify cannot). */
function metaBytes(payload: Json, deep: number[]): string {
  let raw = toMetaJson(payload);
  for (const depth of deep) raw = raw.replace(`"${DEEP_MARK}"`, '{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth));
  return raw;
}

function oneMessage(sender: Sender, message: Json): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: BUSINESS,
              contacts: [contactOf(sender)],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

function messagesIn(payload: Json): number {
  return (payload.entry as Json[]).reduce(
    (sum, entry) =>
      sum +
      (entry.changes as Json[]).reduce(
        (inner, change) =>
          inner +
          (change.field === 'messages' ? (((change.value as Json).messages as unknown[] | undefined)?.length ?? 0) : 0),
        0,
      ),
    0,
  );
}

// --- arbitraries: anything at all ------------------------------------------------------------

/** Anything a client could send with the right signature: bytes, text, JSON, broken JSON, deep JSON. */
const arbitraryBodyArb: fc.Arbitrary<{ raw: string | Uint8Array; contentType: string }> = fc.record({
  raw: fc.oneof(
    fc.json(),
    fc.jsonValue().map(toMetaJson),
    fc
      .anything({ maxDepth: 4 })
      .map((v) => JSON.stringify(v) as string | undefined)
      .filter((s): s is string => s !== undefined),
    fc.uint8Array({ maxLength: 4096 }),
    fc.string({ unit: 'binary', maxLength: 2000 }),
    fc
      .record({ object: fc.anything({ maxDepth: 2 }), entry: fc.anything({ maxDepth: 3 }) })
      .map((v) => JSON.stringify(v)),
    // A real envelope cut short, or with bytes changed: what a proxy or a bad client might leave.
    fc
      .tuple(
        envelopeArb.map((e) => toMetaJson(e)),
        fc.nat(),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
      )
      .map(([raw, cut, where, bytes]) => {
        const buffer = Buffer.from(raw);
        return cut % 2 === 0
          ? buffer.subarray(0, cut % buffer.length)
          : Buffer.concat([buffer.subarray(0, where % buffer.length), bytes, buffer.subarray(where % buffer.length)]);
      }),
    fc
      .tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
      .map(([depth, [open, close]]) => open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth)),
    fc.constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '""',
      '[]',
      '{}',
      '{"object":"whatsapp_business_account"}',
      '\ufeff{}',
    ),
  ),
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'APPLICATION/JSON',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
      ),
    },
  ),
});

// --- the suite -------------------------------------------------------------------------------

const params = (numRuns: number) => ({
  seed: SEED,
  numRuns,
  interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
  markInterruptAsFailure: true,
});

describe('webhook fuzz', () => {
  beforeAll(async () => {
    process.stderr.write(`\n  webhook fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})\n\n`);
    graph = new ScriptedGraphApi();
    await graph.start();
    database = await databaseFor(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    api = await startAppProcess('api', {
      ...STACK_SECRETS,
      ...database.env,
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      // Over-limit notices go out through the outbox: to a Graph API that answers.
      WHATSAPP_API_BASE_URL: graph.url,
      // Turns, the sweeper and the monitor stay idle: this is about the webhook, not replies.
      TURN_COALESCE_MS: '3600000',
      TURN_MAX_WAIT_MS: '3600000',
      SWEEPER_INTERVAL_MS: '3600000',
      MONITOR_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
    });
  }, 120_000);

  afterAll(async () => {
    // What the api made of it besides the status: refusals and warnings are not failures, but
    // they say which paths the run reached (over-limit notices, items the database refused).
    const logged: Record<string, number> = {};
    const refusals = new Set<string>();
    for (const line of api?.lines() ?? []) {
      if (line.level !== 'warn' && line.level !== 'error') continue;
      const key = `${String(line.level)} ${String(line.event ?? line.message)}${typeof line.outcome === 'string' ? ` ${line.outcome}` : ''}`;
      logged[key] = (logged[key] ?? 0) + 1;
      if (line.outcome === 'refused') refusals.add(String(line.error).slice(0, 160));
    }
    process.stderr.write(
      `\n  webhook fuzz (seed ${SEED}) statuses seen: ${JSON.stringify(seen)}\n  sends to the Graph API: ${graph?.sends().length ?? 0}; logged: ${JSON.stringify(logged)}\n  refused because: ${JSON.stringify([...refusals])}\n\n`,
    );
    await api?.stop();
    await graph?.stop();
    await database?.dispose();
  }, 60_000);

  it(
    'should answer any signed body with 200 or a JSON 4xx, never a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryBodyArb, async ({ raw, contentType }) => {
          const answer = await postSigned('arbitrary', raw, contentType);
          expectHandled(answer, `${contentType} ${describeBody(raw)}`);
        }),
        params(RUNS.arbitrary),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should store any envelope Meta could send (200), and answer mutated ones without a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          envelopeArb,
          fc.array(mutationArb, { maxLength: 4 }),
          // Meta retries a webhook it got no answer to while the first may still be running.
          fc.constantFrom(1, 1, 2, 3),
          async (envelope, mutations, copies) => {
            const { payload, deep, applied } = mutate(envelope, mutations);
            const raw = metaBytes(payload, deep);
            const answers = await Promise.all(Array.from({ length: copies }, () => postSigned('envelopes', raw)));
            const what = `${copies} at once; mutations: ${applied.join('; ') || 'none'}\n${describeBody(raw)}`;
            for (const answer of answers) {
              expectHandled(answer, what);
              if (Buffer.byteLength(raw) > BODY_LIMIT) {
                expect({ status: answer.status, what }).toEqual({ status: 413, what });
                continue;
              }
              if (answer.status === 200) {
                // Whatever passed validation, the database took: a 200 stops Meta's retries, so a
                // refused item would be a message lost.
                const { messages, statuses } = JSON.parse(answer.text!) as {
                  messages: { refused: number };
                  statuses: { refused: number };
                };
                expect({ refused: [messages.refused, statuses.refused], what }).toEqual({ refused: [0, 0], what });
              }
              if (!mutations.every((m) => BENIGN.has(m.kind))) continue;
              expect({ status: answer.status, what }).toEqual({ status: 200, what });
              const receipt = JSON.parse(answer.text!) as { messages: Json; statuses: Json };
              // Refused means the database would not take it: a message Meta sent, lost.
              expect({ receipt, what }).toEqual({
                receipt: {
                  ...receipt,
                  messages: { ...receipt.messages, received: messagesIn(payload), refused: 0 },
                  statuses: { ...receipt.statuses, refused: 0 },
                },
                what,
              });
            }
          },
        ),
        params(RUNS.envelopes),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should answer 401 to any body not signed with the app secret',
    async () => {
      const forgedArb = fc
        .record({
          raw: fc.oneof(
            envelopeArb.map((e) => toMetaJson(e)),
            fc.jsonValue({ maxDepth: 3 }).map(toMetaJson),
            fc.json({ maxDepth: 2 }),
          ),
          signature: fc.oneof(
            fc.constant({ kind: 'none' as const }),
            fc
              .constantFrom('', '   ', 'sha256=', 'sha1=0123', 'SHA256=x', 'sha256=zz')
              .map((v) => ({ kind: 'fixed' as const, v })),
            fc.constant({ kind: 'wrong-secret' as const }),
            fc.constant({ kind: 'other-body' as const }),
            fc.constant({ kind: 'uppercase-prefix' as const }),
            fc.integer({ min: 1, max: 63 }).map((n) => ({ kind: 'truncated' as const, n })),
            fc.constant({ kind: 'extended' as const }),
            fc.constant({ kind: 'twice' as const }),
            fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => ({ kind: 'fixed' as const, v: `sha256=${hex}` })),
            fc.string({ unit: fc.constantFrom(...'abcdefsha256= ,0123456789ABCDEF-_+/'), maxLength: 90 }).map((v) => ({
              kind: 'fixed' as const,
              v,
            })),
          ),
        })
        // Fastify refuses these keys while parsing, before any guard runs (400): property 1 has them.
        .filter(({ raw }) => !/"(__proto__|constructor)"/.test(raw));

      await fc.assert(
        fc.asyncProperty(forgedArb, async ({ raw, signature }) => {
          const right = signWebhookBody(raw, APP_SECRET);
          const header: string | undefined = (() => {
            switch (signature.kind) {
              case 'none':
                return undefined;
              case 'fixed':
                return signature.v;
              case 'wrong-secret':
                return signWebhookBody(raw, `${APP_SECRET}-rotated`);
              case 'other-body':
                return signWebhookBody(`${raw} `, APP_SECRET);
              case 'uppercase-prefix':
                return right.replace('sha256=', 'SHA256=');
              case 'truncated':
                return right.slice(0, 'sha256='.length + signature.n);
              case 'extended':
                return `${right}0`;
              case 'twice':
                // Two header lines reach the app joined by a comma: not one signature.
                return `${right}, ${right}`;
            }
          })();
          if (header === right) return;
          const answer = await post('forged', raw, {
            'content-type': 'application/json',
            ...(header !== undefined && { 'x-hub-signature-256': header }),
          });
          const what = `signature ${JSON.stringify(header)} over ${describeBody(raw)}`;
          expectHandled(answer, what);
          expect({ status: answer.status, what }).toEqual({ status: 401, what });
        }),
        params(RUNS.forged),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should answer 413 to a body over the limit and 200 to one just within it, sent whole or chunked',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          // Half of them at the limit's edge, either side of it: the off-by-one is where it goes wrong.
          fc.oneof(fc.integer({ min: -64, max: 64 }), fc.integer({ min: 65, max: 2 * BODY_LIMIT })),
          fc.boolean(),
          fc.boolean(),
          phoneArb,
          wamidArb,
          async (overBy, chunked, signed, phone, id) => {
            const sender = { phone };
            const message = { from: phone, id, timestamp: String(NOW), type: 'text', text: { body: '' } };
            const frame = toMetaJson(oneMessage(sender, message)).length;
            message.text.body = 'x'.repeat(BODY_LIMIT + overBy - frame);
            const { body, signature } = signedBody(oneMessage(sender, message), APP_SECRET);
            expect(body.length).toBe(BODY_LIMIT + overBy);
            const bytes = Buffer.from(body);
            const sent = chunked
              ? new ReadableStream<Uint8Array>({
                  start(controller) {
                    for (let i = 0; i < bytes.length; i += 64 * 1024)
                      controller.enqueue(bytes.subarray(i, i + 64 * 1024));
                    controller.close();
                  },
                })
              : body;
            const answer = await post('oversize', sent, {
              'content-type': 'application/json',
              ...(signed && { 'x-hub-signature-256': signature }),
            });
            const what = `${bytes.length} bytes, ${chunked ? 'chunked' : 'with Content-Length'}, ${signed ? 'signed' : 'unsigned'}`;
            expectHandled(answer, what);
            const expected = overBy > 0 ? 413 : signed ? 200 : 401;
            expect({ status: answer.status, what }).toEqual({ status: expected, what });
          },
        ),
        params(RUNS.oversize),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it('should still be running and live after all of it, having logged no 5xx', async () => {
    const live = await fetch(`${api!.url}/health/live`);
    expect(live.status).toBe(200);
    expect({ exitCode: api!.child.exitCode, signal: api!.child.signalCode }).toEqual({ exitCode: null, signal: null });
    // The server's own account: a 5xx the client never saw (a reset connection) is still a 5xx.
    const failures = api!
      .lines()
      .filter(
        (line) =>
          (line.event === 'http_request' && typeof line.status === 'number' && line.status >= 500) ||
          line.message === 'request failed',
      );
    expect(failures).toEqual([]);
  }, 30_000);
});

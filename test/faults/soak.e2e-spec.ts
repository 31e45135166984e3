import { readFileSync } from 'node:fs';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { TEST_DATABASE_URL } from '../support/database.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase, until } from '../support/stack.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../whatsapp/meta-webhooks.js';

/**
 * A soak: the built api as its own process (on Postgres when TEST_DATABASE_URL is set, else on
 * PGlite), the sandbox as Meta and the SOAP inventory, customers writing at a fixed open-loop
 * rate for SOAK_SECONDS while the api's RSS is read from /proc every second. Open loop: a
 * message is due every 1/SOAK_RATE s whether or not earlier ones were answered, so a slowing
 * api meets the same load instead of being given a rest. The customers take turns, so each
 * writes again only after a think time (customers ÷ rate: 10 s), by which time its previous
 * message has been answered (about 2 s with the default quiet window).
 *
 * At the end: every message stored once and answered by exactly one turn, every reply the
 * sandbox received recorded once (nothing sent twice), no 5xx anywhere, the process alive and
 * its memory flat: the mean RSS of the run's last quarter within 25% of the second quarter's
 * (the first quarter is warm-up: JIT, pools, caches), and the V8 heap's floor (its least
 * used size in a quarter, read from GET /metrics each second: what a major GC leaves) too.
 *
 * The api runs with its old space capped at SOAK_HEAP_MB (256 MB; 0 leaves V8's own sizing),
 * as a container's memory limit would have it. Uncapped on a machine with gigabytes free, V8
 * lets the old space grow by a hundred MB or more between major GCs, and RSS follows it up in
 * steps it keeps (seen here at 20 messages/s: RSS 193 → 379 MB in the first minute, +16% from
 * the second quarter to the last, while what a GC left on the heap went down; over three
 * minutes, RSS stepping up at each of the major GCs 60–80 s apart), so a one-minute run
 * measures V8's heap sizing more than the api. With the cap, major GCs come every few seconds:
 * RSS settles within the warm-up quarter (600 s capped: +2.6% from the second quarter to the
 * last), a leak on the heap raises the heap floor (and ends in an out-of-memory crash, which the
 * liveness check sees), and one outside it (buffers, sockets, PGlite's memory) raises RSS.
 *
 * CI runs 60 s; the full soak is `SOAK_SECONDS=600 npm test -- test/faults/soak` (about 11
 * minutes). SOAK_RATE (messages/s, default 20) and SOAK_THINK_SECONDS (default 10) shape it.
 */
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const THINK_SECONDS = Number(process.env.SOAK_THINK_SECONDS ?? 10);
const HEAP_MB = Number(process.env.SOAK_HEAP_MB ?? 256);
const CUSTOMERS = Math.max(1, Math.round(RATE * THINK_SECONDS));
const GROWTH_LIMIT = 0.25;
/** From the last message sent until everything is answered and sent: the quiet window, a turn, the sends. */
const DRAIN_MS = 60_000;
/** The sandbox keeps its newest 2,000 events; read them well before that many more arrive (≈3 per message). */
const SANDBOX_POLL_MS = Math.min(5000, Math.floor(((2000 / 3 / RATE) * 1000) / 2));
const WEBHOOK_TIMEOUT_MS = 10_000;
const TEXTS = [
  'hola',
  '¿tienen tenis negros talla 27?',
  'busco playeras azules',
  '¿a qué hora abren?',
  '¿cuánto cuestan las botas café?',
  'gracias',
];

interface Sample {
  /** Seconds since the first message. */
  t: number;
  value: number;
}

interface SentMessage {
  phone: string;
  wamid: string;
}

interface AdminMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  waMessageId: string | null;
  status: string;
}

interface SandboxEvent {
  kind: 'message' | 'read';
  to: string | null;
  wamid?: string;
  seq: number;
}

/** The resident set of a process, from the kernel's own count (what an OOM killer or a container limit sees). */
function rssMb(pid: number): number | undefined {
  try {
    const found = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return found ? Number(found[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const mb = (value: number) => `${value.toFixed(0)} MB`;
/** The samples of one part of the run, as fractions of it: [0.25, 0.5) is the second quarter. */
const part = (samples: Sample[], from: number, to: number) =>
  samples.filter((s) => s.t >= from * SOAK_SECONDS && s.t < to * SOAK_SECONDS).map((s) => s.value);

describe(`soak: ${RATE} messages/s for ${SOAK_SECONDS} s against the api process`, () => {
  let sandbox: AppProcess | undefined;
  let api: AppProcess | undefined;
  let database: TestDatabase | undefined;
  const kind = TEST_DATABASE_URL ? 'postgres' : 'pglite';

  beforeAll(async () => {
    const apiPort = await freePort();
    sandbox = await startAppProcess('sandbox', {
      ...STACK_SECRETS,
      SANDBOX_PORT: '0',
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/whatsapp`,
    });
    const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
    database = await databaseFor(kind);
    api = await startAppProcess('api', {
      ...STACK_SECRETS,
      ...database.env,
      PORT: String(apiPort),
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
      // Every request comes from 127.0.0.1 and the final reads go through one admin key:
      // the per-address and per-key limits are not what this soak is about.
      RATE_LIMIT_IP: '1000000',
      RATE_LIMIT_USER: '1000000',
      // Production's level: the log lines are part of the work a message costs.
      LOG_LEVEL: 'info',
      ...(HEAP_MB > 0 && { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` }),
    });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await sandbox?.stop();
    await database?.dispose();
  }, 90_000);

  it(
    'should answer every message once, with no 5xx, and keep its memory flat',
    async () => {
      const app = api!;
      const sandboxUrl = sandbox!.url;
      const pid = app.child.pid!;
      const phones = Array.from({ length: CUSTOMERS }, () => customerPhone());
      const ours = new Set(phones);
      const written = phones.map(() => 0);
      const startedAt = performance.now();
      const seconds = () => (performance.now() - startedAt) / 1000;
      const sent: SentMessage[] = [];
      const statuses = new Map<number | string, number>();
      /** Each answered webhook: when it was sent, and how long it took (ms). */
      const webhooks: Sample[] = [];
      /** When each webhook that did not get a 200 was sent, and what it got. */
      const failures: { t: number; what: string }[] = [];
      const inFlight = new Set<Promise<void>>();

      const send = (index: number) => {
        const phone = phones[index];
        const text = TEXTS[(index + written[index]++) % TEXTS.length];
        const message = messageFrom({ phone }, 'text', { text: { body: text } });
        const { body, signature } = signedBody(
          messagesWebhook({ phone, name: 'Cliente' }, [message]),
          STACK_SECRETS.WHATSAPP_APP_SECRET,
        );
        sent.push({ phone, wamid: message.id as string });
        const started = performance.now();
        const t = seconds();
        const request = fetch(`${app.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        })
          .then(async (response) => {
            await response.arrayBuffer();
            webhooks.push({ t, value: performance.now() - started });
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status !== 200) failures.push({ t, what: String(response.status) });
          })
          .catch((error: unknown) => {
            const name = `error: ${(error as Error).name}`;
            statuses.set(name, (statuses.get(name) ?? 0) + 1);
            failures.push({ t, what: name });
          })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      };

      // The sandbox's outbox, read as it goes: it keeps only its newest events.
      const received = new Map<number, SandboxEvent>();
      let lastSeq = 0;
      let missedEvents = 0;
      const readSandbox = async () => {
        const fresh = (await (
          await fetch(`${sandboxUrl}/sandbox/graph-api/messages?after=${lastSeq}`)
        ).json()) as SandboxEvent[];
        if (fresh.length > 0 && fresh[0].seq > lastSeq + 1) missedEvents += fresh[0].seq - lastSeq - 1;
        for (const event of fresh) {
          if (event.kind === 'message' && ours.has(event.to ?? '')) received.set(event.seq, event);
        }
        lastSeq = Math.max(lastSeq, ...fresh.map((e) => e.seq));
      };

      const rss: Sample[] = [];
      const heap: Sample[] = [];
      /** GCs by kind (major, minor, incremental, weakcb) at the first scrape and the last. */
      const gcs: { first?: Map<string, number>; last?: Map<string, number> } = {};
      let scraping = false;
      // As a Prometheus scraper would read it; one scrape at a time, so a slow api is not piled on.
      const scrape = async (t: number) => {
        const text = await (await fetch(`${app.url}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
        const used = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
        if (used) heap.push({ t, value: Number(used[1]) / 1024 / 1024 });
        const counts = new Map(
          [...text.matchAll(/^nodejs_gc_duration_seconds_count\{kind="(\w+)"\} (\S+)/gm)].map(([, k, n]) => [
            k,
            Number(n),
          ]),
        );
        gcs.first ??= counts;
        gcs.last = counts;
      };
      const sample = () => {
        const t = seconds();
        const value = rssMb(pid);
        if (value !== undefined) rss.push({ t, value });
        if (scraping) return;
        scraping = true;
        void scrape(t)
          .catch(() => undefined)
          .finally(() => (scraping = false));
      };
      sample();
      const sampler = setInterval(sample, 1000);
      let sandboxReads = Promise.resolve();
      const sandboxPoller = setInterval(() => {
        sandboxReads = sandboxReads.then(readSandbox).catch(() => undefined);
      }, SANDBOX_POLL_MS);
      // A test that fails half-way does not leave them holding the worker open.
      sampler.unref();
      sandboxPoller.unref();

      const total = Math.round(SOAK_SECONDS * RATE);
      try {
        // Message k is due at k / RATE s: whatever is due is sent, without waiting for answers.
        let next = 0;
        while (next < total) {
          const due = Math.min(total, Math.floor(seconds() * RATE) + 1);
          for (; next < due; next++) send(next % CUSTOMERS);
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, (next / RATE - seconds()) * 1000)));
        }
        await Promise.all([...inFlight]);
      } finally {
        clearInterval(sampler);
      }
      const sendSeconds = seconds();

      // Every message answered by a turn (the api's own record, cheap to poll), then the store settled.
      const answeredBy = new Map<string, number>();
      const turnsOf = () => {
        answeredBy.clear();
        for (const line of app.lines()) {
          if (line.event !== 'turn' || !String(line.outcome).startsWith('answered')) continue;
          for (const wamid of line.waMessageIds as string[]) answeredBy.set(wamid, (answeredBy.get(wamid) ?? 0) + 1);
        }
        return sent.every((m) => answeredBy.has(m.wamid)) ? true : undefined;
      };
      await until(turnsOf, `${total} messages answered`, DRAIN_MS).catch(() => undefined);
      const answeredSeconds = seconds();

      const admin = async (path: string) => {
        const response = await fetch(`${app.url}${path}`, {
          headers: { 'x-api-key': STACK_SECRETS.ADMIN_API_KEY, 'cache-control': 'no-cache' },
        });
        if (response.status === 404) return undefined;
        if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
        return (await response.json()) as unknown;
      };
      const storedFor = async (phone: string): Promise<AdminMessage[]> => {
        const customer = (await admin(`/admin/customers?phone=${phone}`)) as
          { conversations: { id: string }[] } | undefined;
        const messages: AdminMessage[] = [];
        for (const { id } of customer?.conversations ?? []) {
          let cursor: string | null = null;
          do {
            const page = (await admin(
              `/admin/conversations/${id}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
            )) as { items: AdminMessage[]; nextCursor: string | null };
            messages.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor !== null);
        }
        return messages;
      };
      const stored = new Map<string, AdminMessage[]>();
      const storeSettled = async () => {
        for (const phone of phones) stored.set(phone, await storedFor(phone));
        const pending = [...stored.values()].flat().filter((m) => ['received', 'queued'].includes(m.status));
        return pending.length === 0 ? true : undefined;
      };
      await until(storeSettled, 'every message answered and every reply sent in the store', DRAIN_MS).catch(
        () => undefined,
      );
      clearInterval(sandboxPoller);
      await sandboxReads;
      await readSandbox();

      // What the run saw, whatever the verdict.
      const rssWarm = mean(part(rss, 0.25, 0.5));
      const rssEnd = mean(part(rss, 0.75, 1.01));
      const rssAll = part(rss, 0, 1.01);
      const heapWarm = Math.min(...part(heap, 0.25, 0.5));
      const heapEnd = Math.min(...part(heap, 0.75, 1.01));
      const webhookP50 = percentile(part(webhooks, 0, 1.01), 50).toFixed(1);
      const webhookP99 = [0, 0.25, 0.5, 0.75]
        .map((from) => percentile(part(webhooks, from, from + 0.25), 99).toFixed(0))
        .join(' / ');
      const notOk =
        failures.length === 0
          ? ''
          : `; not 200: ${failures.length}, sent at ${failures
              .slice(0, 20)
              .map((f) => `${f.t.toFixed(0)} s`)
              .join(', ')}`;
      const change = (to: number, from: number) => `${to >= from ? '+' : ''}${((to / from - 1) * 100).toFixed(1)}%`;
      process.stderr.write(
        [
          '',
          `soak (${kind}, old space ${HEAP_MB > 0 ? `capped at ${HEAP_MB} MB` : 'uncapped'}): ${sent.length} messages from ${CUSTOMERS} customers in ${sendSeconds.toFixed(1)} s = ${(sent.length / sendSeconds).toFixed(1)} messages/s sent; ` +
            `${answeredBy.size} answered by ${answeredSeconds.toFixed(1)} s = ${(answeredBy.size / answeredSeconds).toFixed(1)}/s overall`,
          `webhook: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}; p50 ${webhookP50} ms; p99 by quarter ${webhookP99} ms${notOk}`,
          `RSS: start ${mb(rssAll[0])}, warm (2nd quarter mean) ${mb(rssWarm)}, end (last quarter mean) ${mb(rssEnd)} = ${change(rssEnd, rssWarm)}, max ${mb(Math.max(...rssAll))} (${rssAll.length} samples)`,
          `RSS every 5 s (MB): ${rssAll
            .filter((_, i) => i % 5 === 0)
            .map((v) => v.toFixed(0))
            .join(' ')}`,
          `heap used: floor warm ${mb(heapWarm)}, floor end ${mb(heapEnd)} = ${change(heapEnd, heapWarm)}, max ${mb(Math.max(...heap.map((s) => s.value)))}; GCs during the run: ${[...(gcs.last ?? [])].map(([k, n]) => `${k} ${n - (gcs.first?.get(k) ?? 0)}`).join(', ')}`,
          `api log: ${app.lines().length} lines; sandbox replies seen ${received.size}${missedEvents ? `, ${missedEvents} events missed` : ''}`,
          '',
        ].join('\n'),
      );

      // No 5xx: not to the messages sent here, nor to anything else the api answered (the
      // sandbox's status webhooks, the scrapes, the admin reads).
      expect(Object.fromEntries(statuses)).toEqual({ 200: sent.length });
      const serverErrors = app
        .lines()
        .filter((l) => l.event === 'http_request' && Number(l.status) >= 500)
        .map((l) => `${String(l.method)} ${String(l.url)} ${String(l.status)}`);
      expect(serverErrors).toEqual([]);

      // Alive, and still serving.
      expect({ code: app.child.exitCode, signal: app.child.signalCode }).toEqual({ code: null, signal: null });
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);

      // Stored once and answered by exactly one turn.
      const wamidsByPhone = new Map<string, string[]>();
      for (const m of sent) wamidsByPhone.set(m.phone, [...(wamidsByPhone.get(m.phone) ?? []), m.wamid]);
      const notStoredOnce: string[] = [];
      const notAnswered: string[] = [];
      for (const phone of phones) {
        const inbound = (stored.get(phone) ?? []).filter((m) => m.direction === 'inbound');
        const storedIds = inbound.map((m) => m.waMessageId).sort();
        if (JSON.stringify(storedIds) !== JSON.stringify([...(wamidsByPhone.get(phone) ?? [])].sort())) {
          notStoredOnce.push(phone);
        }
        notAnswered.push(...inbound.filter((m) => m.status !== 'answered').map((m) => `${m.waMessageId} ${m.status}`));
      }
      expect(notStoredOnce).toEqual([]);
      expect(notAnswered).toEqual([]);
      expect(
        sent.filter((m) => answeredBy.get(m.wamid) !== 1).map((m) => `${m.wamid} ×${answeredBy.get(m.wamid) ?? 0}`),
      ).toEqual([]);

      // Nothing sent twice: the replies the sandbox received are the ones the store holds as sent.
      expect(missedEvents).toBe(0);
      const outbound = [...stored.values()].flat().filter((m) => m.direction === 'outbound');
      expect(outbound.filter((m) => m.waMessageId === null || m.status === 'failed')).toEqual([]);
      expect([...received.values()].map((e) => e.wamid).sort()).toEqual(outbound.map((m) => m.waMessageId).sort());

      // Flat: no growth from the second quarter (warm) to the last, in RSS nor on the heap.
      expect(rssAll.length).toBeGreaterThanOrEqual(Math.floor(SOAK_SECONDS * 0.9));
      expect(heap.length).toBeGreaterThanOrEqual(Math.floor(SOAK_SECONDS * 0.5));
      expect(rssEnd).toBeLessThanOrEqual(rssWarm * (1 + GROWTH_LIMIT));
      expect(heapEnd).toBeLessThanOrEqual(heapWarm * (1 + GROWTH_LIMIT));
    },
    (SOAK_SECONDS + 2 * (DRAIN_MS / 1000) + 60) * 1000,
  );
});

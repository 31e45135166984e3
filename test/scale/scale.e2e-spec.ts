import pg from 'pg';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { TEST_DATABASE_URL } from '../support/database.js';
import { TEST_REDIS_URL, deleteKeys, uniquePrefix } from '../support/redis.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase, until } from '../support/stack.js';
import {
  customerPhone,
  messageFrom,
  messagesWebhook,
  now,
  signedBody,
  statusesWebhook,
  statusOf,
} from '../whatsapp/meta-webhooks.js';

/**
 * Scale-out, from the outside: three api processes (WORKER_MODE=api) and a worker process
 * (WORKER_MODE=worker) on one Postgres and one Redis, the sandbox as Meta and the inventory.
 * Customers write in bursts (messages 1 s apart, each to another instance), Meta-like retries
 * and replays go to another instance, statuses arrive out of order; then again while an api
 * instance and the worker are SIGKILLed mid-run. Every message stored once, every burst answered
 * once and in order, no reply sent twice, the per-phone limit one limit across instances.
 *
 * `SCALE_PROFILE=full` runs the documented profile (200 conversations × 10 messages); the
 * default is the short one CI runs.
 */
const FULL = process.env.SCALE_PROFILE === 'full';
const PROFILE = FULL ? { conversations: 200, messages: 10 } : { conversations: 24, messages: 6 };
const BURST_GAP_MS = 1000;
/**
 * Two seconds more than the gap: on two busy cores a webhook can take over a second to be stored,
 * and a burst whose messages land further apart than the quiet window is rightly two turns.
 */
const QUIET_MS = 3000;
const PHONE_LIMIT = 15;

const describeScale = TEST_DATABASE_URL && TEST_REDIS_URL ? describe : describe.skip;
if (!TEST_DATABASE_URL || !TEST_REDIS_URL) {
  process.stderr.write('\n  SKIPPED "scale-out": set TEST_DATABASE_URL and TEST_REDIS_URL to run it\n\n');
}

/** Seeded, so a failing run can be replayed with the same bursts and targets (SCALE_SEED). */
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

interface SentEvent {
  kind: string;
  to: string | null;
  wamid?: string;
  seq: number;
}

/**
 * Everything the sandbox's Graph API received, collected as it happens: the sandbox keeps only
 * its newest 2,000 events, fewer than the full profile's replies and read receipts.
 */
class OutboxFollower {
  private readonly events: SentEvent[] = [];
  private seq = 0;
  private running?: Promise<void>;
  private stopping = false;
  private url = '';

  follow(sandboxUrl: string): void {
    this.url = sandboxUrl;
    this.running = (async () => {
      while (!this.stopping) {
        await this.poll();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
  }

  /** Every event so far, the newest included. */
  async all(): Promise<SentEvent[]> {
    await this.poll();
    return this.events;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private async poll(): Promise<void> {
    const response = await fetch(`${this.url}/sandbox/graph-api/messages?after=${this.seq}`);
    for (const event of (await response.json()) as SentEvent[]) {
      if (event.seq <= this.seq) continue;
      this.events.push(event);
      this.seq = event.seq;
    }
  }
}

interface Customer {
  phone: string;
  /** Bursts of wamids, in the order sent. */
  bursts: string[][];
}

describeScale('scale-out: three api instances and a worker on Postgres and Redis', () => {
  const seed = Number(process.env.SCALE_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  let sandbox: AppProcess;
  let worker: AppProcess;
  const apis: (AppProcess | undefined)[] = [];
  let database: TestDatabase;
  let db: pg.Pool;
  let env: Record<string, string>;
  const prefix = uniquePrefix('scale');
  const outbox = new OutboxFollower();

  beforeAll(async () => {
    process.stderr.write(
      `scale-out: seed ${seed} (SCALE_SEED=${seed} replays it), profile ${JSON.stringify(PROFILE)}\n`,
    );
    sandbox = await startAppProcess('sandbox', {
      ...STACK_SECRETS,
      SANDBOX_PORT: '0',
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/webhooks/whatsapp`,
      // The suite sends the statuses itself, out of order and to any instance.
      SANDBOX_STATUS_WEBHOOKS: 'false',
    });
    const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
    database = await databaseFor('postgres');
    db = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
    env = {
      ...STACK_SECRETS,
      ...database.env,
      REDIS_URL: TEST_REDIS_URL!,
      CACHE_KEY_PREFIX: prefix,
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
      TURN_COALESCE_MS: String(QUIET_MS),
      TURN_MAX_WAIT_MS: '8000',
      TURN_LEASE_SECONDS: '3',
      SWEEPER_INTERVAL_MS: '2000',
      SWEEPER_MIN_AGE_SECONDS: '15',
      RATE_LIMIT_PHONE: String(PHONE_LIMIT),
      // Every request of the suite comes from 127.0.0.1: the per-address limit is not under test here.
      RATE_LIMIT_IP: '100000',
      LOG_LEVEL: 'info',
    };
    const started = await Promise.all([
      ...[0, 1, 2].map(() => startAppProcess('api', { ...env, WORKER_MODE: 'api' })),
      startAppProcess('api', { ...env, WORKER_MODE: 'worker' }),
    ]);
    apis.push(...started.slice(0, 3));
    worker = started[3];
    outbox.follow(sandbox.url);
  }, 180_000);
  afterAll(async () => {
    await outbox.stop();
    await Promise.all([...apis, worker, sandbox].flatMap((app) => (app ? [app.stop()] : [])));
    await db?.end();
    await database?.dispose();
    await deleteKeys(TEST_REDIS_URL!, prefix);
  }, 120_000);

  /** Like Meta: a webhook that did not get 200 is sent again, here to another instance. */
  async function deliver(payload: unknown, first = Math.floor(random() * 3)): Promise<number> {
    const { body, signature } = signedBody(payload, STACK_SECRETS.WHATSAPP_APP_SECRET);
    for (let attempt = 0; attempt < 40; attempt++) {
      const api = apis[(first + attempt) % 3];
      if (!api) continue;
      try {
        const response = await fetch(`${api.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status === 200) return (first + attempt) % 3;
        if (response.status < 500) throw new Error(`webhook refused: ${response.status}`);
      } catch (error) {
        if ((error as Error).message.startsWith('webhook refused')) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('webhook not taken by any instance');
  }

  /** One customer's conversation: bursts of 1–3 messages 1 s apart, each to the next instance, a pause between. */
  async function converse(customer: Customer, messages: number): Promise<void> {
    const sender = { phone: customer.phone, name: 'Cliente' };
    const texts = ['hola', 'busco tenis', 'talla 27', '¿tienen en negro?', '¿cuánto cuestan?', 'gracias'];
    let sent = 0;
    while (sent < messages) {
      const size = Math.min(messages - sent, 1 + Math.floor(random() * 3));
      const burst: string[] = [];
      let target = Math.floor(random() * 3);
      for (let i = 0; i < size; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
        const message = messageFrom(sender, 'text', { text: { body: texts[(sent + i) % texts.length] } });
        const payload = messagesWebhook(sender, [message]);
        target = (await deliver(payload, target)) + 1;
        burst.push(message.id as string);
        // One in ten is replayed to another instance (Meta's at-least-once delivery).
        if (random() < 0.1) await deliver(payload, target + 1);
      }
      customer.bursts.push(burst);
      sent += size;
      // The customer reads the answer before writing again.
      await until(() => answered(burst.at(-1)!), `the answer to ${customer.phone}'s burst`, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 200 + random() * 800));
    }
  }

  async function answered(wamid: string): Promise<true | undefined> {
    const { rows } = await db.query<{ status: string }>('select status from messages where wa_message_id = $1', [
      wamid,
    ]);
    return rows[0]?.status === 'answered' ? true : undefined;
  }

  /** Statuses for every reply, read before delivered before sent, each to a random instance. */
  async function sendStatusesOutOfOrder(phones: string[]): Promise<void> {
    const { rows } = await db.query<{ wa_message_id: string; phone_number: string }>(
      `select m.wa_message_id, u.phone_number from messages m
         join conversations c on c.id = m.conversation_id join user_profiles u on u.id = c.customer_id
        where m.direction = 'outbound' and m.wa_message_id is not null and u.phone_number = any($1)`,
      [phones],
    );
    for (const status of ['read', 'delivered', 'sent']) {
      await Promise.all(
        rows.map((row) => deliver(statusesWebhook([statusOf(row.wa_message_id, status, now(), row.phone_number)]))),
      );
    }
  }

  /** What must hold once everything settled, for these customers. */
  async function expectEachAnsweredOnce(customers: Customer[]): Promise<void> {
    const phones = customers.map((c) => c.phone);
    const wamids = customers.flatMap((c) => c.bursts.flat());
    // Settled: nothing unanswered, nothing waiting to be sent.
    await until(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from messages m
             join conversations c on c.id = m.conversation_id join user_profiles u on u.id = c.customer_id
            where u.phone_number = any($1) and m.status in ('received', 'queued')`,
          [phones],
        );
        return rows[0].n === 0 ? true : undefined;
      },
      'every message answered and every reply sent',
      120_000,
    );
    // Every inbound message stored once and answered.
    const inbound = await db.query<{ wa_message_id: string; status: string }>(
      'select wa_message_id, status from messages where wa_message_id = any($1)',
      [wamids],
    );
    expect(inbound.rows).toHaveLength(wamids.length);
    expect(inbound.rows.filter((row) => row.status !== 'answered')).toEqual([]);

    // How far apart the database stored each burst's messages (the quiet window's own clock).
    const stored = await db.query<{ wa_message_id: string; at: number }>(
      'select wa_message_id, extract(epoch from created_at) * 1000 as at from messages where wa_message_id = any($1)',
      [wamids],
    );
    const storedAt = new Map(stored.rows.map((row) => [row.wa_message_id, Number(row.at)]));
    const gapsOf = (customer: Customer) =>
      customer.bursts.map((burst) => burst.slice(1).map((wamid, i) => storedAt.get(wamid)! - storedAt.get(burst[i])!));
    const widest = Math.max(0, ...customers.flatMap((customer) => gapsOf(customer).flat()));
    process.stderr.write(
      `scale-out: widest gap inside a burst ${widest.toFixed(0)} ms (quiet window ${QUIET_MS} ms)\n`,
    );

    const sent = await outbox.all();
    for (const customer of customers) {
      // One answer per burst, in the order of the bursts: a turn's reply is recorded under the id
      // of the last message it answers (`<message id>:<part>`).
      const replies = await db.query<{ answers: string | null; wa_message_id: string }>(
        `select i.wa_message_id as answers, m.wa_message_id from messages m
           join conversations c on c.id = m.conversation_id join user_profiles u on u.id = c.customer_id
           left join messages i on i.id::text = split_part(m.intent_key, ':', 1)
          where u.phone_number = $1 and m.direction = 'outbound' order by m.seq`,
        [customer.phone],
      );
      const turns = [...new Set(replies.rows.map((row) => row.answers))];
      const expected = customer.bursts.map((burst) => burst.at(-1));
      if (turns.join() !== expected.join()) {
        process.stderr.write(
          `scale-out: ${customer.phone}'s bursts ${JSON.stringify(customer.bursts)} stored ms apart ${JSON.stringify(gapsOf(customer))}\n`,
        );
      }
      expect({ phone: customer.phone, turns }).toEqual({ phone: customer.phone, turns: expected });
      // No reply sent twice: the sandbox received exactly the replies the database holds as sent.
      const received = sent.filter((event) => event.kind === 'message' && event.to === customer.phone);
      expect(received.map((event) => event.wamid).sort()).toEqual(replies.rows.map((row) => row.wa_message_id).sort());
    }
  }

  async function run(count: number, messages: number, during?: () => Promise<void>): Promise<Customer[]> {
    const customers: Customer[] = Array.from({ length: count }, () => ({ phone: customerPhone(), bursts: [] }));
    const started = Date.now();
    await Promise.all([
      // Arrivals spread over the first seconds, not all at once.
      ...customers.map(async (customer, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 3000) / count));
        await converse(customer, messages);
      }),
      during?.(),
    ]);
    process.stderr.write(
      `scale-out: ${count} conversations × ${messages} messages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return customers;
  }

  it('should store every message once and answer every burst once, in order, with replays and statuses out of order', async () => {
    const customers = await run(PROFILE.conversations, PROFILE.messages);
    await sendStatusesOutOfOrder(customers.map((c) => c.phone));
    await expectEachAnsweredOnce(customers);
    // Statuses arrived read → delivered → sent, to any instance: each reply ends read.
    const { rows } = await db.query<{ status: string; n: number }>(
      `select m.status::text as status, count(*)::int as n from messages m
         join conversations c on c.id = m.conversation_id join user_profiles u on u.id = c.customer_id
        where u.phone_number = any($1) and m.direction = 'outbound' group by 1`,
      [customers.map((c) => c.phone)],
    );
    expect(rows.map((row) => row.status)).toEqual(['read']);
  }, 600_000);

  it('should hold the per-phone limit as one limit across the instances', async () => {
    const sender = { phone: customerPhone(), name: 'Insistente' };
    const wamids: string[] = [];
    // Sent together, round-robin over the three instances.
    await Promise.all(
      Array.from({ length: PHONE_LIMIT + 6 }, async (_, i) => {
        const message = messageFrom(sender, 'text', { text: { body: `mensaje ${i}` } });
        wamids.push(message.id as string);
        await deliver(messagesWebhook(sender, [message]), i % 3);
      }),
    );
    const { rows } = await db.query<{ status: string; n: number }>(
      `select status::text as status, count(*)::int as n from messages where wa_message_id = any($1) group by 1`,
      [wamids],
    );
    const limited = rows.find((row) => row.status === 'rate_limited')?.n ?? 0;
    expect(limited).toBe(6);
  }, 120_000);

  it('should lose nothing and answer everything once when an api instance and the worker are killed mid-run', async () => {
    const customers = await run(PROFILE.conversations, Math.min(PROFILE.messages, 6), async () => {
      // Mid-run: the worker is answering (it has finished a turn of this run), customers are writing.
      const before = worker.lines().filter((l) => l.event === 'turn').length;
      await until(
        () => (worker.lines().filter((l) => l.event === 'turn').length > before ? true : undefined),
        'a turn of this run',
        60_000,
      );
      // An api instance dies: webhooks sent to it fail, and are sent again to the others.
      const victim = apis[1]!;
      apis[1] = undefined;
      victim.child.kill('SIGKILL');
      await victim.exited;
      // The worker dies mid-turn; its jobs go back to the queue when their lock runs out.
      worker.child.kill('SIGKILL');
      await worker.exited;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      worker = await startAppProcess('api', { ...env, WORKER_MODE: 'worker' });
      apis[1] = await startAppProcess('api', { ...env, WORKER_MODE: 'api' });
    });
    await expectEachAnsweredOnce(customers);
  }, 600_000);
});

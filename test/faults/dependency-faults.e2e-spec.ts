import { Redis } from 'ioredis';
import pg from 'pg';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { TEST_DATABASE_URL } from '../support/database.js';
import { PostgresProxy } from '../support/postgres-proxy.js';
import { deleteKeys, RedisProxy, TEST_REDIS_URL, uniquePrefix } from '../support/redis.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase, until } from '../support/stack.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../whatsapp/meta-webhooks.js';

/**
 * Each dependency fails in turn under the built api, run as its own process on Postgres and
 * Redis with the sandbox as Meta, the inventory and the LLM: Redis stopped and back, Postgres
 * cut and back, the SOAP inventory slow and down, Meta's send errors, the LLM failing. Whatever
 * fails, at the end every message is stored once, answered once, and no reply is sent twice.
 *
 * The api reaches Redis and Postgres through TCP proxies the suite cuts, as a network outage
 * would, without touching the machine's own servers.
 */

const describeFaults = TEST_DATABASE_URL && TEST_REDIS_URL ? describe : describe.skip;
if (!TEST_DATABASE_URL || !TEST_REDIS_URL) {
  process.stderr.write('\n  SKIPPED "dependency faults": set TEST_DATABASE_URL and TEST_REDIS_URL to run it\n\n');
}

const PRICE = /\$[\d,]+\.\d{2} MXN/;
const CANNOT_CHECK = /no puedo consultar el inventario/i;
/** How long a case may wait for an answer, on a busy 2-core machine. */
const ANSWER_TIMEOUT_MS = 45_000;

type Line = Record<string, unknown>;

interface SentEvent {
  kind: string;
  to: string;
  wamid: string;
  payload: Record<string, unknown>;
}

interface OutboundRow {
  answers: string | null;
  wa_message_id: string | null;
  status: string;
  error_code: number | null;
  send_attempts: number;
  text: string | null;
}

describeFaults('dependency faults: the api as a process on Postgres and Redis', () => {
  const prefix = uniquePrefix('faults');
  let sandbox: AppProcess;
  let api: AppProcess;
  let apiUrl: string;
  let database: TestDatabase;
  let db: pg.Pool;
  let redis: Redis;
  let pgProxy: PostgresProxy;
  let redisProxy: RedisProxy;
  let env: Record<string, string>;
  /** Every customer of the run and the wamids they sent, in order: the last test checks them all again. */
  const customers = new Map<string, string[]>();

  beforeAll(async () => {
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    sandbox = await startAppProcess('sandbox', {
      ...STACK_SECRETS,
      SANDBOX_PORT: '0',
      // Below the ephemeral range: while the 'down' fault has it closed, no outgoing connection takes it.
      SANDBOX_INVENTORY_PORT: String(await freePort()),
      SANDBOX_WEBHOOK_URL: `${apiUrl}/webhooks/whatsapp`,
      SANDBOX_STATUS_DELAY_MS: '10',
    });
    const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
    database = await databaseFor('postgres');
    db = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
    redis = new Redis(TEST_REDIS_URL!, { lazyConnect: true });
    await redis.connect();
    pgProxy = await PostgresProxy.open(new URL(database.env.DATABASE_URL));
    const viaProxy = new URL(database.env.DATABASE_URL);
    viaProxy.host = `127.0.0.1:${pgProxy.port}`;
    redisProxy = await RedisProxy.start(TEST_REDIS_URL!);
    env = {
      ...STACK_SECRETS,
      PORT: String(apiPort),
      DATABASE_URL: viaProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      REDIS_URL: redisProxy.url,
      CACHE_KEY_PREFIX: prefix,
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
      INVENTORY_TIMEOUT_MS: '800',
      TURN_COALESCE_MS: '200',
      TURN_MAX_WAIT_MS: '1000',
      TURN_LEASE_SECONDS: '5',
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_MIN_AGE_SECONDS: '3',
      SEND_RETRY_BASE_MS: '100',
      SEND_RETRY_MAX_MS: '1000',
      // Two tries per outbox attempt, so three injected errors reach the outbox's own retry.
      WHATSAPP_SEND_MAX_ATTEMPTS: '2',
      WHATSAPP_RETRY_BASE_MS: '50',
      WHATSAPP_RETRY_MAX_MS: '200',
      WHATSAPP_PAIR_RATE_RETRY_MS: '300',
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_MS: '1000',
      // 'sweep done' is a debug line: the sign that sweeps came by and found nothing more to do.
      LOG_LEVEL: 'debug',
    };
    api = await startAppProcess('api', env);
  }, 120_000);

  afterEach(async () => {
    // A failed case must not leave its fault to the next one.
    await Promise.all([
      fetch(`${sandbox.url}/sandbox/graph-api/faults`, { method: 'DELETE' }),
      fetch(`${sandbox.url}/sandbox/inventory/faults`, { method: 'DELETE' }),
      fetch(`${sandbox.url}/sandbox/llm/faults`, { method: 'DELETE' }),
    ]);
    await redisProxy.start();
    if (!pgProxy.listening) await pgProxy.listen();
  }, 30_000);

  afterAll(async () => {
    await api?.stop();
    await sandbox?.stop();
    await db?.end();
    await database?.dispose();
    await pgProxy?.cut();
    await redisProxy?.stop();
    redis?.disconnect();
    if (TEST_REDIS_URL) await deleteKeys(TEST_REDIS_URL, prefix);
  }, 90_000);

  // --- customers ------------------------------------------------------------------------------

  /**
   * Like Meta: a webhook that did not get 200 is sent again, until it does. Resolves with every
   * status the api answered (0: no answer at all).
   */
  async function deliver(payload: unknown, seen: number[] = []): Promise<number[]> {
    const { body, signature } = signedBody(payload, STACK_SECRETS.WHATSAPP_APP_SECRET);
    const deadline = Date.now() + 90_000;
    for (;;) {
      let status: number;
      try {
        const response = await fetch(`${apiUrl}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      seen.push(status);
      if (status === 200) return seen;
      // A 4xx is not retried by Meta: the message would be lost.
      if (status >= 400 && status < 500) return seen;
      if (Date.now() > deadline) throw new Error(`webhook not taken within 90 s: ${seen.join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** A customer's text message, as Meta posts it. */
  function textMessage(phone: string, text: string): { wamid: string; payload: unknown } {
    const sender = { phone, name: 'Cliente' };
    const message = messageFrom(sender, 'text', { text: { body: text } });
    const wamid = message.id as string;
    customers.set(phone, [...(customers.get(phone) ?? []), wamid]);
    return { wamid, payload: messagesWebhook(sender, [message]) };
  }

  /** The customer writes (resent until the api takes it); resolves with the wamid and the statuses seen. */
  async function write(phone: string, text: string): Promise<{ wamid: string; statuses: number[] }> {
    const { wamid, payload } = textMessage(phone, text);
    return { wamid, statuses: await deliver(payload) };
  }

  async function answered(wamid: string): Promise<true | undefined> {
    const { rows } = await db.query<{ status: string }>('select status from messages where wa_message_id = $1', [
      wamid,
    ]);
    return rows[0]?.status === 'answered' ? true : undefined;
  }

  /** The customer writes and waits for the answer; resolves with the texts of what was sent back for it. */
  async function converse(phone: string, text: string): Promise<string> {
    const { wamid, statuses } = await write(phone, text);
    expect(statuses).toEqual([200]);
    await until(() => answered(wamid), `the answer to ${phone}'s "${text}"`, ANSWER_TIMEOUT_MS);
    return replyText(phone, wamid);
  }

  /** What the customer received in answer to one message (sent or not yet). */
  async function replyText(phone: string, wamid: string): Promise<string> {
    const rows = await until(
      async () => {
        const found = (await outboundOf(phone)).filter((row) => row.answers === wamid);
        return found.length > 0 && found.every((row) => row.status !== 'queued') ? found : undefined;
      },
      `the reply to ${phone}'s ${wamid} to be sent`,
      ANSWER_TIMEOUT_MS,
    );
    const sent = await sentTo(phone);
    return rows
      .map((row) => JSON.stringify(sent.find((event) => event.wamid === row.wa_message_id)?.payload ?? row.text))
      .join('\n');
  }

  async function sentTo(phone: string): Promise<SentEvent[]> {
    const events = (await (await fetch(`${sandbox.url}/sandbox/graph-api/messages?to=${phone}`)).json()) as SentEvent[];
    return events.filter((event) => event.kind === 'message');
  }

  /** The customer's outbound messages, oldest first, each with the inbound wamid its turn answered. */
  async function outboundOf(phone: string): Promise<OutboundRow[]> {
    const { rows } = await db.query<OutboundRow>(
      `select i.wa_message_id as answers, m.wa_message_id, m.status::text as status, m.error_code,
              m.send_attempts, m.text
         from messages m
         join conversations c on c.id = m.conversation_id join user_profiles u on u.id = c.customer_id
         left join messages i on i.id::text = split_part(m.intent_key, ':', 1)
        where u.phone_number = $1 and m.direction = 'outbound' order by m.seq`,
      [phone],
    );
    return rows;
  }

  async function conversationOf(phone: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `select c.id from conversations c join user_profiles u on u.id = c.customer_id
        where u.phone_number = $1 order by c.started_at desc limit 1`,
      [phone],
    );
    return rows[0].id;
  }

  // --- the api's log and state --------------------------------------------------------------

  function linesSince(mark: number, match: Line): Line[] {
    return api
      .lines()
      .slice(mark)
      .filter((line) => Object.entries(match).every(([key, value]) => line[key] === value));
  }

  async function sweeps(count: number): Promise<void> {
    const done = () => api.lines().filter((line) => line.message === 'sweep done').length;
    const seen = done();
    await until(() => (done() >= seen + count ? true : undefined), `${count} sweeps`, 30_000);
  }

  /** Waits until the named breaker, if it opened since `mark`, lets a call through again. */
  async function breakerLetsThrough(name: string, mark: number): Promise<void> {
    await until(
      () => {
        const states = linesSince(mark, { event: 'breaker', name }).map((line) => line.state);
        return states.at(-1) !== 'open' ? true : undefined;
      },
      `the ${name} breaker to let a call through`,
      30_000,
    );
  }

  /** How many turn jobs the api has put in the BullMQ queue so far (its job id counter). */
  async function turnsQueued(): Promise<number> {
    return Number((await redis.get(`${prefix}bull:turns:id`)) ?? 0);
  }

  async function post(path: string, body?: unknown, method = 'POST'): Promise<void> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
  }

  function expectAlive(): void {
    expect({ exitCode: api.child.exitCode, signal: api.child.signalCode }).toEqual({ exitCode: null, signal: null });
  }

  /**
   * Once nothing is left to answer or to send and two more sweeps found nothing either: every
   * message stored once and answered, one turn per message (each customer waits for the answer
   * before writing again), and the sandbox got exactly the replies the database holds as sent.
   */
  async function expectEachAnsweredOnce(phones: string[]): Promise<void> {
    const wamids = phones.flatMap((phone) => customers.get(phone) ?? []);
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
      'every message answered and every reply sent or failed',
      ANSWER_TIMEOUT_MS,
    );
    await sweeps(2);

    const inbound = await db.query<{ wa_message_id: string; status: string }>(
      'select wa_message_id, status::text as status from messages where wa_message_id = any($1)',
      [wamids],
    );
    expect(inbound.rows.map((row) => row.wa_message_id).sort()).toEqual([...wamids].sort());
    expect(inbound.rows.filter((row) => row.status !== 'answered')).toEqual([]);

    for (const phone of phones) {
      const replies = await outboundOf(phone);
      const turns = [...new Set(replies.map((row) => row.answers))];
      expect({ phone, turns }).toEqual({ phone, turns: customers.get(phone) });
      const received = (await sentTo(phone)).map((event) => event.wamid);
      expect({ phone, received: received.sort() }).toEqual({
        phone,
        received: replies
          .filter((row) => row.wa_message_id !== null)
          .map((row) => row.wa_message_id)
          .sort(),
      });
      // What was not sent failed for good, with Meta's code.
      expect(replies.filter((row) => row.wa_message_id === null && row.status !== 'failed')).toEqual([]);
    }
  }

  // --- the cases ------------------------------------------------------------------------------

  it('should answer everyone while Redis is down (turns in process, cache and limits in memory, each logged once) and queue turns again once it is back', async () => {
    const before = customerPhone();
    await converse(before, 'hola');
    // Taken just before Redis goes: its turn waits in the queue, which the worker cannot reach.
    const early = customerPhone();
    const { wamid: earlyWamid, statuses } = await write(early, '¿tienen sandalias?');
    expect(statuses).toEqual([200]);

    const mark = api.lines().length;
    await redisProxy.stop();
    // Read once nothing can reach Redis any more: a count that stays is a queue nobody used.
    const queuedBefore = await turnsQueued();
    expect(queuedBefore).toBeGreaterThan(0);
    await api.waitForLine((line) => line.event === 'redis' && line.outcome === 'down');
    const during = [customerPhone(), customerPhone(), customerPhone()];
    const texts = ['busco tenis negros', '¿a qué hora abren?', 'hola, ¿hacen envíos?'];
    await Promise.all(during.map((phone, i) => converse(phone, texts[i])));
    // The sweeper finds it and runs it here, Redis or not.
    await until(() => answered(earlyWamid), 'the turn queued just before Redis went down', ANSWER_TIMEOUT_MS);
    expect(await turnsQueued()).toBe(queuedBefore);
    expect(linesSince(mark, { event: 'turn-queue', outcome: 'down' })).toHaveLength(1);
    expect(linesSince(mark, { event: 'redis', outcome: 'down' })).toHaveLength(1);
    expect(linesSince(mark, { event: 'rate_limit', outcome: 'fallback' })).toHaveLength(1);
    expectAlive();

    await redisProxy.start();
    await api.waitForLine((line) => line.event === 'redis' && line.outcome === 'recovered', 30_000);
    // The queue has a connection of its own, back on its own backoff (up to 2 s after the cache's):
    // until then turns still run here. Customers keep writing meanwhile, each answered.
    const bridging: string[] = [];
    await until(
      async () => {
        const phone = customerPhone();
        bridging.push(phone);
        await converse(phone, 'hola');
        return (await turnsQueued()) > queuedBefore ? true : undefined;
      },
      'turns queued in Redis again',
      30_000,
    );
    const queuedAgain = await turnsQueued();
    const after = [customerPhone(), customerPhone()];
    await Promise.all([
      ...after.map((phone) => converse(phone, '¿tienen tenis para correr?')),
      converse(during[0], 'gracias'),
    ]);
    // Each of the three through the queue, and run by its worker: a job nobody runs is never answered.
    expect(await turnsQueued()).toBeGreaterThanOrEqual(queuedAgain + 3);
    await until(
      () => (linesSince(mark, { event: 'rate_limit', outcome: 'recovered' }).length > 0 ? true : undefined),
      'the limits counted in Redis again',
      15_000,
    );
    for (const [event, down] of [
      ['turn-queue', 'down'],
      ['redis', 'down'],
      ['rate_limit', 'fallback'],
    ]) {
      const outcomes = linesSince(mark, { event })
        .map((line) => line.outcome)
        .filter((outcome) => outcome === down || outcome === 'recovered');
      expect({ event, outcomes }).toEqual({ event, outcomes: [down, 'recovered'] });
    }
    await expectEachAnsweredOnce([before, early, ...during, ...bridging, ...after]);
    expectAlive();
  }, 120_000);

  it('should answer webhooks 503 while Postgres is cut, then store and answer every message once after it is back', async () => {
    const before = customerPhone();
    await converse(before, 'hola');
    // Taken just before the cut: its turn runs while Postgres is away.
    const early = customerPhone();
    const { statuses: earlyStatuses } = await write(early, '¿tienen playeras blancas?');
    expect(earlyStatuses).toEqual([200]);

    const mark = api.lines().length;
    await pgProxy.cut();
    const during = [customerPhone(), customerPhone(), customerPhone()];
    const seen = during.map((): number[] => []);
    const messages = during.map((phone, i) => textMessage(phone, ['hola', '¿a qué hora abren?', 'busco gorras'][i]));
    const deliveries = messages.map((message, i) => deliver(message.payload, seen[i]));
    // Meta is refused at least twice for each, so each is resent after the database is back;
    // and the early message's turn has met the outage (unless it was done before the cut).
    const earlyConversation = await conversationOf(early);
    const earlyWamid = customers.get(early)!.at(-1)!;
    await until(
      async () =>
        seen.every((statuses) => statuses.filter((s) => s !== 200).length >= 2) &&
        (linesSince(mark, { event: 'turn-queue', outcome: 'retry', conversationId: earlyConversation }).length > 0 ||
          (await answered(earlyWamid)))
          ? true
          : undefined,
      'every webhook refused twice, and the early turn failed',
      30_000,
    );
    expectAlive();
    await pgProxy.listen();
    const statuses = await Promise.all(deliveries);
    for (const answers of statuses) {
      expect(answers.at(-1)).toBe(200);
      expect(answers.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    }
    // A Meta replay of a message taken during the outage stores nothing new.
    expect(await deliver(messages[0].payload)).toEqual([200]);

    await Promise.all(
      [early, ...during].map((phone) => {
        const wamid = customers.get(phone)!.at(-1)!;
        return until(() => answered(wamid), `the answer to ${phone}`, ANSWER_TIMEOUT_MS);
      }),
    );
    await expectEachAnsweredOnce([before, early, ...during]);
    expectAlive();
  }, 150_000);

  it('should tell customers honestly that it cannot check while the inventory is slow or down, and answer normally once it is back', async () => {
    const mark = api.lines().length;
    await post('/sandbox/inventory/faults', { latencyMs: 2500 });
    const slow = customerPhone();
    const slowReply = await converse(slow, '¿tienen botas de trabajo?');
    expect(slowReply).toMatch(CANNOT_CHECK);
    expect(slowReply).not.toMatch(PRICE);

    await post('/sandbox/inventory/faults', { latencyMs: 0, down: true });
    const down = customerPhone();
    const downReply = await converse(down, '¿cuánto cuestan los huaraches?');
    expect(downReply).toMatch(CANNOT_CHECK);
    expect(downReply).not.toMatch(PRICE);
    expect((await fetch(`${apiUrl}/health/live`)).status).toBe(200);
    expectAlive();

    await post('/sandbox/inventory/faults', undefined, 'DELETE');
    await breakerLetsThrough('inventory', mark);
    const back = customerPhone();
    const backReply = await converse(back, '¿tienen sudaderas?');
    expect(backReply).toMatch(PRICE);
    expect(backReply).not.toMatch(CANNOT_CHECK);
    await expectEachAnsweredOnce([slow, down, back]);
  }, 120_000);

  it.each(['130429', '131056'])(
    'should retry a send Meta refuses with %s later, and send it once',
    async (code) => {
      const mark = api.lines().length;
      // Three refusals: the client's two tries of the first attempt, and the first of the outbox's retry.
      await post('/sandbox/graph-api/faults', { code, times: 3 });
      const phone = customerPhone();
      const { wamid } = await write(phone, '¿a qué hora abren?');
      await until(() => answered(wamid), 'the answer', ANSWER_TIMEOUT_MS);
      await expectEachAnsweredOnce([phone]);
      const [first] = await outboundOf(phone);
      expect(first.status).not.toBe('failed');
      expect(first.send_attempts).toBeGreaterThanOrEqual(2);
      expect(linesSince(mark, { event: 'outbound', outcome: 'retry', code: Number(code) }).length).toBeGreaterThan(0);
      expect(await (await fetch(`${sandbox.url}/sandbox/graph-api/faults`)).json()).toEqual([]);
    },
    90_000,
  );

  it.each(['131047', '190'])(
    'should not retry a send Meta refuses with %s: the reply is marked failed with that code, and sent never',
    async (code) => {
      const mark = api.lines().length;
      await post('/sandbox/graph-api/faults', { code, times: 1 });
      const phone = customerPhone();
      const { wamid } = await write(phone, '¿a qué hora abren?');
      await until(() => answered(wamid), 'the answer', ANSWER_TIMEOUT_MS);
      await expectEachAnsweredOnce([phone]);
      const [first] = await outboundOf(phone);
      expect(first).toMatchObject({
        status: 'failed',
        error_code: Number(code),
        send_attempts: 1,
        wa_message_id: null,
      });
      expect(linesSince(mark, { event: 'outbound', outcome: 'failed', code: Number(code) })).toHaveLength(1);
      expect(linesSince(mark, { event: 'outbound', outcome: 'retry' })).toEqual([]);
    },
    90_000,
  );

  describe('with an OpenAI-compatible LLM (the sandbox stand-in)', () => {
    beforeAll(async () => {
      // The shop configures an LLM: the api restarts on the same port, database and Redis.
      await api.stop();
      api = await startAppProcess('api', {
        ...env,
        LLM_BASE_URL: `${sandbox.url}/v1`,
        LLM_PROVIDERS: 'compatible',
        LLM_MODEL: 'mostrador-sandbox',
        // Room for a healthy call on a loaded machine; the slow fault answers long after it.
        LLM_TIMEOUT_MS: '5000',
        LLM_MAX_RETRIES: '0',
      });
    }, 90_000);

    it('should answer with the LLM while it works', async () => {
      const mark = api.lines().length;
      const phone = customerPhone();
      const reply = await converse(phone, '¿tienen gorras negras?');
      expect(reply).toMatch(PRICE);
      const conversationId = await conversationOf(phone);
      expect(linesSince(mark, { event: 'llm_call', outcome: 'ok', conversationId }).length).toBeGreaterThan(0);
      expect(linesSince(mark, { event: 'llm_failover', conversationId })).toEqual([]);
      await expectEachAnsweredOnce([phone]);
    }, 90_000);

    it.each([
      ['500', { kind: '500' }, /server had an error/],
      ['429', { kind: '429' }, /rate limit/i],
      ['a timeout', { kind: 'slow', delayMs: 30_000 }, /timeout/i],
    ])(
      'should answer once with the rule-based assistant while the LLM fails with %s',
      async (_name, fault, error) => {
        // The model is really asked (and fails), not skipped by a breaker still open from the case before.
        await breakerLetsThrough('llm:compatible', 0);
        const mark = api.lines().length;
        await post('/sandbox/llm/faults', fault);
        const phone = customerPhone();
        const reply = await converse(phone, '¿tienen bolsas?');
        await post('/sandbox/llm/faults', undefined, 'DELETE');
        expect(reply).toMatch(PRICE);
        const conversationId = await conversationOf(phone);
        const failures = linesSince(mark, { event: 'llm_call', outcome: 'error', conversationId });
        expect(failures.map((line) => String(line.error))).toContainEqual(expect.stringMatching(error));
        expect(linesSince(mark, { event: 'llm_failover', outcome: 'rule-based', conversationId })).toHaveLength(1);
        const turns = linesSince(mark, { event: 'turn', conversationId }).filter((line) =>
          String(line.outcome).startsWith('answered'),
        );
        expect(turns).toHaveLength(1);
        await expectEachAnsweredOnce([phone]);
        expectAlive();
      },
      90_000,
    );

    it('should answer with the LLM again once it is back', async () => {
      await breakerLetsThrough('llm:compatible', 0);
      const mark = api.lines().length;
      const phone = customerPhone();
      expect(await converse(phone, '¿tienen cinturones?')).toMatch(PRICE);
      const conversationId = await conversationOf(phone);
      expect(linesSince(mark, { event: 'llm_call', outcome: 'ok', conversationId }).length).toBeGreaterThan(0);
      expect(linesSince(mark, { event: 'llm_failover', conversationId })).toEqual([]);
      await expectEachAnsweredOnce([phone]);
    }, 90_000);
  });

  it('should, over the whole run, have answered every message once and sent no reply twice', async () => {
    await expectEachAnsweredOnce([...customers.keys()]);
    expectAlive();
  }, 90_000);
});

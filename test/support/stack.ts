import { ConversationSweeper, TurnScheduler } from '@mostrador/conversation';
import { ConversationStore, type StoredMessage } from '@mostrador/database';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { signedBody } from '../whatsapp/meta-webhooks.js';
import { type CapturedLogger, captureLogger, testSettings } from './capture-logger.js';
import { createPgliteDataDir, createPostgresTestDatabase } from './database.js';
import { freePort } from './free-port.js';

export { freePort };
import { until } from './until.js';

export { until };

export const STACK_SECRETS = {
  WHATSAPP_APP_SECRET: 'stack-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'stack-verify-token',
  WHATSAPP_ACCESS_TOKEN: 'stack-access-token',
  ADMIN_API_KEY: 'stack-admin-key-0123456789',
};

/** What the sandbox's Graph API recorded: one message the api sent a customer. */
export interface SentToCustomer {
  kind: 'message';
  to: string;
  wamid: string;
  type: string;
  payload: Record<string, unknown>;
  seq: number;
}

export interface TestDatabase {
  /** DATA_DIR (PGlite) or DATABASE_URL (Postgres) for the api. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A migrated database of its own for an api under test, in process or as a child process. */
export async function databaseFor(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const db = await createPostgresTestDatabase('stack');
    return { env: { DATABASE_URL: db.url }, dispose: () => db.drop() };
  }
  const dir = await createPgliteDataDir();
  return { env: dir.env, dispose: () => dir.cleanup() };
}

export interface Stack {
  api: NestFastifyApplication;
  sandbox: NestFastifyApplication;
  apiUrl: string;
  sandboxUrl: string;
  apiLogs: CapturedLogger;
  store: ConversationStore;
  /** A customer writes, through the sandbox's chat route (a signed Meta webhook to the api). */
  say(phone: string, text: string, name?: string): Promise<{ wamid: string }>;
  /** A customer taps a reply button or a list row of a message the api sent. */
  tap(
    phone: string,
    reply: { type: 'button_reply' | 'list_reply'; id: string; title: string; context: string },
  ): Promise<{ wamid: string }>;
  /** Posts a Meta webhook body to the api exactly as Meta would (signed). */
  postWebhook(payload: unknown): Promise<Response>;
  /** Every message the api sent this customer, oldest first. */
  sentTo(phone: string): Promise<SentToCustomer[]>;
  /** Every stored message of this customer, oldest first. */
  storedFor(phone: string): Promise<StoredMessage[]>;
  /** Lines of the api's `turn` log that answered something. */
  turnsAnswered(): { conversationId: string; messageIds: string[] }[];
  /**
   * True when nothing is under way for this customer: no turn of theirs waiting or running
   * in the api's scheduler (a turn's sends are part of it), and nothing queued in the outbox.
   */
  isIdle(phone: string): Promise<boolean>;
  /**
   * Waits until the customer's conversations are idle and `sweeps` whole sweeps of the
   * sweeper have come by since without anything starting: the sign that nothing else will
   * arrive unless something new comes in (any unanswered message would have had its turn
   * scheduled, any due send delivered). For tests that check that something did not happen.
   */
  settled(phone: string, sweeps?: number): Promise<void>;
  /** The admin API with the stack's key (and any `headers`: `cache-control: no-cache` for a fresh read). */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The whole product on this machine, over HTTP: the sandbox (SOAP inventory, Graph API,
 * chat route) and the api (PGlite, or Postgres when `database` says so), wired to each other
 * as `npm run demo` wires them, with turns quick enough for a suite.
 */
export async function startStack(
  env: Record<string, string> = {},
  database: 'pglite' | 'postgres' = 'pglite',
): Promise<Stack> {
  // What has started is stopped again if a later step fails: a suite whose `beforeAll` throws
  // never calls `close()`, and a sandbox left listening keeps Jest from exiting.
  const started: (() => Promise<unknown>)[] = [];
  const startedOrUndone = async <T>(step: () => Promise<T>, undo?: (value: T) => Promise<unknown>): Promise<T> => {
    try {
      const value = await step();
      if (undo) started.unshift(() => undo(value));
      return value;
    } catch (error) {
      for (const stop of started) await stop().catch(() => undefined);
      throw error;
    }
  };

  const apiPort = await freePort();
  const sandboxSettings = testSettings({
    ...STACK_SECRETS,
    // Below the ephemeral range: while the 'down' fault has it closed, no outgoing connection takes it.
    SANDBOX_INVENTORY_PORT: String(await freePort()),
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/whatsapp`,
    SANDBOX_STATUS_DELAY_MS: '10',
    LOG_LEVEL: 'warn',
  });
  const sandbox = await startedOrUndone(
    () => createSandboxApp(sandboxSettings, captureLogger(sandboxSettings).logger),
    (app) => app.close(),
  );
  const sandboxUrl = await startedOrUndone(async () => {
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    return sandbox.getUrl();
  });
  const inventory = await startedOrUndone(
    async () => (await (await fetch(`${sandboxUrl}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string },
  );

  const data = await startedOrUndone(
    () => databaseFor(database),
    (db) => db.dispose(),
  );
  const { api, apiLogs } = await startedOrUndone(
    async () => {
      const apiSettings = testSettings({
        ...STACK_SECRETS,
        ...data.env,
        PORT: String(apiPort),
        WHATSAPP_API_BASE_URL: sandboxUrl,
        INVENTORY_WSDL_URL: inventory.wsdlUrl,
        TURN_COALESCE_MS: '300',
        TURN_MAX_WAIT_MS: '2000',
        SWEEPER_INTERVAL_MS: '1000',
        SWEEPER_MIN_AGE_SECONDS: '5',
        LOG_LEVEL: 'info',
        ...env,
      });
      const logs = captureLogger(apiSettings);
      return { api: await createApiApp(apiSettings, logs.logger), apiLogs: logs };
    },
    ({ api: app }) => app.close(),
  );
  const apiUrl = await startedOrUndone(async () => {
    await api.listen({ port: apiPort, host: '127.0.0.1' });
    return api.getUrl();
  });
  const store = api.get(ConversationStore);
  const scheduler = api.get(TurnScheduler, { strict: false });
  const sweepsFinished = countSweeps(api.get(ConversationSweeper, { strict: false }));

  const chat = async (phone: string, name: string, message: unknown) => {
    const response = await fetch(`${sandboxUrl}/sandbox/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, name, message }),
    });
    if (response.status !== 200) throw new Error(`chat send: ${response.status} ${await response.text()}`);
    return (await response.json()) as { wamid: string };
  };

  const storedFor = async (phone: string) => {
    const found = await store.getCustomer({ phoneNumber: phone });
    if (!found) return [];
    const all: StoredMessage[] = [];
    for (const conversation of found.conversations) {
      let cursor: string | null = null;
      do {
        const page = await store.getConversationMessages({ conversationId: conversation.id, cursor, limit: 100 });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
    }
    return all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  };

  const isIdle = async (phone: string) => {
    const messages = await storedFor(phone);
    for (const id of new Set(messages.map((m) => m.conversationId))) if (await scheduler.isPending(id)) return false;
    return !messages.some((m) => m.direction === 'outbound' && m.status === 'queued');
  };

  const settled = async (phone: string, sweeps = 2) => {
    await until(
      async () => {
        if (!(await isIdle(phone))) return undefined;
        // A sweep under way now may have looked before this point: count only those after it.
        const mark = sweepsFinished();
        await until(() => (sweepsFinished() > mark + sweeps ? true : undefined), `${sweeps} sweeps`, 30_000);
        return (await isIdle(phone)) ? true : undefined;
      },
      `${phone}'s conversations to settle`,
      60_000,
    );
  };

  return {
    api,
    sandbox,
    apiUrl,
    sandboxUrl,
    apiLogs,
    store,
    say: (phone, text, name = 'Ana López') => chat(phone, name, { type: 'text', body: text }),
    tap: (phone, reply) => chat(phone, 'Ana López', reply),
    postWebhook: (payload) => {
      const { body, signature } = signedBody(payload, STACK_SECRETS.WHATSAPP_APP_SECRET);
      return fetch(`${apiUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
    },
    sentTo: async (phone) => {
      const events = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/messages?to=${phone}`)).json()) as {
        kind: string;
      }[];
      return events.filter((e): e is SentToCustomer => e.kind === 'message');
    },
    storedFor,
    turnsAnswered: () =>
      apiLogs
        .lines()
        .filter((l) => l.event === 'turn' && typeof l.outcome === 'string' && l.outcome.startsWith('answered'))
        .map((l) => ({ conversationId: String(l.conversationId), messageIds: l.messageIds as string[] })),
    isIdle,
    settled,
    admin: (method, path, body, headers) =>
      fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          'x-api-key': STACK_SECRETS.ADMIN_API_KEY,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async close() {
      await api.close();
      await sandbox.close();
      await data.dispose();
    },
  };
}

/**
 * Counts the sweeps the sweeper finishes. Its interval calls `sweep()`, which joins a sweep
 * already under way: one count per sweep, not per call.
 */
function countSweeps(sweeper: ConversationSweeper): () => number {
  let finished = 0;
  let last: Promise<unknown> | undefined;
  const sweep = sweeper.sweep.bind(sweeper);
  sweeper.sweep = () => {
    const running = sweep();
    if (running !== last) {
      last = running;
      const count = () => void finished++;
      void running.then(count, count);
    }
    return running;
  };
  return () => finished;
}

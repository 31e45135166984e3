import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ConversationStore } from '@mostrador/database';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { startAppProcess } from '../support/app-process.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import {
  createPgliteDataDir,
  createPostgresTestDatabase,
  describeWithPostgres,
  type PgliteDataDir,
  type PostgresTestDatabase,
} from '../support/database.js';
import { type PostgrestFixture, startPostgrestFixture } from '../support/postgrest-fixture.js';
import { PostgresProxy } from '../support/postgres-proxy.js';
import { until } from '../support/until.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../whatsapp/meta-webhooks.js';

/**
 * Each probe checks again (no HEALTH_CACHE_MS): these cases change the database between probes.
 * The api shares the Jest worker's memory, which says nothing about the api: no memory budget.
 */
async function bootApi(env: Record<string, string>) {
  const settings = testSettings({ HEALTH_CACHE_MS: '0', MEMORY_LIMIT_MB: '1048576', ...env });
  const captured = captureLogger(settings);
  const app = await createApiApp(settings, captured.logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, lines: () => captured.lines() };
}

async function ready(app: NestFastifyApplication) {
  const response = await app.inject({ method: 'GET', url: '/health/ready' });
  return {
    status: response.statusCode,
    body: response.json<{
      status: string;
      error?: Record<string, unknown>;
      details: Record<string, Record<string, unknown>>;
    }>(),
  };
}

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('GET /health/ready on PGlite', () => {
  let data: PgliteDataDir;
  let api: Awaited<ReturnType<typeof bootApi>>;

  beforeAll(async () => {
    data = await createPgliteDataDir();
    api = await bootApi(data.env);
  }, 120_000);
  afterAll(async () => {
    await api?.app.close();
    await data?.cleanup();
  }, 60_000);

  it('should say which adapter it started with', () => {
    expect(api.lines()).toContainEqual(
      expect.objectContaining({
        context: 'Database',
        message: `database: PGlite (embedded) in ${data.dataDir}/pglite`,
      }),
    );
    expect(api.lines()).toContainEqual(
      expect.objectContaining({
        context: 'Database',
        message: expect.stringMatching(/^migrations: 0 applied, \d+ already up to date/),
      }),
    );
  }, 30_000);

  it('should answer 200 with the adapter and its latency while the database answers', async () => {
    const { status, body } = await ready(api.app);
    expect(status).toBe(200);
    expect(body.details.database).toEqual({ status: 'up', adapter: 'pglite', latencyMs: expect.any(Number) });
  }, 30_000);

  it('should name every part, with no Redis or LLM part when neither is configured (the demo default)', async () => {
    const { status, body } = await ready(api.app);
    expect(status).toBe(200);
    expect(Object.keys(body.details).sort()).toEqual(['database', 'inventory', 'memory', 'whatsapp']);
  }, 30_000);

  it('should answer 503 once the database is gone, while /health/live stays 200', async () => {
    await api.app.get(ConversationStore).close();
    const { status, body } = await ready(api.app);
    expect(status).toBe(503);
    expect(body.details.database).toEqual({
      status: 'down',
      adapter: 'pglite',
      latencyMs: expect.any(Number),
      message: 'database unreachable',
    });
    expect((await api.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect(api.lines()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/readiness: database down: .*PGlite is closed/),
      }),
    );
  }, 30_000);
});

describe('the api with the database down at start', () => {
  it('should start without migrations and report 503 until the database answers', async () => {
    const port = await closedPort();
    const { app } = await bootApi({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/mostrador`,
      DATABASE_MIGRATE_ON_START: 'false',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
    });
    try {
      const { status, body } = await ready(app);
      expect(status).toBe(503);
      expect(body.details.database).toMatchObject({
        status: 'down',
        adapter: 'postgres',
        message: 'database unreachable',
      });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('the api shutting down', () => {
  it('should close the PGlite database, releasing its folder for the next process', async () => {
    const data = await createPgliteDataDir();
    try {
      const { app } = await bootApi(data.env);
      expect(existsSync(join(data.dataDir, 'pglite.lock'))).toBe(true);
      await app.close();
      expect(existsSync(join(data.dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      await data.cleanup();
    }
  }, 120_000);
});

describeWithPostgres('GET /health/ready on Postgres and Supabase', () => {
  let database: PostgresTestDatabase;
  let fixture: PostgrestFixture;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    fixture = await startPostgrestFixture(database.url);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
    await database?.drop();
  }, 60_000);

  const connections = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'mostrador'`,
      );
      return rows[0].n;
    } finally {
      await client.end();
    }
  };

  it('should use DATABASE_URL, answer 200, and close its connections on shutdown', async () => {
    const { app, lines } = await bootApi({ DATABASE_URL: database.url });
    try {
      expect(lines()).toContainEqual(
        expect.objectContaining({
          message: expect.stringMatching(
            /^database: Postgres at postgres:\/\/postgres@127\.0\.0\.1:5432\/mostrador_s2_.* \(pool of 10\)$/,
          ),
        }),
      );
      const { status, body } = await ready(app);
      expect(status).toBe(200);
      expect(body.details.database).toEqual({ status: 'up', adapter: 'postgres', latencyMs: expect.any(Number) });
      expect(await connections()).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
    expect(await connections()).toBe(0);
  }, 120_000);

  it('should use Supabase when SUPABASE_URL and its key are set, never migrating it', async () => {
    const { app, lines } = await bootApi({
      SUPABASE_URL: fixture.url,
      SUPABASE_SERVICE_ROLE_KEY: fixture.serviceRoleKey,
      DATABASE_URL: database.url,
    });
    try {
      expect(lines()).toContainEqual(
        expect.objectContaining({ message: `database: Supabase at ${fixture.url} (supabase-js, service role)` }),
      );
      expect(lines()).toContainEqual(expect.objectContaining({ message: expect.stringContaining('supabase db push') }));
      const { status, body } = await ready(app);
      expect(status).toBe(200);
      expect(body.details.database).toEqual({ status: 'up', adapter: 'supabase', latencyMs: expect.any(Number) });
      // The key never reaches the log.
      expect(JSON.stringify(lines())).not.toContain(fixture.serviceRoleKey);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('should answer 503 when the database behind it goes away, and 200 when it is back', async () => {
    // The api reaches Postgres through a TCP proxy this test can cut, like a network outage.
    const target = new URL(database.url);
    const proxy = await PostgresProxy.open(target);
    const { port } = proxy;
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${port}`;
    const { app } = await bootApi({ DATABASE_URL: viaProxy.toString(), DATABASE_CONNECT_TIMEOUT_MS: '500' });
    try {
      expect((await ready(app)).status).toBe(200);
      await proxy.cut();
      const { status, body } = await ready(app);
      expect(status).toBe(503);
      expect(body.details.database).toMatchObject({
        status: 'down',
        adapter: 'postgres',
        message: 'database unreachable',
      });
      // The 503 names the failing required part; the optional ones are still listed in details.
      expect(Object.keys(body.error!)).toEqual(['database']);
      expect(body.details.memory.status).toBe('up');
      await proxy.listen();
      expect((await ready(app)).status).toBe(200);
    } finally {
      await app.close();
      await proxy.cut();
    }
  }, 120_000);

  it('should answer webhooks 503 at once with Retry-After while the database breaker is open, and store again after', async () => {
    const target = new URL(database.url);
    const proxy = await PostgresProxy.open(target);
    const { port } = proxy;
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${port}`;
    const secret = 'breaker-database-app-secret';
    const { app, lines } = await bootApi({
      DATABASE_URL: viaProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '300',
      WHATSAPP_APP_SECRET: secret,
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_MS: '1000',
    });
    const sender = { phone: customerPhone(), name: 'Ana' };
    const post = async (text: string) => {
      const { body, signature } = signedBody(
        messagesWebhook(sender, [messageFrom(sender, 'text', { text: { body: text } })]),
        secret,
      );
      const response = await app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        payload: body,
      });
      return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
    };
    try {
      expect((await post('antes')).status).toBe(200);
      await proxy.cut();
      // Each webhook fails on its own until the breaker has seen enough; then 503 comes at once.
      const refused = await until(
        async () => {
          const answer = await post('durante');
          expect(answer.status).toBe(503);
          return answer.retryAfter !== undefined ? answer : undefined;
        },
        'the database breaker to open',
        60_000,
      );
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(lines()).toContainEqual(expect.objectContaining({ event: 'breaker', name: 'database', state: 'open' }));

      await proxy.listen();
      await until(
        async () => ((await post('después')).status === 200 ? true : undefined),
        'webhooks stored again',
        30_000,
      );
      const store = app.get(ConversationStore);
      const customer = await store.getCustomer({ phoneNumber: sender.phone });
      const texts = (
        await store.getConversationMessages({ conversationId: customer!.conversations[0].id, limit: 50 })
      ).items.map((m) => m.text);
      expect(texts).toContain('antes');
      expect(texts).toContain('después');
    } finally {
      await app.close();
      await proxy.cut();
    }
  }, 120_000);

  it('should start while Postgres is down, say why it is not ready, and migrate once Postgres is there', async () => {
    // An empty database, reached through a port where nothing listens yet.
    const target = new URL(database.url);
    const name = `mostrador_late_${process.pid}_${Date.now()}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const port = await closedPort();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${port}`;
    viaProxy.pathname = `/${name}`;
    const api = await startAppProcess('api', {
      DATABASE_URL: viaProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      WHATSAPP_APP_SECRET: 'late-database-app-secret',
    });
    const proxy = new PostgresProxy(target, port);
    try {
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      const notReady = await fetch(`${api.url}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(((await notReady.json()) as { details: Record<string, unknown> }).details.database).toMatchObject({
        status: 'down',
        adapter: 'postgres',
        message: 'database not ready: database unreachable',
      });
      // Meta's webhook gets a 503, so Meta keeps it and tries again later.
      const sender = { phone: customerPhone(), name: 'Ana' };
      const { body, signature } = signedBody(
        messagesWebhook(sender, [messageFrom(sender, 'text', { text: { body: 'hola' } })]),
        'late-database-app-secret',
      );
      const webhook = await fetch(`${api.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      expect(webhook.status).toBe(503);

      await proxy.listen();
      await api.waitForLine((line) => /^database ready after \d+ tries$/.test(String(line.message)), 60_000);
      // A probe may still get the last report for up to HEALTH_CACHE_MS (1 s) after it.
      await until(
        async () => ((await fetch(`${api.url}/health/ready`)).status === 200 ? true : undefined),
        'ready once the database is',
        10_000,
      );
      expect(api.lines()).toContainEqual(
        expect.objectContaining({
          message: expect.stringMatching(/^migrations: [1-9]\d* applied, 0 already up to date/),
        }),
      );
      expect(api.child.exitCode).toBeNull();
    } finally {
      await api.stop();
      await proxy.cut();
      await admin(`drop database if exists ${name} with (force)`);
    }
  }, 180_000);
});

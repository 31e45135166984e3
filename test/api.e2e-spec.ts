import SwaggerParser from '@apidevtools/swagger-parser';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../apps/api/src/create-api-app.js';
import { captureLogger, testSettings } from './support/capture-logger.js';
import { createPgliteDataDir, type PgliteDataDir } from './support/database.js';

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown[];
}

type OpenApiDocument = Parameters<typeof SwaggerParser.validate>[0] & {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
};

describe('api app', () => {
  let app: NestFastifyApplication;
  let data: PgliteDataDir;

  beforeAll(async () => {
    data = await createPgliteDataDir();
    app = await createApiApp(testSettings(data.env), captureLogger().logger);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await data?.cleanup();
  }, 60_000);

  it('should answer GET /health/live with 200 while it serves', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    // Terminus's no-cache header, set whether Swagger documents the route or not.
    expect(response.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  }, 30_000);

  it('should serve Swagger UI at /docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
  }, 30_000);

  // @nestjs/swagger serves these with @fastify/static, imported only at run time (an optional
  // peer dependency): no import of ours names it, and without it the app does not start.
  it.each([
    ['swagger-ui.css', 'text/css'],
    ['swagger-ui-bundle.js', 'application/javascript'],
  ])(
    "should serve Swagger UI's %s",
    async (file, type) => {
      const response = await app.inject({ method: 'GET', url: `/docs/${file}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(type);
      expect(response.body.length).toBeGreaterThan(10_000);
    },
    30_000,
  );

  it('should serve an OpenAPI document at /docs/json that a validator accepts, every route summarised', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<OpenApiDocument>();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(document.components).toHaveProperty('schemas.ErrorBody');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.map((o) => o.route)).toContain('GET /health/live');
    for (const { route, operation } of operations) {
      expect({ route, summary: operation.summary ?? '' }).toEqual({ route, summary: expect.stringMatching(/\S/) });
    }
    // Every kind of decorator reached the document once Swagger was set up: tags, operation,
    // header, body, responses (the routes' own and Terminus's), security.
    const webhook = document.paths['/webhooks/whatsapp'].post;
    expect(webhook.tags).toEqual(['webhook']);
    expect(webhook.parameters).toEqual([expect.objectContaining({ in: 'header', name: 'X-Hub-Signature-256' })]);
    expect(webhook.requestBody).toBeDefined();
    expect(Object.keys(webhook.responses ?? {}).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(Object.keys(document.paths['/health/ready'].get.responses ?? {}).sort()).toEqual(['200', '503']);
    const admin = Object.values(document.paths['/admin/customers/{id}'] ?? {})[0];
    expect(admin.security).toEqual([{ 'admin-key': [] }]);
  }, 30_000);
});

describe('api app in production', () => {
  let data: PgliteDataDir;
  beforeAll(async () => {
    data = await createPgliteDataDir();
  }, 60_000);
  afterAll(() => data?.cleanup(), 30_000);

  const production = {
    NODE_ENV: 'production',
    WHATSAPP_APP_SECRET: 'prod-app-secret',
    WHATSAPP_VERIFY_TOKEN: 'prod-verify-token',
    WHATSAPP_ACCESS_TOKEN: 'prod-access-token',
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    ADMIN_API_KEY: 'prod-admin-key-0123456789',
    INVENTORY_WSDL_URL: 'http://127.0.0.1:9/inventory?wsdl',
    LOG_DIR: '',
  };

  it.each([
    [{}, 404],
    [{ SWAGGER_ENABLED: 'true' }, 200],
  ])(
    'should serve /docs only when asked (%j → %i)',
    async (extra, status) => {
      const settings = testSettings({ ...production, ...data.env, ...extra });
      const app = await createApiApp(
        { ...settings, log: { ...settings.log, dir: undefined } },
        captureLogger(settings).logger,
      );
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      try {
        expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(status);
      } finally {
        await app.close();
      }
    },
    120_000,
  );
});

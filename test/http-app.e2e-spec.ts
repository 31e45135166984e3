import { AppLogger } from '@mostrador/logging';
import { createHttpApp, ZodValidationPipe } from '@mostrador/http';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { captureLogger, type CapturedLogger } from './support/capture-logger.js';

const echoSchema = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });

@Controller()
class ProbeController {
  constructor(private readonly logger: AppLogger) {}

  @Post('echo')
  echo(@Body(new ZodValidationPipe(echoSchema, 'body')) body: z.infer<typeof echoSchema>) {
    this.logger.log('echo handled', 'Probe');
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2-secret-value at 5215512345678');
  }
}

describe(createHttpApp.name, () => {
  let app: NestFastifyApplication;
  let captured: CapturedLogger;
  let url: string;

  beforeAll(async () => {
    captured = captureLogger();
    @Module({ controllers: [ProbeController], providers: [{ provide: AppLogger, useValue: captured.logger }] })
    class ProbeModule {}
    app = await createHttpApp(ProbeModule, { logger: captured.logger, bodyLimitBytes: 2048, trustProxy: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  describe('request ids', () => {
    it('should generate one and echo it when the caller sends none', async () => {
      const response = await post('/echo', JSON.stringify({ name: 'tenis', quantity: 1 }));
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }, 30_000);

    it("should honour the caller's id, echo it and carry it into the handler's log lines", async () => {
      const response = await post('/echo', JSON.stringify({ name: 'tenis', quantity: 2 }), {
        'x-request-id': 'trace-42',
      });
      expect(response.headers.get('x-request-id')).toBe('trace-42');
      expect(captured.lines()).toContainEqual(
        expect.objectContaining({ message: 'echo handled', requestId: 'trace-42' }),
      );
      expect(captured.lines()).toContainEqual(
        expect.objectContaining({
          event: 'http_request',
          route: '/echo',
          status: 201,
          method: 'POST',
          requestId: 'trace-42',
          ip: '127.0.0.1',
        }),
      );
    }, 30_000);

    it.each([['has spaces in it'], ['x'.repeat(200)], ['<script>']])(
      'should replace an unusable id (%s)',
      async (given) => {
        const response = await fetch(`${url}/nope`, { headers: { 'x-request-id': given } });
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      },
      30_000,
    );
  });

  describe('errors', () => {
    it('should answer an unknown route with 404 in the error shape', async () => {
      const response = await fetch(`${url}/nope`, { headers: { 'x-request-id': 'r-404' } });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Cannot GET /nope',
        requestId: 'r-404',
      });
    }, 30_000);

    it('should answer invalid input with 400 saying what is wrong', async () => {
      const response = await post('/echo', JSON.stringify({ name: '', quantity: 1.5 }), { 'x-request-id': 'r-400' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Record<string, string>;
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: 'r-400' });
      expect(body.message).toMatch(/body\.name: .*; body\.quantity: /);
    }, 30_000);

    it('should answer malformed JSON with 400', async () => {
      const response = await post('/echo', '{"name": ');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }, 30_000);

    it('should answer a body over the limit with 413', async () => {
      const response = await post('/echo', JSON.stringify({ name: 'x'.repeat(4096), quantity: 1 }));
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    }, 30_000);

    it('should answer a failure with 500 and no detail, and log the detail masked', async () => {
      const response = await fetch(`${url}/boom`, { headers: { 'x-request-id': 'r-500' } });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
        requestId: 'r-500',
      });
      expect(text).not.toMatch(/hunter2|at .*\.ts|stack/);
      const logged = captured
        .lines()
        .find((line) => line.requestId === 'r-500' && line.level === 'error' && line.message === 'request failed');
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain('52*******5678');
      expect(JSON.stringify(logged)).not.toContain('5215512345678');
    }, 30_000);
  });

  it("should send helmet's security headers on every response, found or not", async () => {
    for (const path of ['/nope', '/boom']) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  }, 30_000);
});

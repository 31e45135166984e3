import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { API_NODE_FLAGS } from '../scripts/api-node-flags.mjs';
import { spawnAppProcess, startAppProcess, type AppProcess } from './support/app-process.js';
import { createPgliteDataDir, type PgliteDataDir } from './support/database.js';
import { parsePrometheusText, sampleSum } from './support/prometheus-text.js';

/** Sends `head` and part of a body now; returns a function that sends the rest and reads the reply. */
function startSlowRequest(url: string, path: string): Promise<{ finish(): Promise<string>; socket: Socket }> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ slow: 'request' });
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
      );
      resolve({
        socket,
        finish: () =>
          new Promise<string>((done, fail) => {
            let response = '';
            socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
            socket.on('close', () => done(response));
            socket.on('error', fail);
            socket.write(body.slice(half));
          }),
      });
    });
    socket.on('error', reject);
  });
}

/** One request on a connection of its own (closed after the answer); returns the raw answer. */
function roundTrip(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let response = '';
    const socket = connect(Number(port), hostname, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('close', () => resolve(response));
    socket.on('error', reject);
  });
}

describe('api process', () => {
  let api: AppProcess | undefined;
  let data: PgliteDataDir;
  beforeAll(async () => {
    data = await createPgliteDataDir();
  }, 60_000);
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  }, 60_000);
  afterAll(() => data?.cleanup(), 30_000);

  it('should start on embedded defaults and serve /health/live', async () => {
    api = await startAppProcess('api', data.env);
    const response = await fetch(`${api.url}/health/live`);
    expect(response.status).toBe(200);
    expect(api.lines()).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('Using development values for') }),
    );
  }, 120_000);

  it("should run with the api's Node flags: npm start and the Dockerfile carry them, and they take effect", async () => {
    const root = join(import.meta.dirname, '..');
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts.start;
    expect(start).toBe(['node', ...API_NODE_FLAGS, 'dist/apps/api/main.js'].join(' '));
    const cmd = /^CMD (.*)$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(['node', ...API_NODE_FLAGS, 'dist/apps/api/main.js']);

    // --max-semi-space-size=16: the young generation (two semi-spaces) never commits more than 32 MB,
    // where Node 24's default lets start-up alone commit 64 MB.
    expect(API_NODE_FLAGS).toContain('--max-semi-space-size=16');
    api = await startAppProcess('api', data.env);
    const metrics = parsePrometheusText(await (await fetch(`${api.url}/metrics`)).text());
    const young = sampleSum(metrics, 'nodejs_heap_space_size_total_bytes', { space: 'new' });
    expect(young).toBeGreaterThan(0);
    expect(young).toBeLessThanOrEqual(32 * 2 ** 20);
  }, 120_000);

  it.each([
    ['false', false],
    ['true', true],
  ])(
    'should load @nestjs/swagger only when Swagger is on (SWAGGER_ENABLED=%s)',
    async (enabled, loaded) => {
      const trace = join(mkdtempSync(join(tmpdir(), 'mostrador-loads-')), 'loads.txt');
      api = await startAppProcess('api', { ...data.env, SWAGGER_ENABLED: enabled, TRACE_MODULE_LOADS: trace }, [
        '--import',
        join(import.meta.dirname, 'support', 'trace-module-loads.mjs'),
      ]);
      try {
        expect((await fetch(`${api.url}/docs/json`)).status).toBe(loaded ? 200 : 404);
        const modules = readFileSync(trace, 'utf8').split('\n');
        // Traced at all: the api's own bundle and its framework are in the list.
        expect(modules).toContainEqual(expect.stringContaining('/@nestjs/core/'));
        expect(modules.some((url) => url.includes('/node_modules/@nestjs/swagger/'))).toBe(loaded);
      } finally {
        rmSync(dirname(trace), { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('should refuse to start on bad settings, naming every bad variable, with exit code 1', async () => {
    const spawned = spawnAppProcess('api', { PORT: 'eighty', LOG_LEVEL: 'loud', NODE_ENV: 'production' });
    const { code } = await spawned.exited;
    expect(code).toBe(1);
    const stderr = spawned.stderr();
    for (const variable of ['PORT', 'LOG_LEVEL', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'ADMIN_API_KEY']) {
      expect(stderr).toContain(`- ${variable} `);
    }
  }, 120_000);

  it('should finish an in-flight request on SIGTERM, refuse new connections, and exit 0', async () => {
    api = await startAppProcess('api', data.env);
    const inFlight = await startSlowRequest(api.url, '/health/live');
    // The request has arrived (its headers are in) before the signal: the server reads a
    // connection's bytes no later than those of a connection accepted after it, so once a
    // request sent afterwards on a new connection is answered, the slow one's headers are in.
    expect(await roundTrip(api.url, '/health/live')).toMatch(/^HTTP\/1\.1 200 /);
    api.child.kill('SIGTERM');
    await api.waitForLine((line) => line.event === 'shutdown' && /SIGTERM/.test(String(line.message)));

    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();
    const response = await inFlight.finish();
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.lines()).toContainEqual(expect.objectContaining({ event: 'shutdown', outcome: 'ok' }));
  }, 120_000);
});

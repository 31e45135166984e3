import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpClient, HttpResponseTooLargeError, HttpTimeoutError } from './http-client.js';

describe(HttpClient.name, () => {
  let server: Server;
  let url: string;
  let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const sockets = new Set<Socket>();
  const client = new HttpClient({ maxSockets: 4 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => handle(req, res, body));
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/path?q=1`;
  }, 10_000);

  afterAll(async () => {
    client.destroy();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }, 10_000);

  it('should send the body with its length and read the answer', async () => {
    handle = (req, res, body) =>
      res.end(JSON.stringify({ method: req.method, url: req.url, length: req.headers['content-length'], body }));
    const response = await client.request({ url, method: 'POST', body: 'héllo', headers: { 'x-a': '1' } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ method: 'POST', url: '/path?q=1', length: '6', body: 'héllo' });
  }, 10_000);

  it('should reuse one connection for calls one after another', async () => {
    const ports = new Set<number>();
    handle = (req, res) => {
      ports.add(req.socket.remotePort!);
      res.end('ok');
    };
    for (let i = 0; i < 5; i++) await client.request({ url, method: 'GET' });
    expect(ports.size).toBe(1);
  }, 10_000);

  it('should fail with HttpTimeoutError (connected) when no answer comes in time', async () => {
    handle = () => undefined;
    const error = await client.request({ url, method: 'GET', timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', connected: true, timeoutMs: 100 });
  }, 10_000);

  it('should refuse an answer larger than the limit', async () => {
    handle = (_req, res) => res.end('x'.repeat(10_000));
    const error = await client.request({ url, method: 'GET', maxResponseBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpResponseTooLargeError);
  }, 10_000);

  it("should reject with the signal's abort", async () => {
    handle = () => undefined;
    const error = await client
      .request({ url, method: 'GET', signal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
  }, 10_000);

  it('should keep Node’s error code when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const error = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'GET' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  }, 10_000);

  describe('a kept connection the server closed', () => {
    /** Answers once, then resets the connection the next request arrives on. */
    const resetSecondRequest = () => {
      let calls = 0;
      handle = (req, res) => {
        calls += 1;
        if (calls === 2) req.socket.destroy();
        else res.end(`call ${calls}`);
      };
      return () => calls;
    };

    it('should try once more on a fresh connection when the request may arrive twice', async () => {
      const calls = resetSecondRequest();
      await client.request({ url, method: 'GET' });
      const response = await client.request({ url, method: 'GET', retryStaleSocket: true });
      expect(response.text).toBe('call 3');
      expect(calls()).toBe(3);
    }, 10_000);

    it('should fail, not repeat, when it may not', async () => {
      const calls = resetSecondRequest();
      await client.request({ url, method: 'POST', body: 'a' });
      const error = await client.request({ url, method: 'POST', body: 'b' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ECONNRESET' });
      expect(calls()).toBe(2);
    }, 10_000);
  });
});

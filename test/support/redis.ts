import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/** `TEST_REDIS_URL` (a Redis the suites may write to), or undefined: then skip, loudly. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

/** `describe` when Redis is configured, otherwise `describe.skip` with a line saying why. */
export function describeWithRedis(name: string, fn: (url: string) => void): void {
  if (TEST_REDIS_URL === undefined) {
    process.stderr.write(`\n  SKIPPED "${name}": set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run it\n\n`);
    describe.skip(name, () => it('needs TEST_REDIS_URL', () => undefined));
    return;
  }
  const url = TEST_REDIS_URL;
  describe(name, () => fn(url));
}

/** A key prefix of its own, so suites sharing one Redis never see each other's keys. */
export function uniquePrefix(suite: string): string {
  return `test:${suite}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix (a suite's leftovers). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/**
 * A TCP proxy in front of a Redis, for suites that need "Redis stopped" without stopping the
 * machine's Redis: `stop()` closes its port and drops every connection (clients see exactly
 * what a stopped server gives them: a reset, then connection refused); `start()` opens the same
 * port again. `hang()` keeps connections open but forwards nothing (a Redis that stopped
 * answering).
 */
export class RedisProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private hanging = false;

  private constructor(
    private readonly target: URL,
    readonly port: number,
  ) {}

  static async start(url: string): Promise<RedisProxy> {
    const proxy = new RedisProxy(new URL(url), await freePort());
    await proxy.start();
    return proxy;
  }

  /** The Redis URL through the proxy (same database and credentials). */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    this.hanging = false;
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (chunk) => this.hanging || upstream.write(chunk));
      upstream.on('data', (chunk) => this.hanging || client.write(chunk));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Connections stay up, but nothing goes through until `start()`. */
  hang(): void {
    this.hanging = true;
  }
}

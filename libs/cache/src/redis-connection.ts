import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * The process's one Redis connection (REDIS_URL), shared by everything that needs Redis.
 *
 * It fails fast, because everything that uses it has a way to go on without it: connecting
 * and each command have a short time limit (REDIS_TIMEOUT_MS), and while it is not connected
 * commands fail at once instead of queueing. It reconnects by itself, forever, backing off up
 * to 2 s; the outage is logged once when it starts and once when it ends, not per command.
 */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  /** Absent when REDIS_URL is unset. */
  readonly client?: Redis;
  private down = false;
  private closing = false;
  private errorCount = 0;
  private readonly subscribers: Redis[] = [];

  constructor(
    config: AppConfig,
    private readonly logger: AppLogger,
  ) {
    const { redisUrl, redisTimeoutMs } = config.cache;
    if (!redisUrl) return;
    this.client = new Redis(redisUrl, this.options(redisTimeoutMs, false));
    this.watch(this.client, 'redis');
  }

  /** Connected and ready for commands now. */
  get ready(): boolean {
    return this.client?.status === 'ready';
  }

  /** Failures seen since start (connection errors and failed commands reported here). */
  get errors(): number {
    return this.errorCount;
  }

  /**
   * A command failed (a time limit, a dropped connection): counted, and logged when it is
   * the first sign of an outage.
   */
  reportFailure(what: string, error: unknown): void {
    this.errorCount++;
    this.markDown(`${what}: ${(error as Error)?.message ?? String(error)}`);
  }

  /** A command went through: ends an outage that a time limit (not a dropped connection) began. */
  reportSuccess(): void {
    if (this.down && this.ready) this.markUp();
  }

  /**
   * A second connection for pub/sub (a subscribed connection can run nothing else). It
   * queues its SUBSCRIBE until connected and subscribes again after every reconnection.
   */
  subscriber(): Redis | undefined {
    if (!this.client) return undefined;
    const connection = this.client.duplicate(this.options(this.client.options.commandTimeout ?? 500, true));
    this.watch(connection, 'redis-subscriber');
    this.subscribers.push(connection);
    return connection;
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // A subscriber has nothing in flight worth waiting for.
    for (const connection of this.subscribers) connection.disconnect();
    const client = this.client;
    if (!client) return;
    // QUIT lets replies in flight arrive; a Redis that stopped answering gets no say in how long shutdown takes.
    if (client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise((resolve) => (timer = setTimeout(resolve, client.options.commandTimeout ?? 500)));
      await Promise.race([client.quit().catch(() => undefined), limit]);
      clearTimeout(timer);
    }
    client.disconnect();
  }

  private options(timeoutMs: number, queueWhileOffline: boolean): RedisOptions {
    return {
      connectTimeout: timeoutMs,
      // How long a closing connection may take to end before it is destroyed (default 2 s).
      disconnectTimeout: timeoutMs,
      commandTimeout: queueWhileOffline ? undefined : timeoutMs,
      enableOfflineQueue: queueWhileOffline,
      maxRetriesPerRequest: queueWhileOffline ? null : 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
      connectionName: 'mostrador',
    };
  }

  private watch(connection: Redis, name: string): void {
    connection.on('error', (error: Error) => {
      if (connection === this.client) this.errorCount++;
      if (connection === this.client) this.markDown(error.message);
      else this.logger.logEvent('debug', `${name}: ${error.message}`, { event: 'redis', context: 'Redis' });
    });
    if (connection !== this.client) return;
    connection.on('ready', () => {
      if (this.down) this.markUp();
    });
    connection.on('close', () => {
      if (!this.closing) this.markDown('connection closed');
    });
  }

  private markUp(): void {
    this.down = false;
    this.logger.logEvent('info', 'Redis is back: shared cache level in use again', {
      event: 'redis',
      context: 'Redis',
      outcome: 'recovered',
    });
  }

  private markDown(reason: string): void {
    if (this.down || this.closing) return;
    this.down = true;
    this.logger.logEvent('warn', 'Redis unreachable: serving from process memory until it is back', {
      event: 'redis',
      context: 'Redis',
      outcome: 'down',
      reason,
    });
  }
}

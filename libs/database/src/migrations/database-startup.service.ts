import { setTimeout as sleep } from 'node:timers/promises';
import { AppLogger } from '@mostrador/logging';
import { backoffDelay, type RetryPolicy } from '@mostrador/retry';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConversationStore } from '../store/conversation-store.js';
import { describeCause, StoreQueryError, StoreUnavailableError } from '../store-errors.js';

/** Between tries while the database is down at start: from about a second up to 30 s. */
const STARTUP_RETRY: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * Gets the database ready (migrations) without stopping the process when it is down: the
 * api starts anyway, `/health/live` answers, `/health/ready` and the webhook's 503 say the
 * database is not ready, and the migrations are tried again with backoff until they run. A
 * migration that fails or was edited after it was applied stops the start (a person must
 * look); if that only shows up on a later try, it is logged as an error on every try.
 */
@Injectable()
export class DatabaseStartup implements OnModuleInit, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private retrying?: Promise<void>;

  constructor(
    private readonly store: ConversationStore,
    private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.store.prepare();
      this.store.ready();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.notReady(error, 1);
      this.retrying = this.retryUntilReady();
    }
  }

  onModuleDestroy(): Promise<void> | undefined {
    this.stopping.abort();
    return this.retrying;
  }

  private async retryUntilReady(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const delayMs = 500 + backoffDelay(STARTUP_RETRY, attempt);
      await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (this.stopping.signal.aborted) return;
      try {
        await this.store.prepare();
        this.store.ready();
        this.logger.log(`database ready after ${attempt + 1} tries`, 'Database');
        return;
      } catch (error) {
        this.notReady(error, attempt + 1);
      }
    }
  }

  private notReady(error: unknown, tries: number): void {
    const needsAPerson = !(error instanceof StoreUnavailableError);
    const kind =
      error instanceof StoreQueryError
        ? `a migration failed (${error.code ?? 'unknown'})`
        : needsAPerson
          ? 'a migration failed'
          : 'database unreachable';
    this.store.refuseUntilReady(`database not ready: ${kind}`);
    this.logger.logEvent(
      needsAPerson ? 'error' : 'warn',
      `database not ready (try ${tries}): ${describeCause(error)}; trying again`,
      { event: 'database_startup', context: 'Database', outcome: 'retry', tries },
    );
  }
}

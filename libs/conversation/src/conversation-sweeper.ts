import { AppConfig } from '@mostrador/config';
import { StoreUnavailableError, TurnStore } from '@mostrador/database';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OutboundService } from './outbound/outbound.service.js';
import { TurnScheduler } from './turn-scheduler.js';

export const SWEEPER_JOB = 'conversation-sweeper';

/**
 * The safety net, every SWEEPER_INTERVAL_MS (and once at start, so a restart answers what
 * waited): conversations with unanswered messages and no live turn get one scheduled
 * (after a crash, a lost timer, a webhook that stored a message without knowing it), and
 * messages due in the outbox are sent (retries, sends a dead instance left). Messages older
 * than ANSWER_MAX_AGE_HOURS are not answered late.
 */
@Injectable()
export class ConversationSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private sweeping?: Promise<{ turns: number; sends: number }>;

  constructor(
    private readonly config: AppConfig,
    private readonly store: TurnStore,
    private readonly scheduler: TurnScheduler,
    private readonly outbound: OutboundService,
    private readonly registry: SchedulerRegistry,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    const interval = setInterval(() => void this.sweep(), this.config.conversation.sweeperIntervalMs);
    interval.unref();
    this.registry.addInterval(SWEEPER_JOB, interval);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.registry.doesExist('interval', SWEEPER_JOB)) this.registry.deleteInterval(SWEEPER_JOB);
    await this.sweeping?.catch(() => undefined);
  }

  /** One sweep (never two at once): how many turns it scheduled and conversations it delivered. */
  sweep(): Promise<{ turns: number; sends: number }> {
    this.sweeping ??= Promise.all([this.scheduleUnansweredTurns(), this.deliverDueMessages()])
      .then(([turns, sends]) => {
        // One line per sweep at debug: what an operator (or a test) counts to know sweeps ran.
        this.event('debug', 'sweep done', { turns, sends });
        return { turns, sends };
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async scheduleUnansweredTurns(): Promise<number> {
    const settings = this.config.conversation;
    try {
      const conversations = await this.store.findUnansweredConversations({
        minAgeSeconds: settings.sweeperMinAgeSeconds,
        maxAgeSeconds: settings.answerMaxAgeHours * 3600,
        limit: 500,
      });
      for (const conversationId of conversations) this.scheduler.schedule(conversationId);
      if (conversations.length > 0) {
        this.event('info', `sweeper scheduled ${conversations.length} conversation(s)`, {
          scheduled: conversations.length,
        });
      }
      return conversations.length;
    } catch (error) {
      this.failed('sweep for unanswered messages failed; next one in a while', error);
      return 0;
    }
  }

  private async deliverDueMessages(): Promise<number> {
    try {
      const delivered = await this.outbound.deliverDue();
      if (delivered > 0) this.event('info', `sweeper delivered ${delivered} conversation(s)`, { delivered });
      return delivered;
    } catch (error) {
      this.failed('sweep of the outbox failed; next one in a while', error);
      return 0;
    }
  }

  /** While the database is still starting, its own start-up log says so: no warning here every sweep. */
  private failed(message: string, error: unknown): void {
    const starting = error instanceof StoreUnavailableError && error.attempts === 0;
    this.event(starting ? 'debug' : 'warn', message, { outcome: 'error', error: (error as Error).message });
  }

  private event(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.logger.logEvent(level, message, { event: 'sweep', context: 'Sweeper', ...fields });
  }
}

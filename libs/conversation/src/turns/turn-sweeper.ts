import { AppConfig } from '@mostrador/config';
import { ConversationStore } from '@mostrador/database';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TurnScheduler } from '../turn-scheduler.js';

/**
 * The safety net: every SWEEPER_INTERVAL_MS (and once at start, so a restart answers what
 * waited), conversations with unanswered messages and no live turn get one scheduled. After
 * a crash, a lost timer or a webhook that stored a message without knowing it, nothing
 * stays unanswered; messages older than ANSWER_MAX_AGE_HOURS are left alone.
 */
@Injectable()
export class TurnSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly config: AppConfig,
    private readonly store: ConversationStore,
    private readonly scheduler: TurnScheduler,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.conversation.sweeperIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** Schedules the conversations that need a turn; resolves with how many. */
  sweep(): Promise<number> {
    this.sweeping ??= this.findAndSchedule().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async findAndSchedule(): Promise<number> {
    const settings = this.config.conversation;
    try {
      const conversations = await this.store.findUnansweredConversations({
        minAgeSeconds: settings.sweeperMinAgeSeconds,
        maxAgeSeconds: settings.answerMaxAgeHours * 3600,
        limit: 500,
      });
      for (const conversationId of conversations) this.scheduler.schedule(conversationId);
      if (conversations.length > 0) {
        this.logger.logEvent('info', `sweeper scheduled ${conversations.length} conversation(s)`, {
          event: 'turn_sweep',
          context: 'TurnSweeper',
          scheduled: conversations.length,
        });
      }
      return conversations.length;
    } catch (error) {
      this.logger.logEvent('warn', 'sweep failed; next one in a while', {
        event: 'turn_sweep',
        context: 'TurnSweeper',
        outcome: 'error',
        error: (error as Error).message,
      });
      return 0;
    }
  }
}

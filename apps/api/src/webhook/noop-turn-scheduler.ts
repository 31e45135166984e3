import { TurnScheduler } from '@mostrador/conversation';
import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';

/**
 * Until turns exist (Step 5), a new message is stored and nothing answers it. The binding
 * in WebhookModule is the one line to replace with the real scheduler.
 */
@Injectable()
export class NoopTurnScheduler extends TurnScheduler {
  constructor(private readonly logger: AppLogger) {
    super();
  }

  schedule(conversationId: string): void {
    this.logger.logEvent('debug', 'no turn scheduler bound yet: the message waits', {
      event: 'turn_schedule',
      context: 'Webhook',
      conversationId,
    });
  }
}

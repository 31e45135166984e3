import { TurnScheduler } from '@mostrador/conversation';
import { Module } from '@nestjs/common';
import { NoopTurnScheduler } from './noop-turn-scheduler.js';
import { WhatsAppSignatureGuard } from './whatsapp-signature.guard.js';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller.js';
import { WhatsAppWebhookService } from './whatsapp-webhook.service.js';

/** `/webhooks/whatsapp`: Meta's verification and the signed webhook. Needs a ConversationStore. */
@Module({
  controllers: [WhatsAppWebhookController],
  providers: [
    WhatsAppWebhookService,
    WhatsAppSignatureGuard,
    // Step 5 replaces this binding with the real scheduler.
    { provide: TurnScheduler, useClass: NoopTurnScheduler },
  ],
})
export class WebhookModule {}

import { ConversationModule } from '@mostrador/conversation';
import { Module } from '@nestjs/common';
import { WhatsAppSignatureGuard } from './whatsapp-signature.guard.js';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller.js';
import { WhatsAppWebhookService } from './whatsapp-webhook.service.js';

/** `/webhooks/whatsapp`: Meta's verification and the signed webhook, handing turns to the ConversationModule. */
@Module({
  imports: [ConversationModule],
  controllers: [WhatsAppWebhookController],
  providers: [WhatsAppWebhookService, WhatsAppSignatureGuard],
})
export class WebhookModule {}

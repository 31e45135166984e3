import { Module } from '@nestjs/common';
import { GraphApiAdminController } from './graph-api-admin.controller.js';
import { GraphApiController } from './graph-api.controller.js';
import { GraphApiService } from './graph-api.service.js';
import { MetaWebhookSender } from './meta-webhook.sender.js';
import { SandboxOutbox } from './sandbox-outbox.js';

/** Meta's side of WhatsApp: the Cloud API the api sends to, and the webhooks it receives. */
@Module({
  controllers: [GraphApiController, GraphApiAdminController],
  providers: [GraphApiService, SandboxOutbox, MetaWebhookSender],
  exports: [SandboxOutbox, MetaWebhookSender],
})
export class GraphApiModule {}

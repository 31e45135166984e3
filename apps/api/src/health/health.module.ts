import { ConversationModule } from '@mostrador/conversation';
import { InventoryModule } from '@mostrador/inventory';
import { MemoryHealthIndicator, ReadinessProbe } from '@mostrador/monitoring';
import { WhatsAppModule } from '@mostrador/whatsapp';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

/**
 * `/health/live` and `/health/ready`, and the readiness check behind the latter as
 * `ReadinessProbe` for the monitor (same instance, same cache: it adds no dependency calls).
 * The database and Redis indicators come from their global modules.
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), InventoryModule, WhatsAppModule, ConversationModule],
  controllers: [HealthController],
  providers: [MemoryHealthIndicator, ReadinessService, { provide: ReadinessProbe, useExisting: ReadinessService }],
  exports: [ReadinessProbe],
})
export class HealthModule {}

import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WhatsAppClient } from './outbound/whatsapp.client.js';
import { WhatsAppHealthIndicator } from './whatsapp.health-indicator.js';

/** Provides the Cloud API client, configured from the settings (`config.whatsapp`), and the token's health check. */
@Module({
  imports: [TerminusModule],
  providers: [
    WhatsAppHealthIndicator,
    {
      provide: WhatsAppClient,
      inject: [AppConfig, AppLogger],
      useFactory: (config: AppConfig, logger: AppLogger) => new WhatsAppClient(config.whatsapp, logger),
    },
  ],
  exports: [WhatsAppClient, WhatsAppHealthIndicator],
})
export class WhatsAppModule {}

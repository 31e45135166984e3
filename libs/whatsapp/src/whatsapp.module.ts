import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Module } from '@nestjs/common';
import { WhatsAppClient } from './outbound/whatsapp.client.js';

/** Provides the Cloud API client, configured from the settings (`config.whatsapp`). */
@Module({
  providers: [
    {
      provide: WhatsAppClient,
      inject: [AppConfig, AppLogger],
      useFactory: (config: AppConfig, logger: AppLogger) => new WhatsAppClient(config.whatsapp, logger),
    },
  ],
  exports: [WhatsAppClient],
})
export class WhatsAppModule {}

import { CacheModule } from '@mostrador/cache';
import { ConfigModule, type Settings } from '@mostrador/config';
import { DatabaseModule } from '@mostrador/database';
import { InventoryModule } from '@mostrador/inventory';
import { type AppLogger, LoggingModule } from '@mostrador/logging';
import { type DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.js';
import { HealthModule } from './health/health.module.js';
import { WebhookModule } from './webhook/webhook.module.js';

@Module({})
export class ApiModule {
  static register(settings: Settings, logger: AppLogger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(settings),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(),
        CacheModule,
        HealthModule,
        InventoryModule,
        WebhookModule,
        AdminModule,
      ],
    };
  }
}

import { CacheModule } from '@mostrador/cache';
import { AppConfig, ConfigModule, type Settings } from '@mostrador/config';
import { DatabaseModule } from '@mostrador/database';
import { InventoryModule } from '@mostrador/inventory';
import { type AppLogger, LoggingModule } from '@mostrador/logging';
import { MonitoringModule } from '@mostrador/monitoring';
import { HttpRateLimitGuard, RateLimiter, RateLimitModule, throttlerOptions } from '@mostrador/rate-limit';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AdminModule } from './admin/admin.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MonitoringDashboardModule } from './monitoring/monitoring.module.js';
import { WebhookModule } from './webhook/webhook.module.js';

@Module({})
export class ApiModule {
  static register(settings: Settings, logger: AppLogger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(settings),
        LoggingModule.forRoot(logger),
        MonitoringModule,
        DatabaseModule.forRoot(),
        CacheModule,
        RateLimitModule,
        ThrottlerModule.forRootAsync({ inject: [AppConfig, RateLimiter], useFactory: throttlerOptions }),
        HealthModule,
        InventoryModule,
        WebhookModule,
        AdminModule,
        MetricsModule,
        MonitoringDashboardModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: HttpRateLimitGuard }],
    };
  }
}

import { ConfigModule, type Settings } from '@mostrador/config';
import { type AppLogger, LoggingModule } from '@mostrador/logging';
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module.js';

@Module({})
export class ApiModule {
  static register(settings: Settings, logger: AppLogger): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(settings), LoggingModule.forRoot(logger), HealthModule],
    };
  }
}

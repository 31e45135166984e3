import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import type { Settings } from './config.schema.js';

/** Provides the already-parsed settings to every module as `AppConfig`. */
@Module({})
export class ConfigModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: AppConfig, useValue: settings }],
      exports: [AppConfig],
    };
  }
}

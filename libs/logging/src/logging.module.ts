import { type DynamicModule, Module } from '@nestjs/common';
import { AppLogger } from './app-logger.js';

/**
 * Provides the process's one `AppLogger` to every module. The logger is made before Nest
 * (so bootstrap logs go through it from the first line) and handed in here.
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: AppLogger, useValue: logger }],
      exports: [AppLogger],
    };
  }
}

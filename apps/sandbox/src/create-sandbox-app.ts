import type { Settings } from '@mostrador/config';
import { createHttpApp } from '@mostrador/http';
import type { AppLogger } from '@mostrador/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SandboxModule } from './sandbox.module.js';

/** The sandbox as `main.ts` runs it and as the suites boot it. */
export function createSandboxApp(settings: Settings, logger: AppLogger): Promise<NestFastifyApplication> {
  return createHttpApp(SandboxModule.register(settings, logger), {
    logger,
    bodyLimitBytes: settings.app.bodyLimitBytes,
    trustProxy: false,
  });
}

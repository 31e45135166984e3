import type { Settings } from '@mostrador/config';
import { createHttpApp } from '@mostrador/http';
import type { AppLogger } from '@mostrador/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from './api.module.js';

export const API_TITLE = 'Mostrador API';

/** The api as `main.ts` runs it and as the e2e suites boot it. */
export function createApiApp(settings: Settings, logger: AppLogger): Promise<NestFastifyApplication> {
  return createHttpApp(ApiModule.register(settings, logger), {
    logger,
    bodyLimitBytes: settings.app.bodyLimitBytes,
    trustProxy: settings.app.trustProxy,
    swagger: settings.app.swaggerEnabled
      ? {
          title: API_TITLE,
          description:
            'WhatsApp sales assistant backend: the Cloud API webhook, the admin API for the shop, and health checks.',
          version: '0.1.0',
        }
      : undefined,
  });
}

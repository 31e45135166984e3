import type { AppLogger } from '@mostrador/logging';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { requestIdFor } from './request-id.js';
import { installRequestLogging } from './request-logging.js';
import { securityHeaders } from './security-headers.js';
import { setupSwagger, type SwaggerOptions } from './swagger.setup.js';

export interface HttpAppOptions {
  logger: AppLogger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Swagger UI at /docs; off when absent. */
  swagger?: SwaggerOptions;
}

/**
 * A Nest app on Fastify with what every Mostrador app needs, in one place: the raw body
 * (webhook signatures are computed over the exact bytes), the body limit, request ids and
 * request logs, security headers, the one exception filter and, when asked, Swagger.
 */
export type RootModule = Parameters<typeof NestFactory.create>[0];

export async function createHttpApp(module: RootModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    genReqId: requestIdFor,
    requestIdHeader: false,
    logger: false,
    return503OnClosing: true,
  });
  installRequestLogging(adapter.getInstance(), options.logger);

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    rawBody: true,
    logger: options.logger,
  });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI styles itself inline and draws icons from data: URLs.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        // The demo and the sandbox run over plain http on localhost.
        upgradeInsecureRequests: null,
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  app.useGlobalFilters(new AllExceptionsFilter(options.logger));
  if (options.swagger) await setupSwagger(app, options.swagger);
  return app;
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { errorBodySchema } from './error-body.js';
import { openApiSchema } from './openapi.js';

export interface SwaggerOptions {
  title: string;
  description: string;
  version: string;
}

export const DOCS_PATH = 'docs';

/** Swagger UI at /docs and the OpenAPI document at /docs/json. */
export function setupSwagger(app: NestFastifyApplication, options: SwaggerOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'admin-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: openApiSchema(errorBodySchema, 'output') },
  };
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/json`,
    yamlDocumentUrl: `${DOCS_PATH}/yaml`,
    customSiteTitle: options.title,
  });
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBodySchema } from './error-body.js';
import { applyOpenApiDecorators, openApiSchema } from './openapi.js';

export interface SwaggerOptions {
  title: string;
  description: string;
  version: string;
}

export const DOCS_PATH = 'docs';

/**
 * Swagger UI at /docs and the OpenAPI document at /docs/json. @nestjs/swagger is loaded here, when
 * asked for, and given the controllers' recorded decorators (openapi.ts).
 */
export async function setupSwagger(app: NestFastifyApplication, options: SwaggerOptions): Promise<void> {
  const swagger = await import('@nestjs/swagger');
  const { DocumentBuilder, SwaggerModule } = swagger;
  applyOpenApiDecorators(swagger);
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

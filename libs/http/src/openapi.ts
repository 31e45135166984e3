import { applyDecorators } from '@nestjs/common';
import type * as Swagger from '@nestjs/swagger';
import { z } from 'zod';

/**
 * @nestjs/swagger's decorators, recorded where they are written and applied to its metadata only
 * when Swagger is set up (`applyOpenApiDecorators`): a process with Swagger off never loads the
 * package nor its lodash-like toolkit. Replayed in the order
 * TypeScript applied them, each once, so the document is what the decorators alone would give.
 */
type DecoratorName =
  | 'ApiAcceptedResponse'
  | 'ApiBody'
  | 'ApiCreatedResponse'
  | 'ApiHeader'
  | 'ApiOkResponse'
  | 'ApiOperation'
  | 'ApiParam'
  | 'ApiProduces'
  | 'ApiQuery'
  | 'ApiResponse'
  | 'ApiSecurity'
  | 'ApiTags';

type AnyDecorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => unknown;

interface RecordedDecorator {
  build: (swagger: typeof Swagger) => AnyDecorator;
  target: object;
  key?: string | symbol;
  descriptor?: PropertyDescriptor;
}

const pending: RecordedDecorator[] = [];

function recording(build: RecordedDecorator['build']): AnyDecorator {
  return (target, key, descriptor) => {
    pending.push({ build, target, key, descriptor });
    return descriptor;
  };
}

function recorded<N extends DecoratorName>(name: N): (typeof Swagger)[N] {
  const factory = (...args: unknown[]) =>
    recording((swagger) => (swagger[name] as (...a: unknown[]) => AnyDecorator)(...args));
  return factory as unknown as (typeof Swagger)[N];
}

/**
 * A decorator of another package that documents through @nestjs/swagger when it finds it
 * installed (Terminus's `@HealthCheck`), built and applied only when Swagger is set up.
 */
export function WhenDocumented(decorator: () => MethodDecorator): MethodDecorator {
  return recording(() => decorator() as AnyDecorator) as MethodDecorator;
}

export const ApiAcceptedResponse = recorded('ApiAcceptedResponse');
export const ApiBody = recorded('ApiBody');
export const ApiCreatedResponse = recorded('ApiCreatedResponse');
export const ApiHeader = recorded('ApiHeader');
export const ApiOkResponse = recorded('ApiOkResponse');
export const ApiOperation = recorded('ApiOperation');
export const ApiParam = recorded('ApiParam');
export const ApiProduces = recorded('ApiProduces');
export const ApiQuery = recorded('ApiQuery');
export const ApiResponse = recorded('ApiResponse');
export const ApiSecurity = recorded('ApiSecurity');
export const ApiTags = recorded('ApiTags');

/** Applies every decorator recorded so far (and not applied yet) with @nestjs/swagger's own. */
export function applyOpenApiDecorators(swagger: typeof Swagger): void {
  for (const { build, target, key, descriptor } of pending.splice(0)) {
    if (descriptor) build(swagger)(target, key, descriptor);
    else build(swagger)(target);
  }
}

/**
 * The OpenAPI form of a zod schema: the same schema validates the input and documents it,
 * so the two cannot drift apart.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Swagger.SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return json as Swagger.SchemaObject;
}

export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The input is not valid; the message says what is wrong.',
  401: 'Missing or wrong credentials.',
  403: 'Not allowed.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than the limit.',
  429: 'Too many requests; see Retry-After.',
  502: 'An upstream service (WhatsApp, the inventory) refused or failed.',
  500: 'Something failed on our side; the request id finds it in the logs.',
  503: 'A dependency is unavailable; retry later.',
};

/** Documents the error responses a route can give, all with the one error shape. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error.', schema: { $ref: ERROR_BODY_REF } }),
    ),
  );
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The OpenAPI form of a zod schema: the same schema validates the input and documents it,
 * so the two cannot drift apart.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return json as SchemaObject;
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

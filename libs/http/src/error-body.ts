import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

/** The one shape of every error response, from every route, in both apps. */
export const errorBodySchema = z
  .object({
    statusCode: z.number().int().meta({ example: 400 }),
    error: z.string().meta({ example: 'Bad Request' }),
    message: z.string().meta({ example: 'body.entry: expected array, received undefined' }),
    requestId: z.string().meta({ example: '6f1c2f0e-8a53-4b8e-9a3c-2f4d7b1e9c10' }),
  })
  .meta({ description: 'Every error response has this shape; never a stack trace.' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(statusCode: number, message: string, requestId: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, requestId };
}

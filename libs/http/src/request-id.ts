import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is honoured only when it is short and plain: it is echoed and logged.
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when acceptable, otherwise a new UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(given) ? given[0] : given;
  return candidate !== undefined && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
}

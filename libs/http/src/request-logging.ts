import { AsyncResource } from 'node:async_hooks';
import { LogContext, type AppLogger } from '@mostrador/logging';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

const logScope = Symbol('logScope');
type ScopedRequest = FastifyRequest & { [logScope]?: AsyncResource };

/**
 * The one seam for request logs: every request runs inside a log context carrying its id
 * (so every line it causes can be found), answers with that id, and ends with one line.
 */
export function installRequestLogging(fastify: FastifyInstance, logger: AppLogger): void {
  fastify.addHook('onRequest', (request: ScopedRequest, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    LogContext.run({ requestId: request.id }, () => {
      const scope = new AsyncResource('mostrador-request');
      request[logScope] = scope;
      scope.runInAsyncScope(done);
    });
  });
  // Body parsing resumes from socket events, outside the context entered above: enter it
  // again before validation and handlers run.
  fastify.addHook('preValidation', (request: ScopedRequest, _reply, done) => {
    const scope = request[logScope];
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const route = request.routeOptions.url;
    const level = status >= 500 ? 'error' : route?.startsWith('/health') && status < 400 ? 'debug' : 'info';
    logger.logEvent(level, `${request.method} ${route ?? request.url} ${status}`, {
      event: 'http_request',
      context: 'HTTP',
      method: request.method,
      route: route ?? null,
      url: request.url,
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      ip: request.ip,
      requestId: request.id,
    });
    done();
  });
}

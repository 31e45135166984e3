import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { AppLogger } from '@mostrador/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DependencyUnavailableException, refusalIn } from './dependency-unavailable.js';
import { errorBody } from './error-body.js';

/** Fastify's own errors (body too large, bad JSON, wrong content type) carry a status. */
interface ErrorWithStatus {
  statusCode: number;
  message: string;
  code?: string;
}

function hasStatus(error: unknown): error is ErrorWithStatus {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ErrorWithStatus).statusCode === 'number' &&
    typeof (error as ErrorWithStatus).message === 'string'
  );
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * The one exception filter: every error becomes `{ statusCode, error, message, requestId }`.
 * Client errors say what was wrong; server errors say only that something failed, and the
 * details (stack included) go to the log under the same request id. A call a dependency
 * refused for now (its breaker open, its quota spent), itself or as the cause of the error,
 * is a 503 with Retry-After: the request may succeed later, and nothing failed here.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const refusal = refusalIn(thrown);
    const exception = refusal ? new DependencyUnavailableException(refusal) : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error';
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = httpExceptionMessage(exception);
    } else if (hasStatus(exception) && exception.statusCode >= 400 && exception.statusCode < 600) {
      status = exception.statusCode;
      message = status < 500 ? exception.message : message;
    }

    const unavailable = exception instanceof DependencyUnavailableException;
    // A refusal is not a failure here: the breaker or quota that refused it logged it already.
    if (status >= 500 && !unavailable) {
      this.logger.error(
        { message: 'request failed', method: request.method, url: request.url, err: exception },
        exception instanceof Error ? exception.stack : undefined,
        'HTTP',
      );
    }
    if (reply.sent) return;
    if (unavailable) void reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply.status(status).send(errorBody(status, message, request.id));
  }
}

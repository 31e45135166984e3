import { StoreQueryError, StoreUnavailableError } from '@mostrador/database';
import { errorBody } from '@mostrador/http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The data API's errors as the admin API answers them: the database down is a 503 (try
 * again later), a call the database refused is the caller's 400/404/409. Anything else about
 * a query is a server error, left to the one exception filter.
 */
@Catch(StoreQueryError, StoreUnavailableError)
export class StoreErrorsFilter implements ExceptionFilter {
  catch(exception: StoreQueryError | StoreUnavailableError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = answerFor(exception);
    if (answer === null) throw exception;
    const [status, message] = answer;
    void reply.status(status).send(errorBody(status, message, request.id));
  }
}

/** Status and message, or null for a server error (the one exception filter logs and answers it). */
function answerFor(exception: StoreQueryError | StoreUnavailableError): [number, string] | null {
  if (exception instanceof StoreUnavailableError) {
    return [HttpStatus.SERVICE_UNAVAILABLE, 'Database unavailable; try again later'];
  }
  // The database's message names the argument (the function's name is ours, not the caller's).
  const message = exception.message.replace(/^[a-z_]+: (?:[a-z_]+: )?/, '');
  switch (exception.kind) {
    case 'invalid_input':
      return [HttpStatus.BAD_REQUEST, message];
    case 'not_found':
      return [HttpStatus.NOT_FOUND, message];
    case 'conflict':
      return [HttpStatus.CONFLICT, message];
    case 'forbidden':
    case 'other':
      return null;
  }
}

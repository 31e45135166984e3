import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { CallRefusedError } from '../call-refused.error.js';
import { BreakerRegistry } from './breaker-registry.js';

const BreakerName = Reflector.createDecorator<string>();

/**
 * For a route (or a controller) that depends on one dependency: while its breaker is open,
 * the route answers 503 with `Retry-After` instead of running.
 */
export const UseBreaker = (name: string) => applyDecorators(BreakerName(name), UseInterceptors(BreakerInterceptor));

/**
 * Answers 503 with `Retry-After` (seconds until the breaker lets a probe through) while the
 * route's breaker is open, before the handler runs; and when the handler itself was refused
 * by that breaker (it was half-open, its one probe already out) or by the dependency's quota,
 * directly or as the cause of the dependency's own error.
 */
@Injectable()
export class BreakerInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly breakers: BreakerRegistry,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const name: string | undefined = this.reflector.getAllAndOverride(BreakerName, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (name === undefined) return next.handle();
    const openFor = this.breakers.openFor(name);
    if (openFor !== undefined) throw unavailable(context, name, openFor);
    return next.handle().pipe(
      catchError((error: unknown) => {
        const refusal = refusalIn(error);
        return throwError(() =>
          refusal?.dependency === name ? unavailable(context, name, refusal.retryAfterMs) : error,
        );
      }),
    );
  }
}

function unavailable(context: ExecutionContext, name: string, retryAfterMs: number): ServiceUnavailableException {
  // Whole seconds (RFC 9110 §10.2.3), and never 0: a client would retry at once.
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(seconds));
  return new ServiceUnavailableException(`${name} is unavailable right now; try again in ${seconds} s`);
}

function refusalIn(error: unknown): CallRefusedError | undefined {
  if (error instanceof CallRefusedError) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof CallRefusedError ? cause : undefined;
}

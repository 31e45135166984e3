import { DependencyUnavailableException } from '@mostrador/http';
import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BreakerRegistry } from './breaker-registry.js';

const BreakerName = Reflector.createDecorator<string>();

/**
 * For a route (or a controller) that depends on one dependency: while its breaker is open,
 * the route answers 503 with `Retry-After` (seconds until the breaker lets a probe through)
 * instead of running. A call the breaker refuses while the route runs (half-open, its one
 * probe already out), or the dependency's quota, reaches the exception filter, which answers
 * it the same way.
 *
 * A guard rather than an interceptor: any interceptor puts the route's every request through
 * an rxjs pipeline, and this is the webhook's route.
 */
export const UseBreaker = (name: string) => applyDecorators(BreakerName(name), UseGuards(BreakerGuard));

@Injectable()
export class BreakerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly breakers: BreakerRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const name = this.reflector.getAllAndOverride(BreakerName, [context.getHandler(), context.getClass()]);
    if (name === undefined) return true;
    const openFor = this.breakers.openFor(name);
    if (openFor !== undefined) throw new DependencyUnavailableException({ dependency: name, retryAfterMs: openFor });
    return true;
  }
}

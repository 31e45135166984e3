import { AppConfig } from '@mostrador/config';
import { secretEqual } from '@mostrador/http';
import { AppLogger } from '@mostrador/logging';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const ADMIN_KEY_HEADER = 'x-api-key';

/** The shop's admin API: only with the ADMIN_API_KEY in `x-api-key`. */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const given = request.headers[ADMIN_KEY_HEADER];
    const key = Array.isArray(given) ? given[0] : given;
    if (secretEqual(key, this.config.app.adminApiKey)) return true;
    this.logger.logSecurityEvent({
      event: 'admin_key_rejected',
      reason: key === undefined ? 'missing x-api-key' : 'wrong x-api-key',
      ip: request.ip,
      route: request.routeOptions.url,
    });
    throw new UnauthorizedException(key === undefined ? 'Missing x-api-key header' : 'Wrong x-api-key');
  }
}

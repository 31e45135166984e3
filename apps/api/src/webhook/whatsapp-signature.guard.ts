import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '@mostrador/whatsapp';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type RawBodyRequest,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const REASONS = {
  missing: 'Missing X-Hub-Signature-256 header',
  malformed: 'Malformed X-Hub-Signature-256 header (expected sha256=<64 hex digits>)',
  mismatch: 'X-Hub-Signature-256 does not match the body',
} as const;

/**
 * Lets through only webhooks Meta signed: HMAC-SHA256 of the raw body with the app secret.
 * Anything else is a 401 and a security event, before the body is even validated, so a
 * forged request can store nothing.
 */
@Injectable()
export class WhatsAppSignatureGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RawBodyRequest<FastifyRequest>>();
    // Raw bytes are kept for JSON only (what Meta sends); any other type has nothing to check
    // the signature against, and saying "malformed signature" would send its sender looking
    // in the wrong place.
    if (request.rawBody === undefined) {
      throw new UnsupportedMediaTypeException('Webhooks must be sent as application/json');
    }
    const check = verifyWebhookSignature(
      request.rawBody,
      request.headers[SIGNATURE_HEADER],
      this.config.whatsapp.appSecret,
    );
    if (check.valid) return true;
    this.logger.logSecurityEvent({
      event: 'webhook_signature_rejected',
      reason: check.reason,
      ip: request.ip,
      route: request.routeOptions.url,
      userAgent: request.headers['user-agent'],
      bodyBytes: request.rawBody?.length ?? 0,
    });
    throw new UnauthorizedException(REASONS[check.reason]);
  }
}

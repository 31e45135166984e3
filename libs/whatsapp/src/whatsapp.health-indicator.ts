import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { graphErrorResponseSchema } from './outbound/cloud-api-payload.schema.js';

type Result = HealthIndicatorResult<'whatsapp'>;

/** Meta's code for an access token that is invalid or expired. */
const INVALID_TOKEN_CODE = 190;

/**
 * The WhatsApp access token, checked against the Graph API: `GET /<version>/<phone-number-id>`
 * with it, as every send would use it. Meta answers the number's fields, or 401 with code 190
 * once the token has expired or been revoked (then no reply can go out until it is replaced).
 *
 * Checked rarely: a result is kept for WHATSAPP_HEALTH_INTERVAL_MS, so load balancers polling
 * `/health/ready` every second call Meta once per interval. A failed check is kept a tenth of
 * that (30 s at the default 5 min), so a token replaced or a network back is seen soon.
 */
@Injectable()
export class WhatsAppHealthIndicator {
  private last?: { result: Promise<Result>; until: number };

  constructor(
    private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
    private readonly logger: AppLogger,
  ) {}

  isHealthy(timeoutMs = this.config.monitoring.healthTimeoutMs): Promise<Result> {
    if (this.last && Date.now() < this.last.until) return this.last.result;
    const result = this.ask(timeoutMs);
    // While in flight every caller shares it; once settled it is kept as long as its outcome deserves.
    const entry = { result, until: Infinity };
    this.last = entry;
    void result.then((answer) => {
      const interval = this.config.monitoring.whatsappHealthIntervalMs;
      entry.until = Date.now() + (answer.whatsapp.status === 'up' ? interval : interval / 10);
    });
    return result;
  }

  private async ask(timeoutMs: number): Promise<Result> {
    const { apiBaseUrl, graphVersion, phoneNumberId, accessToken } = this.config.whatsapp;
    const indicator = this.indicators.check('whatsapp');
    const checkedAt = new Date().toISOString();
    let failure: { message: string; code?: number; httpStatus?: number };
    try {
      const response = await fetch(`${apiBaseUrl}/${graphVersion}/${encodeURIComponent(phoneNumberId)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (response.ok) {
        return indicator.up({
          phoneNumberId,
          verifiedName: body?.verified_name,
          qualityRating: body?.quality_rating,
          checkedAt,
        });
      }
      const error = graphErrorResponseSchema.safeParse(body).data?.error;
      failure = {
        message:
          error?.code === INVALID_TOKEN_CODE
            ? 'access token invalid or expired (Graph API error 190)'
            : `Graph API answered ${response.status}${error?.message ? `: ${error.message}` : ''}`,
        code: error?.code,
        httpStatus: response.status,
      };
    } catch (error) {
      failure = {
        message:
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : `Graph API unreachable: ${causeOf(error)}`,
      };
    }
    this.logger.logEvent('warn', `readiness: WhatsApp token check failed: ${failure.message}`, {
      event: 'health',
      context: 'Health',
      part: 'whatsapp',
      ...failure,
    });
    return indicator.down({ ...failure, checkedAt });
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

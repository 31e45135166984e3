import { BreakerRegistry } from '@mostrador/rate-limit';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LlmCallRecorder } from './llm-call-recorder.js';
import { LlmProviders } from './llm-providers.js';

/**
 * Each configured LLM provider's health, from what the turns already saw: down while its
 * circuit breaker (`llm:<name>`) is open, up otherwise, with when it last answered and last
 * failed. It never calls a model: a probe every second must not cost tokens, and a provider
 * nobody asked yet is as good as its settings. No parts without a provider (the rule-based
 * assistant needs none).
 */
@Injectable()
export class LlmHealthIndicator {
  constructor(
    private readonly providers: LlmProviders,
    private readonly breakers: BreakerRegistry,
    private readonly recorder: LlmCallRecorder,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** The parts this indicator reports: `llm:<name>`, in the order the providers are tried. */
  keys(): string[] {
    return this.providers.list.map((provider) => `llm:${provider.name}`);
  }

  isHealthy<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const provider = this.providers.list.find((p) => `llm:${p.name}` === key);
    if (!provider) throw new Error(`no LLM provider behind ${key}`);
    const breaker = this.breakers.states()[key];
    const details = {
      model: provider.model,
      // No breaker yet: not called since the process started.
      breaker: breaker?.state ?? 'closed',
      ...(breaker?.nextAttemptAt !== undefined && { nextAttemptAt: breaker.nextAttemptAt }),
      ...this.recorder.activityOf(provider.name),
    };
    const indicator = this.indicators.check(key);
    return breaker?.state === 'open'
      ? indicator.down({ ...details, message: 'circuit breaker open: turns skip this provider' })
      : indicator.up(details);
  }
}

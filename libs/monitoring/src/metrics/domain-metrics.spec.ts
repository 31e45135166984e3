import { LogContext } from '@mostrador/logging';
import { DomainMetrics } from './domain-metrics.js';
import { MetricsService } from './metrics.service.js';

async function valueOf(metrics: MetricsService, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

describe(DomainMetrics.name, () => {
  let metrics: MetricsService;
  let domain: DomainMetrics;

  beforeEach(() => {
    metrics = new MetricsService({ defaultMetrics: false });
    domain = new DomainMetrics(metrics);
  });

  it('should take labels from known fields only: a phone, wamid or id in the event never reaches the registry', async () => {
    domain.record({
      event: 'outbound',
      outcome: 'failed',
      type: 'text',
      code: 131026,
      to: '5215512345678',
      messageId: 'a1b2c3d4-0000-4000-8000-000000000000',
    });
    domain.record({ event: 'whatsapp_status', status: 'failed', code: 131047, waMessageId: 'wamid.HBgLNTIxNTU=' });
    domain.record({
      event: 'http_request',
      method: 'GET',
      route: null,
      url: '/x/5215512345678',
      status: 404,
      durationMs: 2,
    });
    const text = await metrics.text();
    expect(text).not.toMatch(/5215512345678|wamid|a1b2c3d4/);
    expect(
      await valueOf(metrics, 'mostrador_messages_total', { direction: 'out', type: 'text', status: 'failed' }),
    ).toBe(1);
    expect(await valueOf(metrics, 'mostrador_meta_errors_total', { code: '131026' })).toBe(1);
    expect(await valueOf(metrics, 'mostrador_meta_errors_total', { code: '131047' })).toBe(1);
    expect(await valueOf(metrics, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
  });

  it("should count Meta's codes only, not ours (0: no answer, -1: never sendable)", async () => {
    domain.record({ event: 'outbound', outcome: 'retry', type: 'text', code: 0 });
    domain.record({ event: 'outbound', outcome: 'failed', type: 'text', code: -1 });
    expect(await valueOf(metrics, 'mostrador_meta_errors_total')).toBe(0);
    expect(await valueOf(metrics, 'mostrador_messages_total', { direction: 'out' })).toBe(2);
  });

  it('should count a turn that ran (with its duration, wait and messages), not the skips, and follow active conversations', async () => {
    LogContext.run({ conversationId: 'c-1' }, () => {
      domain.record({ event: 'turn', outcome: 'answered', durationMs: 120, messages: 3, queueWaitMs: 1600 });
      domain.record({ event: 'turn', outcome: 'claimed-elsewhere' });
    });
    LogContext.run({ conversationId: 'c-2' }, () =>
      domain.record({ event: 'turn', outcome: 'answered', durationMs: 80, messages: 1, queueWaitMs: 1500 }),
    );
    expect(await valueOf(metrics, 'mostrador_turns_total')).toBe(2);
    const text = await metrics.text();
    expect(text).toContain('mostrador_turn_duration_seconds_sum 0.2');
    expect(text).toContain('mostrador_turn_queue_wait_seconds_count 2');
    expect(text).toContain('mostrador_turn_messages_sum 4');
    expect(await valueOf(metrics, 'mostrador_conversations_active')).toBe(2);
  });

  it('should count LLM calls with tokens and latency, tool calls, SOAP calls, grounding and breaker transitions', async () => {
    domain.record({
      event: 'llm_call',
      provider: 'openrouter',
      outcome: 'ok',
      latencyMs: 900,
      inputTokens: 1200,
      outputTokens: 80,
    });
    domain.record({
      event: 'function_call',
      name: 'check_stock',
      outcome: 'ok',
      durationMs: 12,
      arguments: { sku: 'X' },
    });
    domain.record({ event: 'soap_request', operation: 'CheckStock', outcome: 'timeout', durationMs: 3000 });
    domain.record({ event: 'grounding', outcome: 'correction' });
    domain.record({ event: 'breaker', name: 'inventory', state: 'open' });
    expect(await valueOf(metrics, 'mostrador_llm_tokens_total', { provider: 'openrouter', kind: 'input' })).toBe(1200);
    expect(await valueOf(metrics, 'mostrador_llm_calls_total', { provider: 'openrouter', outcome: 'ok' })).toBe(1);
    expect(await valueOf(metrics, 'mostrador_tool_calls_total', { tool: 'check_stock', outcome: 'ok' })).toBe(1);
    expect(await valueOf(metrics, 'mostrador_soap_calls_total', { operation: 'CheckStock', outcome: 'timeout' })).toBe(
      1,
    );
    expect(await valueOf(metrics, 'mostrador_grounding_corrections_total', { action: 'correction' })).toBe(1);
    expect(await valueOf(metrics, 'mostrador_breaker_transitions_total', { breaker: 'inventory', state: 'open' })).toBe(
      1,
    );
  });
});

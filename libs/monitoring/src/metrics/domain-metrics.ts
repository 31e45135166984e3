import { LogContext } from '@mostrador/logging';
import { METRIC, type MetricsService } from './metrics.service.js';

/** A conversation with no turn for this long no longer counts as active. */
export const ACTIVE_CONVERSATION_MS = 30 * 60_000;
/** Conversations followed at once for the active count: a flood cannot grow this map without end. */
const MAX_TRACKED_CONVERSATIONS = 50_000;

type Fields = Readonly<Record<string, unknown>>;

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const text = (value: unknown, fallback = 'unknown'): string =>
  typeof value === 'string' && value !== '' ? value : fallback;
const seconds = (ms: unknown): number | undefined => (typeof ms === 'number' && ms >= 0 ? ms / 1000 : undefined);

/** Meta's codes only: 0 (no answer) and -1 (never sendable) are ours. */
function metaCode(code: unknown): string | undefined {
  return typeof code === 'number' && code > 0 ? String(code) : undefined;
}

/**
 * The one place metrics are recorded: from the structured events the code already emits for
 * its logs (AppLogger observers see them whatever the level). HTTP requests come from the
 * request log's `http_request` event, written by a Fastify onResponse hook: unlike a Nest
 * interceptor it also sees what guards refuse (401, 429) and unmatched routes (404). Each event kind maps
 * to its counters here, so a new metric never needs a timer in a handler; and labels are picked
 * from known low-cardinality fields, never copied wholesale (phones, wamids and ids stay out).
 */
export class DomainMetrics {
  /** Conversation id → [first turn, latest turn] (ms), for the active count and their duration. */
  private readonly active = new Map<string, [number, number]>();

  constructor(private readonly metrics: MetricsService) {
    metrics.gaugeFrom(
      METRIC.conversationsActive,
      `Conversations with a turn in the last ${ACTIVE_CONVERSATION_MS / 60_000} minutes.`,
      [],
      () => [[{}, this.activeConversations().length]],
    );
    metrics.gaugeFrom(
      METRIC.conversationDuration,
      'Average time from the first to the latest turn of the active conversations, seconds.',
      [],
      () => {
        const spans = this.activeConversations();
        const total = spans.reduce((sum, [first, last]) => sum + (last - first), 0);
        return [[{}, spans.length === 0 ? 0 : total / spans.length / 1000]];
      },
    );
  }

  record(fields: Fields): void {
    switch (fields.event) {
      case 'http_request': {
        // The route template, never the URL: /admin/conversations/{id} is one series, not one per id.
        const route = text(fields.route, 'unmatched');
        const method = HTTP_METHODS.has(fields.method as string) ? (fields.method as string) : 'OTHER';
        this.metrics.httpRequests.inc({ method, route, status: String(fields.status) });
        const duration = seconds(fields.durationMs);
        if (duration !== undefined) this.metrics.httpDuration.observe({ method, route }, duration);
        break;
      }
      case 'whatsapp_message':
        this.metrics.webhookEvents.inc({ kind: 'message' });
        this.metrics.messages.inc({ direction: 'in', type: text(fields.type), status: text(fields.status) });
        break;
      case 'whatsapp_status': {
        this.metrics.webhookEvents.inc({ kind: 'status' });
        const code = metaCode(fields.code);
        if (code) this.metrics.metaErrors.inc({ code });
        break;
      }
      case 'whatsapp_webhook_error': {
        this.metrics.webhookEvents.inc({ kind: 'error' });
        const code = metaCode(fields.code);
        if (code) this.metrics.metaErrors.inc({ code });
        break;
      }
      case 'whatsapp_webhook_skipped':
        this.metrics.webhookEvents.inc({ kind: 'skipped' });
        break;
      case 'outbound': {
        if (fields.outcome !== 'sent' && fields.outcome !== 'retry' && fields.outcome !== 'failed') break;
        this.metrics.messages.inc({ direction: 'out', type: text(fields.type), status: fields.outcome });
        const code = metaCode(fields.code);
        if (code) this.metrics.metaErrors.inc({ code });
        break;
      }
      case 'turn':
        this.turn(fields);
        break;
      case 'conversation_start':
        this.metrics.conversationsStarted.inc();
        break;
      case 'llm_call': {
        const provider = text(fields.provider);
        const outcome = text(fields.outcome);
        this.metrics.llmCalls.inc({ provider, outcome });
        const latency = seconds(fields.latencyMs);
        if (latency !== undefined) this.metrics.llmLatency.observe({ provider, outcome }, latency);
        if (typeof fields.inputTokens === 'number') {
          this.metrics.llmTokens.inc({ provider, kind: 'input' }, fields.inputTokens);
        }
        if (typeof fields.outputTokens === 'number') {
          this.metrics.llmTokens.inc({ provider, kind: 'output' }, fields.outputTokens);
        }
        break;
      }
      case 'grounding':
        this.metrics.groundingCorrections.inc({ action: text(fields.outcome) });
        break;
      case 'function_call': {
        const tool = text(fields.name);
        this.metrics.toolCalls.inc({ tool, outcome: text(fields.outcome) });
        const duration = seconds(fields.durationMs);
        if (duration !== undefined) this.metrics.toolDuration.observe({ tool }, duration);
        break;
      }
      case 'soap_request': {
        const operation = text(fields.operation);
        this.metrics.soapCalls.inc({ operation, outcome: text(fields.outcome) });
        const duration = seconds(fields.durationMs);
        if (duration !== undefined) this.metrics.soapDuration.observe({ operation }, duration);
        break;
      }
      case 'breaker':
        this.metrics.breakerTransitions.inc({ breaker: text(fields.name), state: text(fields.state) });
        break;
    }
  }

  private turn(fields: Fields): void {
    // Only a turn that ran has a duration; the other turn events (skips, a lost claim) are not turns.
    const duration = seconds(fields.durationMs);
    if (duration === undefined) return;
    this.metrics.turns.inc({ outcome: text(fields.outcome) });
    this.metrics.turnDuration.observe(duration);
    if (typeof fields.messages === 'number') this.metrics.turnMessages.observe(fields.messages);
    const wait = seconds(fields.queueWaitMs);
    if (wait !== undefined) this.metrics.turnQueueWait.observe(wait);
    const { conversationId } = LogContext.current();
    if (conversationId === undefined) return;
    const now = Date.now();
    const span = this.active.get(conversationId);
    this.active.delete(conversationId);
    if (this.active.size >= MAX_TRACKED_CONVERSATIONS) this.prune(now);
    // Re-inserted: the map stays ordered by latest turn, so pruning starts with the stalest.
    this.active.set(conversationId, [span?.[0] ?? now, now]);
  }

  private activeConversations(): [number, number][] {
    this.prune(Date.now());
    return [...this.active.values()];
  }

  private prune(now: number): void {
    for (const [id, [, last]] of this.active) {
      if (now - last < ACTIVE_CONVERSATION_MS && this.active.size < MAX_TRACKED_CONVERSATIONS) break;
      this.active.delete(id);
    }
  }
}

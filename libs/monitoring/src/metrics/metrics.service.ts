import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from 5 ms (a cached webhook) to 30 s (a slow LLM tool loop). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** One value of a gauge read at scrape time, with its labels. */
export type GaugeReading<L extends string> = [Partial<Record<L, string>>, number];

/** Every metric's name, for the readers (dashboard, monitor, tests) as much as the writers. */
export const METRIC = {
  httpRequests: 'http_requests_total',
  httpDuration: 'http_request_duration_seconds',
  webhookEvents: 'mostrador_webhook_events_total',
  messages: 'mostrador_messages_total',
  metaErrors: 'mostrador_meta_errors_total',
  turns: 'mostrador_turns_total',
  turnDuration: 'mostrador_turn_duration_seconds',
  turnQueueWait: 'mostrador_turn_queue_wait_seconds',
  turnMessages: 'mostrador_turn_messages',
  llmCalls: 'mostrador_llm_calls_total',
  llmTokens: 'mostrador_llm_tokens_total',
  llmLatency: 'mostrador_llm_latency_seconds',
  groundingCorrections: 'mostrador_grounding_corrections_total',
  toolCalls: 'mostrador_tool_calls_total',
  toolDuration: 'mostrador_tool_call_duration_seconds',
  soapCalls: 'mostrador_soap_calls_total',
  soapDuration: 'mostrador_soap_call_duration_seconds',
  cacheLookups: 'mostrador_cache_lookups',
  breakerState: 'mostrador_breaker_state',
  breakerTransitions: 'mostrador_breaker_transitions_total',
  rateLimitRejections: 'mostrador_rate_limit_rejections',
  conversationsActive: 'mostrador_conversations_active',
  conversationsStarted: 'mostrador_conversations_started_total',
  conversationDuration: 'mostrador_conversation_duration_seconds',
} as const;

/**
 * One Prometheus registry per process (prom-client), the metrics defined once here. Labels stay
 * low-cardinality: route templates, operations, tools, providers, outcomes, Meta codes; never a
 * phone number, wamid or conversation id.
 */
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: METRIC.httpRequests,
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: METRIC.httpDuration,
    help: 'HTTP response time in seconds, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly webhookEvents = new Counter({
    name: METRIC.webhookEvents,
    help: 'WhatsApp webhook items received, by kind (message, status, error, skipped).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: METRIC.messages,
    help: 'Messages in (stored from webhooks) and out (send attempts), by type and outcome status.',
    labelNames: ['direction', 'type', 'status'] as const,
    registers: [this.registry],
  });
  readonly metaErrors = new Counter({
    name: METRIC.metaErrors,
    help: 'Error codes Meta answered sends with or reported in status webhooks.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly turns = new Counter({
    name: METRIC.turns,
    help: 'Conversation turns, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly turnDuration = new Histogram({
    name: METRIC.turnDuration,
    help: 'Time a turn took from its claim to its reply recorded, seconds.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly turnQueueWait = new Histogram({
    name: METRIC.turnQueueWait,
    help: "Time from a turn's oldest message to the turn starting (quiet window included), seconds.",
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly turnMessages = new Histogram({
    name: METRIC.turnMessages,
    help: 'Customer messages answered together by one turn (bursts coalesced).',
    buckets: [1, 2, 3, 5, 8, 13],
    registers: [this.registry],
  });
  readonly llmCalls = new Counter({
    name: METRIC.llmCalls,
    help: 'LLM tool loops, by provider and outcome.',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: METRIC.llmTokens,
    help: 'LLM tokens, by provider and kind (input, output).',
    labelNames: ['provider', 'kind'] as const,
    registers: [this.registry],
  });
  readonly llmLatency = new Histogram({
    name: METRIC.llmLatency,
    help: 'LLM tool loop latency in seconds, by provider and outcome.',
    labelNames: ['provider', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly groundingCorrections = new Counter({
    name: METRIC.groundingCorrections,
    help: 'LLM replies that quoted a figure no tool returned, by what was done (correction, replaced).',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly toolCalls = new Counter({
    name: METRIC.toolCalls,
    help: 'Assistant tool calls, by tool and outcome.',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly toolDuration = new Histogram({
    name: METRIC.toolDuration,
    help: 'Assistant tool call duration in seconds, by tool.',
    labelNames: ['tool'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly soapCalls = new Counter({
    name: METRIC.soapCalls,
    help: 'Inventory SOAP calls, by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly soapDuration = new Histogram({
    name: METRIC.soapDuration,
    help: 'Inventory SOAP call duration in seconds, by operation.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly breakerTransitions = new Counter({
    name: METRIC.breakerTransitions,
    help: 'Circuit breaker state changes, by breaker and the state entered.',
    labelNames: ['breaker', 'state'] as const,
    registers: [this.registry],
  });
  readonly conversationsStarted = new Counter({
    name: METRIC.conversationsStarted,
    help: 'Conversations started (a customer writing after the previous conversation ended, or for the first time).',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges named like counters (promtool refuses them); nodejs_active_handles etc. say the same by type.
      for (const name of [
        'nodejs_active_handles_total',
        'nodejs_active_requests_total',
        'nodejs_active_resources_total',
      ]) {
        this.registry.removeSingleMetric(name);
      }
    }
  }

  /**
   * A gauge whose values are read when scraped (the cache's counts, the breakers' states…):
   * `read` returns one value per label set.
   */
  gaugeFrom<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Iterable<GaugeReading<L>> | Promise<Iterable<GaugeReading<L>>>,
  ): void {
    if (this.registry.getSingleMetric(name)) this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const readings = await read();
        this.reset();
        for (const [labels, value] of readings) this.set(labels, value);
      },
    });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

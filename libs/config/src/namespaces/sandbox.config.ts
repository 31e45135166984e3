import { z } from 'zod';
import { flag, integer, oneOf, text, url } from '../env-value.js';
import { type BuildContext, defineNamespace } from '../namespace.js';

/**
 * Meta errors the sandbox's Graph API can be told to answer with (`500` is an HTTP 500,
 * Meta's 131000 "Something went wrong").
 */
export const SANDBOX_FAULT_CODES = ['130429', '131056', '131047', '131026', '190', '500'] as const;
export type SandboxFaultCode = (typeof SANDBOX_FAULT_CODES)[number];
export interface SandboxFault {
  code: SandboxFaultCode;
  /** How many requests fail with it; null: every request until cleared. */
  times: number | null;
}

function parseFaults(raw: string | undefined, context: BuildContext): SandboxFault[] {
  if (raw === undefined) return [];
  const faults: SandboxFault[] = [];
  for (const item of raw.split(',')) {
    const [code, times] = item.trim().split('*');
    if (!(SANDBOX_FAULT_CODES as readonly string[]).includes(code)) {
      context.problem('SANDBOX_GRAPH_API_FAULTS', `must list codes among ${SANDBOX_FAULT_CODES.join(', ')}`);
      return [];
    }
    faults.push({ code: code as SandboxFaultCode, times: times === undefined ? null : Number(times) });
  }
  return faults;
}

/**
 * Faults the sandbox's OpenAI-compatible stand-in can be told to inject: an HTTP 500 or 429
 * (OpenAI's error bodies), a slow answer, tool arguments the offered schema refuses, a final
 * answer quoting a price no tool returned.
 */
export const SANDBOX_LLM_FAULT_KINDS = ['500', '429', 'slow', 'malformed-tool-args', 'wrong-price'] as const;
export type SandboxLlmFaultKind = (typeof SANDBOX_LLM_FAULT_KINDS)[number];
export interface SandboxLlmFault {
  kind: SandboxLlmFaultKind;
  /** How many answers it spoils; null: every one until cleared. */
  times: number | null;
  /** How long a `slow` answer waits, ms. */
  delayMs: number;
}
/** How long a `slow` answer waits unless told otherwise: past the api's LLM_TIMEOUT_MS default (12 s). */
export const SANDBOX_LLM_SLOW_MS = 20_000;

function parseLlmFaults(raw: string | undefined, context: BuildContext): SandboxLlmFault[] {
  if (raw === undefined) return [];
  const faults: SandboxLlmFault[] = [];
  for (const item of raw.split(',')) {
    const [kind, times] = item.trim().split('*');
    if (!(SANDBOX_LLM_FAULT_KINDS as readonly string[]).includes(kind)) {
      context.problem('SANDBOX_LLM_FAULTS', `must list faults among ${SANDBOX_LLM_FAULT_KINDS.join(', ')}`);
      return [];
    }
    faults.push({
      kind: kind as SandboxLlmFaultKind,
      times: times === undefined ? null : Number(times),
      delayMs: SANDBOX_LLM_SLOW_MS,
    });
  }
  return faults;
}

/** The api's webhook, wherever PORT puts the api. */
function defaultWebhookUrl(context: BuildContext): string {
  const port = integer(0, 65535).safeParse(context.env.PORT);
  return `http://127.0.0.1:${(port.success ? port.data : undefined) || 3000}/webhooks/whatsapp`;
}

/** How the sandbox's inventory service answers: normally, or with a spoilt document. */
export const SANDBOX_INVENTORY_PAYLOADS = ['valid', 'malformed', 'xxe'] as const;

/**
 * The port of the sandbox's SOAP inventory service, which has a port of its own (so that
 * its "down" fault refuses connections): SANDBOX_INVENTORY_PORT, else the one after
 * SANDBOX_PORT (3101 by default; 0, "any free port", stays 0). From the raw environment,
 * so that the inventory client's default WSDL URL follows it.
 */
export function sandboxInventoryPort(env: Readonly<Record<string, string | undefined>>): number {
  const own = integer(0, 65535).safeParse(env.SANDBOX_INVENTORY_PORT);
  if (own.success && own.data !== undefined) return own.data;
  const sandbox = integer(0, 65535).safeParse(env.SANDBOX_PORT);
  const port = (sandbox.success ? sandbox.data : undefined) ?? 3100;
  return port === 0 ? 0 : (port + 1) % 65536;
}

export const sandboxNamespace = defineNamespace({
  variables: z.object({
    SANDBOX_HOST: text({ describe: 'a host name or address' }).describe(
      'Address the sandbox (stand-ins for the shop inventory and Meta) listens on. Default 127.0.0.1.',
    ),
    SANDBOX_PORT: integer(0, 65535).describe('Port the sandbox listens on (0 picks a free one). Default 3100.'),
    SANDBOX_WEBHOOK_URL: url().describe(
      "Where the sandbox's Meta stand-in posts signed webhooks (customer messages, statuses). Default http://127.0.0.1:<PORT>/webhooks/whatsapp.",
    ),
    SANDBOX_STATUS_WEBHOOKS: flag().describe(
      'Post sent, delivered and read statuses back for every message the api sends, like Meta. Default true.',
    ),
    SANDBOX_STATUS_DELAY_MS: integer(0, 60_000).describe(
      'Pause before each of those statuses (sent, then delivered, then read). Default 300.',
    ),
    SANDBOX_WEBHOOK_RETRY_SECONDS: integer(0, 7 * 86_400).describe(
      'How long a status webhook the api did not take (non-2xx or unreachable) is retried, with exponential backoff, like Meta (which retries for up to 7 days). 0: one try. Default 300.',
    ),
    SANDBOX_WEBHOOK_MAX_PENDING: integer(1, 1_000_000).describe(
      'Most status webhooks waiting for delivery or a retry; over it the oldest is dropped (warn log). Default 1000.',
    ),
    SANDBOX_GRAPH_API_FAULTS: text({
      pattern: /^\d+(\*[1-9]\d{0,5})?(\s*,\s*\d+(\*[1-9]\d{0,5})?)*$/,
      describe: 'a list like 130429*2,131047 (code, optionally *times)',
    }).describe(
      `Meta errors the sandbox Graph API answers sends with, in order: code*times, or code alone for every send. Codes: ${SANDBOX_FAULT_CODES.join(', ')}. Default none.`,
    ),
    SANDBOX_LLM_FAULTS: text({
      pattern: /^[a-z0-9-]+(\*[1-9]\d{0,5})?(\s*,\s*[a-z0-9-]+(\*[1-9]\d{0,5})?)*$/,
      describe: 'a list like 500*2,429 (fault, optionally *times)',
    }).describe(
      `Faults the sandbox's OpenAI-compatible stand-in (/v1/chat/completions) answers with, in order: fault*times, or a fault alone for every answer until cleared. Faults: ${SANDBOX_LLM_FAULT_KINDS.join(', ')} (slow waits ${SANDBOX_LLM_SLOW_MS} ms). Default none.`,
    ),
    SANDBOX_INVENTORY_PORT: integer(0, 65535).describe(
      'Port of the sandbox SOAP inventory service (WSDL at /inventory?wsdl). Default SANDBOX_PORT + 1 (3101).',
    ),
    SANDBOX_INVENTORY_LATENCY_MS: integer(0, 60_000).describe(
      'Fault for tests and demos: delay before every inventory answer, ms. Default 0.',
    ),
    SANDBOX_INVENTORY_JITTER_MS: integer(0, 60_000).describe(
      'Fault: extra random delay of 0 to this many ms on every inventory answer. Default 0.',
    ),
    SANDBOX_INVENTORY_ERROR_PERCENT: integer(0, 100).describe(
      'Fault: share of inventory operation calls answered with a SOAP Server fault, 0-100. Default 0.',
    ),
    SANDBOX_INVENTORY_DOWN: flag().describe(
      'Fault: start with the inventory port closed (connection refused) until POST /sandbox/inventory/faults opens it. Default false.',
    ),
    SANDBOX_INVENTORY_PAYLOAD: oneOf(SANDBOX_INVENTORY_PAYLOADS).describe(
      'Fault: valid, malformed (truncated XML) or xxe (a DTD with an external entity to a local file) on every inventory answer. Default valid.',
    ),
  }),
  build(env, context) {
    return {
      host: env.SANDBOX_HOST ?? '127.0.0.1',
      port: env.SANDBOX_PORT ?? 3100,
      webhookUrl: env.SANDBOX_WEBHOOK_URL ?? defaultWebhookUrl(context),
      statusWebhooks: env.SANDBOX_STATUS_WEBHOOKS ?? true,
      statusDelayMs: env.SANDBOX_STATUS_DELAY_MS ?? 300,
      webhookRetryMs: (env.SANDBOX_WEBHOOK_RETRY_SECONDS ?? 300) * 1000,
      webhookMaxPending: env.SANDBOX_WEBHOOK_MAX_PENDING ?? 1000,
      graphApiFaults: parseFaults(env.SANDBOX_GRAPH_API_FAULTS, context),
      llmFaults: parseLlmFaults(env.SANDBOX_LLM_FAULTS, context),
      inventory: {
        port: sandboxInventoryPort(context.env),
        faults: {
          latencyMs: env.SANDBOX_INVENTORY_LATENCY_MS ?? 0,
          jitterMs: env.SANDBOX_INVENTORY_JITTER_MS ?? 0,
          errorPercent: env.SANDBOX_INVENTORY_ERROR_PERCENT ?? 0,
          down: env.SANDBOX_INVENTORY_DOWN ?? false,
          payload: env.SANDBOX_INVENTORY_PAYLOAD ?? 'valid',
        },
      },
    };
  },
});

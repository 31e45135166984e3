import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * OpenAI's Chat Completions wire format, as much of it as the stand-in reads and writes
 * (non-streaming). https://platform.openai.com/docs/api-reference/chat/create
 * Read loosely, as OpenAI does: unknown fields pass, content may be a string or parts.
 */

const textPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const contentSchema = z.union([z.string(), z.array(textPartSchema), z.null()]).optional();

export const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content: contentSchema }),
  z.looseObject({ role: z.literal('user'), content: contentSchema }),
  z.looseObject({
    role: z.literal('assistant'),
    content: contentSchema,
    tool_calls: z.array(toolCallSchema).optional(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: contentSchema }),
]);

export const toolSpecSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    /** A JSON schema; absent means "no arguments". */
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).meta({ example: 'mostrador-sandbox' }),
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(toolSpecSchema).optional(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
    ])
    .optional(),
  stream: z.boolean().nullable().optional(),
});

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ToolSpec = z.infer<typeof toolSpecSchema>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[];
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: AssistantMessage; finish_reason: 'stop' | 'tool_calls' }];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** The one model the stand-in lists; it answers to any name. */
export const SANDBOX_MODEL = 'mostrador-sandbox';

/** A message's text, whether its content is a string or a list of parts. */
export function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

/** OpenAI does not count tokens this way; a rough, stable figure is enough for a stand-in. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

export function completion(request: ChatCompletionRequest, message: AssistantMessage): ChatCompletion {
  const prompt = estimateTokens(JSON.stringify(request.messages).length + JSON.stringify(request.tools ?? []).length);
  const answered = estimateTokens(
    (message.content ?? '').length +
      (message.tool_calls ?? []).reduce(
        (sum, call) => sum + call.function.name.length + call.function.arguments.length,
        0,
      ),
  );
  return {
    id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message, finish_reason: message.tool_calls === undefined ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: prompt, completion_tokens: answered, total_tokens: prompt + answered },
  };
}

export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}

/** What the stand-in answers over HTTP: a status, a body and, for a 429, its headers. */
export interface WireAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * An error the way OpenAI writes it: `{ error: { message, type, param, code } }`.
 * https://platform.openai.com/docs/guides/error-codes
 */
export function openAiError(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers?: Record<string, string>,
): WireAnswer {
  return { status, body: { error: { message, type, param, code } }, headers };
}

/** How long a 429 tells the client to wait, seconds: short enough for one retry in a demo. */
export const RETRY_AFTER_SECONDS = 1;

export const OPENAI_ERRORS = {
  server: () =>
    openAiError(
      500,
      'The server had an error while processing your request. Sorry about that! (injected by the sandbox)',
      'server_error',
    ),
  rateLimited: (model: string) =>
    openAiError(
      429,
      `Rate limit reached for ${model} in organization org-sandbox on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${RETRY_AFTER_SECONDS}s. (injected by the sandbox)`,
      'requests',
      'rate_limit_exceeded',
      null,
      {
        'retry-after': String(RETRY_AFTER_SECONDS),
        'x-ratelimit-limit-requests': '3',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${RETRY_AFTER_SECONDS}s`,
      },
    ),
  streaming: () =>
    openAiError(
      400,
      'Streaming is not offered by the sandbox stand-in: send "stream": false (or leave it out).',
      'invalid_request_error',
      'unsupported_value',
      'stream',
    ),
  invalid: (message: string, param: string | null) => openAiError(400, message, 'invalid_request_error', null, param),
};

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the model would see it, whichever wire format it came in. */
export interface LlmView {
  format: 'openai' | 'gemini';
  system: string;
  turns: { role: 'user' | 'assistant' | 'tool'; text: string; toolName?: string; toolResult?: unknown }[];
  /** Names of the tools offered. */
  tools: string[];
  /** The tools as the model sees them (JSON schemas). */
  toolSchemas: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** What the scripted model answers: text, tool calls (`rawArgs` sends arguments as given), an HTTP error, or nothing. */
export type LlmAnswer =
  | { text: string }
  | { calls: { name: string; args?: unknown; rawArgs?: string }[] }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'silence';

export type LlmScript = (view: LlmView, n: number) => LlmAnswer;

/** The last tool results of the conversation, parsed. */
export function lastToolResults(view: LlmView): unknown[] {
  const results: unknown[] = [];
  for (let i = view.turns.length - 1; i >= 0 && view.turns[i].role === 'tool'; i--)
    results.unshift(view.turns[i].toolResult);
  return results;
}

/**
 * The default script: search the catalogue with the customer's last words, then answer from
 * the first product the tool returned (its name and price as the tool wrote them).
 */
export const searchThenAnswer: LlmScript = (view) => {
  const last = view.turns.at(-1);
  const customer = [...view.turns].reverse().find((t) => t.role === 'user')?.text ?? '';
  // A tool error (bad arguments) is answered by trying again, properly.
  if (last?.role === 'tool' && typeof last.toolResult === 'string') {
    return { calls: [{ name: 'search_products', args: { query: customer.slice(0, 60) || 'tenis' } }] };
  }
  if (last?.role === 'tool') {
    const result = last.toolResult as { products?: { name: string; price_text: string }[]; error?: string };
    if (result.error) return { text: 'No puedo consultar el inventario en este momento.' };
    const [first] = result.products ?? [];
    return { text: first ? `Tenemos *${first.name}* a ${first.price_text}.` : 'No encontré productos así.' };
  }
  return { calls: [{ name: 'search_products', args: { query: customer.slice(0, 60) || 'tenis' } }] };
};

/**
 * A model over HTTP, scripted: OpenAI's Chat Completions (`/v1/chat/completions`, also
 * OpenRouter's `/api/v1/chat/completions`) and Gemini's `generateContent`, so the AI SDK's
 * real providers and wire formats are exercised. Answers come from the queue, then the script.
 */
export class ScriptedLlm {
  readonly requests: LlmView[] = [];
  private queued: LlmAnswer[] = [];
  private script: LlmScript = searchThenAnswer;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        let raw = '';
        for await (const chunk of req) raw += String(chunk);
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        const gemini = (req.url ?? '').includes(':generateContent');
        const view = gemini ? geminiView(body) : openAiView(body);
        this.requests.push(view);
        let answer: LlmAnswer;
        try {
          answer = this.queued.shift() ?? this.script(view, this.requests.length);
        } catch (error) {
          // A script that breaks is the test's bug: say so as a server error, not a crash.
          answer = { status: 500, body: { error: { message: `script failed: ${(error as Error).message}` } } };
        }
        if (answer === 'silence') {
          req.on('close', () => res.destroy());
          return;
        }
        if ('status' in answer) {
          send(res, answer.status, answer.body ?? { error: { message: `scripted ${answer.status}` } }, answer.headers);
          return;
        }
        send(res, 200, gemini ? geminiAnswer(answer) : openAiAnswer(answer, this.requests.length));
      })();
    });
    // A suite may pause longer than Node's 5 s keep-alive between two calls (a database made on
    // a busy machine): the client would then reuse a socket the server is closing ("fetch
    // failed"), which the suites that allow no retry would read as a provider down.
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests with these, in order, before the script. */
  answer(...answers: LlmAnswer[]): void {
    this.queued.push(...answers);
  }

  use(script: LlmScript): void {
    this.script = script;
  }

  reset(): void {
    this.requests.length = 0;
    this.queued = [];
    this.script = searchThenAnswer;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('');
  return '';
}

function openAiView(body: Record<string, unknown>): LlmView {
  const messages = (body.messages ?? []) as { role: string; content: unknown; tool_calls?: unknown[] }[];
  const tools = (body.tools ?? []) as { function: { name: string; parameters: unknown } }[];
  return {
    format: 'openai',
    system: messages
      .filter((m) => m.role === 'system')
      .map((m) => textOf(m.content))
      .join('\n'),
    turns: messages
      .filter((m) => m.role !== 'system')
      .map((m) =>
        m.role === 'tool'
          ? { role: 'tool' as const, text: textOf(m.content), toolResult: parse(textOf(m.content)) }
          : { role: m.role as 'user' | 'assistant', text: textOf(m.content) },
      ),
    tools: tools.map((t) => t.function.name),
    toolSchemas: Object.fromEntries(tools.map((t) => [t.function.name, t.function.parameters])),
    body,
  };
}

function geminiView(body: Record<string, unknown>): LlmView {
  const contents = (body.contents ?? []) as { role: string; parts: Record<string, unknown>[] }[];
  const declarations = (
    (body.tools ?? []) as { functionDeclarations?: { name: string; parametersJsonSchema?: unknown }[] }[]
  ).flatMap((t) => t.functionDeclarations ?? []);
  const turns: LlmView['turns'] = [];
  for (const content of contents) {
    for (const part of content.parts) {
      const response = part.functionResponse as { name: string; response: { content: unknown } } | undefined;
      if (response) {
        turns.push({
          role: 'tool',
          text: JSON.stringify(response.response.content),
          toolName: response.name,
          toolResult: response.response.content,
        });
      } else if (typeof part.text === 'string') {
        turns.push({ role: content.role === 'model' ? 'assistant' : 'user', text: part.text });
      }
    }
  }
  const system =
    (body.systemInstruction as { parts?: { text: string }[] } | undefined)?.parts?.map((p) => p.text) ?? [];
  return {
    format: 'gemini',
    system: system.join('\n'),
    turns,
    tools: declarations.map((d) => d.name),
    toolSchemas: Object.fromEntries(declarations.map((d) => [d.name, d.parametersJsonSchema])),
    body,
  };
}

const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };

function openAiAnswer(
  answer: { text: string } | { calls: { name: string; args?: unknown; rawArgs?: string }[] },
  n: number,
) {
  const message =
    'text' in answer
      ? { role: 'assistant', content: answer.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: answer.calls.map((call, i) => ({
            id: `call_${n}_${i}`,
            type: 'function',
            function: { name: call.name, arguments: call.rawArgs ?? JSON.stringify(call.args ?? {}) },
          })),
        };
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
    choices: [{ index: 0, message, finish_reason: 'text' in answer ? 'stop' : 'tool_calls' }],
    usage,
  };
}

function geminiAnswer(answer: { text: string } | { calls: { name: string; args?: unknown }[] }) {
  const parts =
    'text' in answer
      ? [{ text: answer.text }]
      : answer.calls.map((call) => ({ functionCall: { name: call.name, args: call.args ?? {} } }));
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 },
  };
}

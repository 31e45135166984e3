import { describeIssues } from '@mostrador/http';
import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import {
  type AssistantMessage,
  chatCompletionRequestSchema,
  completion,
  newToolCallId,
  OPENAI_ERRORS,
  openAiError,
  SANDBOX_MODEL,
  type WireAnswer,
} from './chat-completions.wire.js';
import { type LlmFaultKind, LlmFaults } from './llm-faults.js';
import { LlmRequestLog } from './llm-request-log.js';
import { salesPolicy } from './sales-policy.js';

/**
 * OpenAI's `POST /v1/chat/completions`, played locally by a scripted sales policy (not a
 * model): validates the request as OpenAI would, records it, applies the injected faults,
 * and answers in OpenAI's format with the policy's tool calls or text.
 */
@Injectable()
export class ChatCompletionsService {
  /** Ends every slow wait when the server closes, so a graceful shutdown does not wait for it. */
  private readonly closing = new AbortController();

  constructor(
    private readonly faults: LlmFaults,
    private readonly requests: LlmRequestLog,
    private readonly logger: AppLogger,
  ) {}

  /** Answers one request; `clientGone` aborts when the client disconnects (a slow fault stops waiting). */
  async complete(body: unknown, clientGone: AbortSignal): Promise<WireAnswer> {
    const record = this.requests.add(body);
    const answer = await this.answer(body, clientGone, (fault) => {
      record.fault = fault;
      this.logger.logEvent('info', `sandbox llm: injected fault ${fault}`, {
        event: 'sandbox_fault',
        context: 'Sandbox',
        fault,
      });
    });
    if (clientGone.aborted) {
      record.outcome = 'client-closed';
    } else {
      record.status = answer.status;
      const choice = (answer.body as { choices?: { finish_reason: 'stop' | 'tool_calls' }[] }).choices?.[0];
      record.outcome = choice?.finish_reason ?? 'error';
    }
    return answer;
  }

  models(): { object: 'list'; data: { id: string; object: 'model'; created: number; owned_by: string }[] } {
    return {
      object: 'list',
      data: [{ id: SANDBOX_MODEL, object: 'model', created: 1_767_225_600, owned_by: 'mostrador' }],
    };
  }

  /** Ends the slow waits in progress (they then answer at once). */
  close(): void {
    this.closing.abort();
  }

  private async answer(
    body: unknown,
    clientGone: AbortSignal,
    injected: (fault: LlmFaultKind) => void,
  ): Promise<WireAnswer> {
    if (typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true) {
      return OPENAI_ERRORS.streaming();
    }
    const parsed = chatCompletionRequestSchema.safeParse(body);
    if (!parsed.success) {
      const param = parsed.error.issues[0]?.path.map(String).join('.') || null;
      return OPENAI_ERRORS.invalid(describeIssues(parsed.error), param);
    }
    const request = parsed.data;

    const transport = this.faults.takeTransport();
    if (transport !== undefined) injected(transport.kind);
    switch (transport?.kind) {
      case '500':
        return OPENAI_ERRORS.server();
      case '429':
        return OPENAI_ERRORS.rateLimited(request.model);
      case 'slow':
        await this.wait(transport.delayMs, AbortSignal.any([clientGone, this.closing.signal]));
        // Nobody to answer: leave the content faults for the next request.
        if (clientGone.aborted) return openAiError(499, 'The client closed the request.', 'client_closed');
        break;
      case undefined:
        break;
    }

    const pending = this.faults.pendingContent();
    const decision = salesPolicy(request, {
      spoilArguments: pending === 'malformed-tool-args',
      misquotePrice: pending === 'wrong-price',
    });
    let message: AssistantMessage;
    if (decision.kind === 'tool_calls') {
      if (decision.spoiled) this.spoiled('malformed-tool-args', injected);
      message = {
        role: 'assistant',
        content: null,
        tool_calls: decision.calls.map((call) => ({
          id: newToolCallId(),
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    } else {
      if (decision.misquoted) this.spoiled('wrong-price', injected);
      message = { role: 'assistant', content: decision.text };
    }
    // Answered because the server closes: no keep-alive, or the close waits for this connection to time out.
    const headers = this.closing.signal.aborted ? { connection: 'close' } : undefined;
    return { status: 200, body: completion(request, message), headers };
  }

  private spoiled(kind: 'malformed-tool-args' | 'wrong-price', injected: (fault: LlmFaultKind) => void): void {
    this.faults.used(kind);
    injected(kind);
  }

  /** Waits `ms`, or less when the signal aborts first. */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

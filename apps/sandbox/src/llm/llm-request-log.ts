import type { LlmFaultKind } from './llm-faults.js';

/** One request the stand-in received, and how it answered. */
export interface LlmRequestRecord {
  /** When it arrived (ISO 8601). */
  at: string;
  /** The body as the client sent it (the prompt, the tools, the history). */
  body: unknown;
  /** The HTTP status answered; null while it is being answered (a slow fault) or when the client left first. */
  status: number | null;
  /** `tool_calls` or `stop` for an answer; `client-closed` when the client left before it. */
  outcome: 'tool_calls' | 'stop' | 'error' | 'client-closed' | 'pending';
  /** The fault injected into it, if any. */
  fault: LlmFaultKind | null;
}

/** The last requests the stand-in received, newest last, so tests can read the prompt the api sent. */
export class LlmRequestLog {
  static readonly LIMIT = 200;
  private records: LlmRequestRecord[] = [];

  add(body: unknown): LlmRequestRecord {
    const record: LlmRequestRecord = {
      at: new Date().toISOString(),
      body,
      status: null,
      outcome: 'pending',
      fault: null,
    };
    this.records.push(record);
    if (this.records.length > LlmRequestLog.LIMIT) this.records.shift();
    return record;
  }

  list(): LlmRequestRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  clear(): void {
    this.records = [];
  }
}

import { SANDBOX_LLM_FAULT_KINDS, type SandboxLlmFault, type SandboxLlmFaultKind } from '@mostrador/config';

/** A fault of the stand-in, as SANDBOX_LLM_FAULTS and POST /sandbox/llm/faults give it. */
export type LlmFault = SandboxLlmFault;
export type LlmFaultKind = SandboxLlmFaultKind;
/** The kinds, for the admin route's schema: the same list libs/config checks SANDBOX_LLM_FAULTS against. */
export const LLM_FAULT_KINDS = SANDBOX_LLM_FAULT_KINDS;

/** Faults that spoil the HTTP exchange, whatever the policy answers. */
export type TransportFault = Extract<LlmFaultKind, '500' | '429' | 'slow'>;
/** Faults that spoil what the policy answers, once it has something to spoil. */
export type ContentFault = Extract<LlmFaultKind, 'malformed-tool-args' | 'wrong-price'>;

const isTransport = (kind: LlmFaultKind): kind is TransportFault => kind === '500' || kind === '429' || kind === 'slow';

/**
 * The faults to inject, in order: only the first one applies. A transport fault (500, 429,
 * slow) is used by the next request; a content fault waits for an answer it can spoil
 * (malformed-tool-args: one with tool calls; wrong-price: a final answer quoting a price),
 * and the requests before it are answered normally. Counted faults are used up; the others
 * stay until cleared.
 */
export class LlmFaults {
  private faults: LlmFault[];

  constructor(initial: readonly LlmFault[] = []) {
    this.faults = initial.map((f) => ({ ...f }));
  }

  /** The transport fault the next request gets, used up now; undefined when the first fault is not one. */
  takeTransport(): (LlmFault & { kind: TransportFault }) | undefined {
    const head = this.faults[0];
    if (head === undefined || !isTransport(head.kind)) return undefined;
    this.use(head);
    return { ...head, kind: head.kind };
  }

  /** The content fault waiting for an answer, if it is the first one (not used up: see `used`). */
  pendingContent(): ContentFault | undefined {
    const head = this.faults[0];
    return head !== undefined && !isTransport(head.kind) ? head.kind : undefined;
  }

  /** Marks the pending content fault as used by one answer. */
  used(kind: ContentFault): void {
    const head = this.faults[0];
    if (head?.kind === kind) this.use(head);
  }

  private use(fault: LlmFault): void {
    if (fault.times === null) return;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.shift();
  }

  list(): LlmFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  add(fault: LlmFault): LlmFault[] {
    this.faults.push({ ...fault });
    return this.list();
  }

  clear(): void {
    this.faults = [];
  }
}

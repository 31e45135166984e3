import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';

/** What the sandbox saw the api do, as the chat page and the tests follow it. */
export type OutboxEvent = OutboxEventBody & {
  /** Increases by one per event: the SSE event id, so a reconnecting page misses nothing. */
  seq: number;
};

type OutboxEventBody =
  | {
      kind: 'message';
      /** The customer it was sent to. */
      to: string;
      wamid: string;
      type: string;
      payload: Record<string, unknown>;
      at: string;
    }
  | {
      kind: 'read';
      /** The customer who wrote the message marked read, when the sandbox sent it for them. */
      to: string | null;
      messageId: string;
      typing: boolean;
      at: string;
    };

const KEPT = 2000;

/**
 * Everything the api sent through the stand-in (messages and read receipts), kept in memory
 * (the newest 2,000) and streamed to whoever follows a customer (the chat page's SSE).
 */
@Injectable()
export class SandboxOutbox implements OnModuleDestroy {
  private readonly events: OutboxEvent[] = [];
  private seq = 0;
  /** Messages the sandbox sent as a customer: wamid → that customer's number. */
  private readonly customerMessages = new Map<string, string>();
  readonly stream = new Subject<OutboxEvent>();

  record(body: OutboxEventBody): OutboxEvent {
    this.seq += 1;
    const event = { ...body, seq: this.seq };
    this.events.push(event);
    if (this.events.length > KEPT) this.events.splice(0, this.events.length - KEPT);
    this.stream.next(event);
    return event;
  }

  rememberCustomerMessage(wamid: string, phone: string): void {
    this.customerMessages.set(wamid, phone);
    if (this.customerMessages.size > KEPT) {
      const oldest = this.customerMessages.keys().next().value;
      if (oldest !== undefined) this.customerMessages.delete(oldest);
    }
  }

  customerOf(wamid: string): string | null {
    return this.customerMessages.get(wamid) ?? null;
  }

  list(filter: { to?: string; after?: number } = {}): OutboxEvent[] {
    return this.events.filter(
      (e) => (filter.to === undefined || e.to === filter.to) && (filter.after === undefined || e.seq > filter.after),
    );
  }

  clear(): void {
    this.events.length = 0;
  }

  /** Ends every stream (the chat pages' SSE), so that the server can close. */
  close(): void {
    this.stream.complete();
  }

  onModuleDestroy(): void {
    this.close();
  }
}

import { Injectable } from '@nestjs/common';
import {
  concat,
  defer,
  filter,
  from,
  interval,
  map,
  merge,
  type Observable,
  takeUntil,
  last,
  defaultIfEmpty,
} from 'rxjs';
import { type CustomerMessage, MetaWebhookSender } from '../graph-api/meta-webhook.sender.js';
import { type OutboxEvent, SandboxOutbox } from '../graph-api/sandbox-outbox.js';

export interface ChatMessageEvent {
  id?: string;
  type?: string;
  data: OutboxEvent | string;
}

/** Keeps an idle stream alive through proxies; EventSource ignores named events nobody listens to. */
const KEEP_ALIVE_MS = 15_000;

@Injectable()
export class ChatService {
  constructor(
    private readonly webhooks: MetaWebhookSender,
    private readonly outbox: SandboxOutbox,
  ) {}

  /** Delivers what the customer typed (or tapped) to the api, as Meta would. */
  async send(message: CustomerMessage): Promise<{ wamid: string; apiStatus: number }> {
    const { wamid, delivery } = await this.webhooks.sendCustomerMessage(message);
    this.outbox.rememberCustomerMessage(wamid, message.phone);
    return { wamid, apiStatus: delivery.status };
  }

  /** What the api sends this customer, from after `after` (missed while away) and then live. */
  events(phone: string, after: number): Observable<ChatMessageEvent> {
    const toEvent = (event: OutboxEvent): ChatMessageEvent => ({ id: String(event.seq), data: event });
    const done = this.outbox.stream.pipe(defaultIfEmpty(null), last());
    const updates = defer(() =>
      concat(
        from(this.outbox.list({ to: phone, after })),
        this.outbox.stream.pipe(filter((event) => event.to === phone)),
      ),
    ).pipe(map(toEvent));
    const keepAlive = interval(KEEP_ALIVE_MS).pipe(map((): ChatMessageEvent => ({ type: 'ping', data: '' })));
    return merge(updates, keepAlive.pipe(takeUntil(done)));
  }
}

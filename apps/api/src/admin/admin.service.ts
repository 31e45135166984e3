import { randomUUID } from 'node:crypto';
import { OutboundService } from '@mostrador/conversation';
import {
  AdminStore,
  type Conversation,
  type ConversationStatus,
  type ConversationSummary,
  type CustomerRecord,
  type CustomerRefQuery,
  type ErasureCounts,
  type OutboundRecord,
  type Page,
  type StoredMessage,
} from '@mostrador/database';
import { AppLogger } from '@mostrador/logging';
import { isWithinServiceWindow } from '@mostrador/whatsapp';
import { BadGatewayException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';

/** A manual message as it stands after the request: sent, or queued to be tried again. */
export type ManualMessageResult = Pick<OutboundRecord, 'messageId' | 'waMessageId' | 'status' | 'error'>;

/** What the shop's people can see and do from the admin API. */
@Injectable()
export class AdminService {
  constructor(
    private readonly store: AdminStore,
    private readonly outbound: OutboundService,
    private readonly logger: AppLogger,
  ) {}

  listConversations(query: {
    status?: ConversationStatus;
    attention?: boolean;
    cursor?: string;
    limit: number;
  }): Promise<Page<ConversationSummary>> {
    return this.store.listConversations(query);
  }

  async conversation(id: string): Promise<ConversationSummary> {
    const conversation = await this.store.getConversation(id);
    if (!conversation) throw new NotFoundException('No such conversation');
    return conversation;
  }

  async conversationMessages(id: string, page: { cursor?: string; limit: number }): Promise<Page<StoredMessage>> {
    await this.conversation(id);
    return this.store.getConversationMessages({ conversationId: id, ...page });
  }

  async customer(ref: CustomerRefQuery): Promise<CustomerRecord> {
    const found = await this.store.getCustomer(ref);
    if (!found) throw new NotFoundException('No such customer');
    return found;
  }

  /** Back to the assistant: it answers this conversation's next messages again. */
  async release(id: string): Promise<Conversation> {
    const conversation = await this.conversation(id);
    if (conversation.status !== 'handoff') {
      throw new ConflictException(`The conversation is ${conversation.status}, not in handoff`);
    }
    return this.setStatus(id, 'active');
  }

  async close(id: string): Promise<Conversation> {
    await this.conversation(id);
    return this.setStatus(id, 'closed');
  }

  async erase(customerId: string): Promise<ErasureCounts> {
    const counts = await this.store.eraseCustomer(customerId);
    if (counts.customers === 0) throw new NotFoundException('No such customer');
    this.logger.logEvent('info', 'customer erased', {
      event: 'customer_erased',
      context: 'Admin',
      customerId,
      ...counts,
    });
    return counts;
  }

  /**
   * A message written by a person at the shop, sent through the outbox like the assistant's
   * replies. WhatsApp only allows free text within 24 hours of the customer's last message:
   * outside, a 409 says so rather than a send that cannot arrive. The same Idempotency-Key
   * again answers with the first request's message, never a second send. A failure worth
   * another try leaves it queued (the caller gets 202 and the sweeper keeps trying); a
   * terminal one is a 502 with Meta's code.
   */
  async sendManualMessage(id: string, text: string, idempotencyKey?: string): Promise<ManualMessageResult> {
    const conversation = await this.conversation(id);
    if (!isWithinServiceWindow(conversation.lastInboundAt)) {
      throw new ConflictException(
        'The customer last wrote more than 24 hours ago: WhatsApp only allows an approved template now',
      );
    }
    if (conversation.customer.optedOut) throw new ConflictException('The customer opted out of messages');
    const receipt = await this.outbound.send({
      conversationId: id,
      key: `manual:${idempotencyKey ?? randomUUID()}`,
      contents: [{ kind: 'text', text }],
    });
    const [message] = receipt.messages;
    if (message.status === 'failed') {
      const error = message.error;
      throw new BadGatewayException(
        error ? `WhatsApp refused the message: ${error.code} ${error.title}` : 'WhatsApp refused the message',
      );
    }
    return {
      messageId: message.messageId,
      waMessageId: message.waMessageId,
      status: message.status,
      error: message.error,
    };
  }

  private async setStatus(id: string, status: ConversationStatus): Promise<Conversation> {
    const updated = await this.store.setConversationStatus(id, status);
    if (!updated) throw new NotFoundException('No such conversation');
    this.logger.logEvent('info', `conversation ${status}`, {
      event: 'conversation_status',
      context: 'Admin',
      conversationId: id,
      status,
    });
    return updated;
  }
}

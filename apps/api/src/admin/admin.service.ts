import { randomUUID } from 'node:crypto';
import {
  type Conversation,
  type ConversationStatus,
  ConversationStore,
  type ConversationSummary,
  type ErasureCounts,
  type Page,
  type StoredMessage,
} from '@mostrador/database';
import { AppLogger } from '@mostrador/logging';
import { isWithinServiceWindow, WhatsAppClient, WhatsAppSendError } from '@mostrador/whatsapp';
import { BadGatewayException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';

/** What the shop's people can see and do from the admin API. */
@Injectable()
export class AdminService {
  constructor(
    private readonly store: ConversationStore,
    private readonly whatsapp: WhatsAppClient,
    private readonly logger: AppLogger,
  ) {}

  listConversations(query: {
    status?: ConversationStatus;
    cursor?: string;
    limit: number;
  }): Promise<Page<ConversationSummary>> {
    return this.store.listConversations(query);
  }

  async conversationMessages(id: string, page: { cursor?: string; limit: number }): Promise<Page<StoredMessage>> {
    await this.conversation(id);
    return this.store.getConversationMessages({ conversationId: id, ...page });
  }

  async customer(ref: { id: string } | { phoneNumber: string } | { userId: string }) {
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
   * A message written by a person at the shop, recorded like the assistant's. WhatsApp only
   * allows free text within 24 hours of the customer's last message: outside, a 409 says so
   * rather than a send that cannot arrive.
   */
  async sendManualMessage(id: string, text: string, idempotencyKey?: string) {
    const context = await this.store.getTurnContext(id, 1);
    if (!context) throw new NotFoundException('No such conversation');
    const { conversation, customer } = context;
    if (!isWithinServiceWindow(conversation.lastInboundAt)) {
      throw new ConflictException(
        'The customer last wrote more than 24 hours ago: WhatsApp only allows an approved template now',
      );
    }
    if (customer.optedOut) throw new ConflictException('The customer opted out of messages');
    const to = customer.phoneNumber ?? customer.userId;
    if (!to) throw new ConflictException('The customer has no phone number or user id to write to');
    const intentKey = `manual:${idempotencyKey ?? randomUUID()}`;
    const intent = await this.store.recordOutboundMessage({
      conversationId: id,
      intentKey,
      type: 'text',
      text,
      payload: { text, by: 'shop' },
      status: 'queued',
    });
    if (!intent.isNew) {
      if (intent.waMessageId)
        return { messageId: intent.messageId, waMessageId: intent.waMessageId, status: 'sent' as const };
      throw new ConflictException('A message with this idempotency key was already attempted');
    }
    try {
      const result = await this.whatsapp.sendText({
        to,
        text,
        phoneNumberId: conversation.phoneNumberId,
        lastInboundAt: conversation.lastInboundAt,
      });
      if (result.status !== 'sent' || result.via !== 'free-form')
        throw new ConflictException('Outside the 24-hour window');
      const [first] = result.messages;
      const recorded = await this.store.recordOutboundMessage({
        conversationId: id,
        intentKey,
        type: 'text',
        text,
        payload: first.payload,
        status: 'sent',
        waMessageId: first.wamid,
      });
      return { messageId: recorded.messageId, waMessageId: first.wamid, status: 'sent' as const };
    } catch (error) {
      if (!(error instanceof WhatsAppSendError)) throw error;
      await this.store.recordOutboundMessage({
        conversationId: id,
        intentKey,
        type: 'text',
        text,
        payload: { text, by: 'shop' },
        status: 'failed',
        error: error.messageError,
      });
      throw new BadGatewayException(
        `WhatsApp refused the message: ${error.messageError.code} ${error.messageError.title}`,
      );
    }
  }

  private async conversation(id: string): Promise<Conversation> {
    const context = await this.store.getTurnContext(id, 1);
    if (!context) throw new NotFoundException('No such conversation');
    return context.conversation;
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

import { AppConfig } from '@mostrador/config';
import { type OutboundContent, OutboundService } from '@mostrador/conversation';
import {
  type MessageError,
  type OrderRecipient,
  type OrderRequest,
  type OrderStatus,
  OrderStore,
  type Page,
} from '@mostrador/database';
import { formatMoney, InventoryClient, InventoryError } from '@mostrador/inventory';
import { AppLogger } from '@mostrador/logging';
import { isWithinServiceWindow } from '@mostrador/whatsapp';
import { Injectable, NotFoundException } from '@nestjs/common';

/** What the customer was told about their order's new status. */
export interface OrderNotification {
  status: 'sent' | 'queued' | 'failed' | 'not-sent';
  via: 'text' | 'template' | null;
  /** Why the customer could not be told (`not-sent`). */
  reason: 'outside-window' | 'opted-out' | null;
  messageId: string | null;
  waMessageId: string | null;
  error: MessageError | null;
}

export type ReservationRelease = 'released' | 'not-held' | 'unsupported' | 'unavailable';

export interface OrderStatusResult {
  changed: boolean;
  order: OrderRequest;
  notification: OrderNotification;
  /** A cancelled order with a reservation: what became of the hold. Null otherwise. */
  reservationRelease: ReservationRelease | null;
}

type NewStatus = Exclude<OrderStatus, 'requested'>;

/** The order requests as the shop's people see and move them on. */
@Injectable()
export class AdminOrdersService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: OrderStore,
    private readonly outbound: OutboundService,
    private readonly inventory: InventoryClient,
    private readonly logger: AppLogger,
  ) {}

  list(query: {
    status?: OrderStatus;
    customerId?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<OrderRequest>> {
    return this.store.listOrderRequests(query);
  }

  async get(id: string): Promise<OrderRequest> {
    const order = await this.store.getOrderRequest(id);
    if (!order) throw new NotFoundException('No such order');
    return order;
  }

  /**
   * Moves the order on and tells the customer, through the outbox: a text within the 24-hour
   * window, the WHATSAPP_ORDER_UPDATE_TEMPLATE outside it (or nothing, and the answer says
   * so). The notification's key is the order and its new status, so a repeated request
   * (which changes nothing) sends nothing twice. A cancelled order's stock hold is released.
   */
  async setStatus(id: string, status: NewStatus, note?: string): Promise<OrderStatusResult> {
    const result = await this.store.setOrderStatus({ orderId: id, status, note });
    if (!result) throw new NotFoundException('No such order');
    const { order, recipient, changed } = result;
    if (changed) {
      this.logger.logEvent('info', `order ${status}`, {
        event: 'order_status',
        context: 'Admin',
        orderId: order.id,
        conversationId: order.conversationId,
        status,
      });
    }
    const reservationRelease = status === 'cancelled' ? await this.releaseHold(order) : null;
    const notification = await this.notify(order, status, recipient);
    return { changed, order, notification, reservationRelease };
  }

  private async notify(order: OrderRequest, status: NewStatus, recipient: OrderRecipient): Promise<OrderNotification> {
    const notSent = (reason: 'outside-window' | 'opted-out'): OrderNotification => {
      this.logger.logEvent('warn', `order update not sent: ${reason}`, {
        event: 'order_notification',
        context: 'Admin',
        orderId: order.id,
        status,
        reason,
      });
      return { status: 'not-sent', via: null, reason, messageId: null, waMessageId: null, error: null };
    };
    if (recipient.optedOut) return notSent('opted-out');
    let content: OutboundContent;
    if (isWithinServiceWindow(recipient.lastInboundAt)) {
      content = { kind: 'text', text: updateText(order, status, english(recipient.language)) };
    } else {
      const template = this.config.whatsapp.orderUpdateTemplate;
      if (template === null) return notSent('outside-window');
      content = {
        kind: 'template',
        name: template.name,
        language: template.language,
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: reference(order) },
              { type: 'text', text: statusLabel(status, english(template.language)) },
            ],
          },
        ],
      };
    }
    const receipt = await this.outbound.send({
      conversationId: recipient.conversationId,
      key: `order:${order.id}:${status}`,
      contents: [content],
    });
    const [message] = receipt.messages;
    return {
      status: message.status === 'queued' || message.status === 'failed' ? message.status : 'sent',
      via: content.kind === 'template' ? 'template' : 'text',
      reason: null,
      messageId: message.messageId,
      waMessageId: message.waMessageId,
      error: message.error,
    };
  }

  /** Frees a cancelled order's units at once (the hold would expire anyway: a failure is logged, not thrown). */
  private async releaseHold(order: OrderRequest): Promise<ReservationRelease | null> {
    if (order.reservation === null) return null;
    try {
      return await this.inventory.releaseReservation(order.reservation.id);
    } catch (error) {
      if (!(error instanceof InventoryError)) throw error;
      this.logger.logEvent('warn', 'reservation not released; it expires by itself', {
        event: 'order_reservation',
        context: 'Admin',
        orderId: order.id,
        reservationId: order.reservation.id,
        expiresAt: order.reservation.expiresAt.toISOString(),
        error: error.message,
      });
      return 'unavailable';
    }
  }
}

const english = (language: string | null) => language?.toLowerCase().startsWith('en') === true;

/** What the customer and the shop call the order: "#" and the first 8 characters of its id. */
export function reference(order: Pick<OrderRequest, 'id'>): string {
  return `#${order.id.slice(0, 8).toUpperCase()}`;
}

function statusLabel(status: NewStatus, inEnglish: boolean): string {
  switch (status) {
    case 'confirmed':
      return inEnglish ? 'confirmed' : 'confirmado';
    case 'cancelled':
      return inEnglish ? 'cancelled' : 'cancelado';
    case 'fulfilled':
      return inEnglish ? 'completed' : 'completado';
  }
}

/** "2 × Tenis Urbano Kairo (negro, 27)". */
function itemLine(item: OrderRequest['items'][number]): string {
  const details = [item.color, item.size].filter((d) => d !== null).join(', ');
  return `${item.quantity} × ${item.name}${details ? ` (${details})` : ''}`;
}

/** The text a customer reads within the 24-hour window. */
export function updateText(order: OrderRequest, status: NewStatus, inEnglish: boolean): string {
  const ref = reference(order);
  const total = formatMoney({ amount: order.total, currency: order.currency });
  const items = order.items.map(itemLine).join(', ');
  const pickup = order.fulfilment.kind === 'pickup' ? order.fulfilment.storeName : null;
  switch (status) {
    case 'confirmed':
      return inEnglish
        ? `Your order ${ref} is confirmed: ${items}. Total ${total}. ` +
            (pickup ? `We'll be waiting for you at ${pickup}.` : "We'll let you know when it ships.")
        : `¡Listo! Tu pedido ${ref} está confirmado: ${items}. Total ${total}. ` +
            (pickup ? `Te esperamos en ${pickup} para recogerlo.` : 'Te avisamos cuando salga a entrega.');
    case 'cancelled':
      return inEnglish
        ? `Your order ${ref} was cancelled. If you have any questions, write to us here.`
        : `Tu pedido ${ref} fue cancelado. Si tienes dudas, escríbenos por aquí.`;
    case 'fulfilled':
      return inEnglish
        ? `Your order ${ref} is complete. Thank you for your purchase!`
        : `Tu pedido ${ref} está completo. ¡Gracias por tu compra!`;
  }
}

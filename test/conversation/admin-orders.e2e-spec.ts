import { type CreateOrderRequestInput, type OrderRequest, OrderStore } from '@mostrador/database';
import { InventoryClient } from '@mostrador/inventory';
import { customerPhone, messageFrom, messagesWebhook } from '../whatsapp/meta-webhooks.js';
import { type Stack, startStack, until } from '../support/stack.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface StatusResult {
  changed: boolean;
  order: { id: string; status: string; note: string | null; statusHistory: { status: string }[] };
  notification: {
    status: string;
    via: string | null;
    reason: string | null;
    messageId: string | null;
    waMessageId: string | null;
  };
  reservationRelease: string | null;
}

const tenis = {
  sku: 'TEN-0001-NEG',
  name: 'Tenis Urbano Kairo',
  color: 'negro',
  size: '27',
  quantity: 2,
  unitPrice: '1299.00',
  currency: 'MXN',
};
const pickup = { kind: 'pickup' as const, storeId: 'POL', storeName: 'Polanco' };

const json = async <T>(response: Response, status = 200): Promise<T> => {
  expect({ status: response.status, body: response.status === status ? 'ok' : await response.text() }).toEqual({
    status,
    body: 'ok',
  });
  return (await response.json()) as T;
};

/** "#" and the first 8 characters of the order id: how the customer's message names it. */
const reference = (order: { id: string }) => `#${order.id.slice(0, 8).toUpperCase()}`;

/** A customer who wrote and was answered, so their 24-hour window is open; the conversation id. */
async function answeredCustomer(stack: Stack, phone: string): Promise<string> {
  await stack.say(phone, 'hola');
  const [first] = await until(async () => {
    const stored = await stack.storedFor(phone);
    const answered = stored.some((m) => m.direction === 'inbound' && m.status === 'answered');
    return answered && (await stack.isIdle(phone)) ? stored : undefined;
  }, 'the answer');
  return first.conversationId;
}

/** A customer whose only message is 30 hours old: the window is closed. The conversation id. */
async function customerOutsideWindow(stack: Stack, phone: string): Promise<string> {
  const old = String(Math.floor(Date.now() / 1000) - 30 * 3600);
  const response = await stack.postWebhook(
    messagesWebhook({ phone }, [messageFrom({ phone }, 'text', { text: { body: 'hola' } }, { timestamp: old })]),
  );
  expect(response.status).toBe(200);
  return until(async () => {
    const stored = await stack.storedFor(phone);
    return stored.length > 0 && (await stack.isIdle(phone)) ? stored[0].conversationId : undefined;
  }, 'the stored message');
}

async function orderIn(
  stack: Stack,
  conversationId: string,
  overrides: Partial<CreateOrderRequestInput> = {},
): Promise<OrderRequest> {
  const { order } = await stack.api.get(OrderStore).createOrderRequest({
    conversationId,
    key: `turn:${conversationId}:${Math.random()}`,
    items: [tenis],
    fulfilment: pickup,
    ...overrides,
  });
  return order;
}

describe('admin API: order requests', () => {
  describe('without an order update template', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    }, 120_000);
    afterAll(() => stack?.close(), 60_000);

    it('should list and show an order, and flag its conversation', async () => {
      const phone = customerPhone();
      const conversationId = await answeredCustomer(stack, phone);
      const order = await orderIn(stack, conversationId);
      const customerId = order.customerId;

      const page = await json<Page<{ id: string; total: string }>>(
        await stack.admin('GET', `/admin/orders?customerId=${customerId}&status=requested`),
      );
      expect(page).toEqual({ items: [expect.objectContaining({ id: order.id, total: '2598.00' })], nextCursor: null });
      const shown = await json<Record<string, unknown>>(await stack.admin('GET', `/admin/orders/${order.id}`));
      expect(shown).toMatchObject({
        id: order.id,
        conversationId,
        status: 'requested',
        items: [{ ...tenis, unitPrice: '1299.00' }],
        fulfilment: pickup,
        subtotal: '2598.00',
        shipping: '0.00',
        currency: 'MXN',
        reservation: null,
        customer: { phoneNumber: phone },
      });
      const conversation = await json<{ needsAttention: boolean }>(
        await stack.admin('GET', `/admin/conversations/${conversationId}`),
      );
      expect(conversation.needsAttention).toBe(true);
    }, 60_000);

    it('should list only the conversations waiting for the shop with attention=true, and the others with false', async () => {
      const waiting = await answeredCustomer(stack, customerPhone());
      const quiet = await answeredCustomer(stack, customerPhone());
      await orderIn(stack, waiting);

      const ids = async (query: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const after: string = cursor ? `&cursor=${cursor}` : '';
          const page: Page<{ id: string; needsAttention: boolean }> = await json(
            await stack.admin('GET', `/admin/conversations?limit=100&${query}${after}`),
          );
          seen.push(...page.items.map((c) => c.id));
          expect(page.items.every((c) => c.needsAttention === query.endsWith('true'))).toBe(true);
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      const flagged = await ids('attention=true');
      expect(flagged).toContain(waiting);
      expect(flagged).not.toContain(quiet);
      const others = await ids('attention=false');
      expect(others).toContain(quiet);
      expect(others).not.toContain(waiting);

      const bad = await stack.admin('GET', '/admin/conversations?attention=yes');
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('attention');
    }, 60_000);

    it('should page through orders with a cursor, newest first, without repeats', async () => {
      const conversationId = await answeredCustomer(stack, customerPhone());
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) mine.push((await orderIn(stack, conversationId)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/admin/orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: Page<{ id: string }> = await json(await stack.admin('GET', query));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => mine.includes(id)).sort()).toEqual([...mine].sort());
    }, 60_000);

    it('should confirm an order and tell the customer once, whatever the repeats', async () => {
      const phone = customerPhone();
      const conversationId = await answeredCustomer(stack, phone);
      const order = await orderIn(stack, conversationId);
      const before = (await stack.sentTo(phone)).length;

      const confirm = () =>
        stack.admin('POST', `/admin/orders/${order.id}/status`, { status: 'confirmed', note: 'apartado en caja' });
      const first = await json<StatusResult>(await confirm());
      expect(first).toMatchObject({
        changed: true,
        order: { id: order.id, status: 'confirmed', note: 'apartado en caja' },
        notification: { status: 'sent', via: 'text', reason: null, waMessageId: expect.any(String) },
        reservationRelease: null,
      });
      const again = await json<StatusResult>(await confirm());
      expect(again.changed).toBe(false);
      expect(again.notification).toMatchObject({ status: 'sent', messageId: first.notification.messageId });

      await stack.settled(phone);
      const sent = (await stack.sentTo(phone)).slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ type: 'text', wamid: first.notification.waMessageId });
      const body = JSON.stringify(sent[0].payload);
      expect(body).toContain(reference(order));
      expect(body).toContain('Polanco');
      expect(body).not.toContain('apartado en caja');

      // The shop has seen to the conversation's only request.
      const conversation = await json<{ needsAttention: boolean }>(
        await stack.admin('GET', `/admin/conversations/${conversationId}`),
      );
      expect(conversation.needsAttention).toBe(false);
    }, 120_000);

    it('should refuse a move the order cannot make with 409, and a status that is not a move with 400', async () => {
      const conversationId = await answeredCustomer(stack, customerPhone());
      const order = await orderIn(stack, conversationId);
      const move = (body: unknown) => stack.admin('POST', `/admin/orders/${order.id}/status`, body);

      const skipped = await move({ status: 'fulfilled' });
      expect(skipped.status).toBe(409);
      expect(await skipped.json()).toMatchObject({
        statusCode: 409,
        message: expect.stringContaining('a requested order cannot become fulfilled'),
      });
      expect((await move({ status: 'requested' })).status).toBe(400);
      expect((await move({ status: 'lost' })).status).toBe(400);
      expect((await move({})).status).toBe(400);

      await json<StatusResult>(await move({ status: 'cancelled' }));
      expect((await move({ status: 'confirmed' })).status).toBe(409);
      const shown = await json<StatusResult['order']>(await stack.admin('GET', `/admin/orders/${order.id}`));
      expect(shown.statusHistory.map((s) => s.status)).toEqual(['requested', 'cancelled']);
    }, 60_000);

    it.each([
      ['an order id that is not a UUID', 'GET', '/admin/orders/nope', 400],
      ['an unknown order', 'GET', '/admin/orders/7d3b8f0e-0000-4000-8000-000000000000', 404],
      ['an unknown order', 'POST', '/admin/orders/7d3b8f0e-0000-4000-8000-000000000000/status', 404],
      ['an unknown status filter', 'GET', '/admin/orders?status=lost', 400],
      ['a cursor that is no cursor', 'GET', '/admin/orders?cursor=bm90IGEgY3Vyc29y', 400],
    ])(
      'should answer %s (%s %s) with %i',
      async (_case, method, path, status) => {
        const response = await stack.admin(method, path, method === 'POST' ? { status: 'confirmed' } : undefined);
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ statusCode: status, requestId: expect.any(String) });
      },
      30_000,
    );

    it('should say the customer could not be told when the window is closed and no template is set', async () => {
      const phone = customerPhone();
      const conversationId = await customerOutsideWindow(stack, phone);
      const order = await orderIn(stack, conversationId, { fulfilment: { kind: 'delivery', address: 'Reforma 1' } });
      const result = await json<StatusResult>(
        await stack.admin('POST', `/admin/orders/${order.id}/status`, { status: 'confirmed' }),
      );
      expect(result).toMatchObject({
        changed: true,
        order: { status: 'confirmed' },
        notification: { status: 'not-sent', reason: 'outside-window', via: null, messageId: null },
      });
      await stack.settled(phone);
      expect(await stack.sentTo(phone)).toEqual([]);
    }, 120_000);

    it('should not message a customer who opted out, and say so', async () => {
      const phone = customerPhone();
      const conversationId = await answeredCustomer(stack, phone);
      const order = await orderIn(stack, conversationId);
      await stack.store.setOptedOut(order.customerId, true);
      const before = (await stack.sentTo(phone)).length;
      const result = await json<StatusResult>(
        await stack.admin('POST', `/admin/orders/${order.id}/status`, { status: 'cancelled' }),
      );
      expect(result.notification).toMatchObject({ status: 'not-sent', reason: 'opted-out' });
      await stack.settled(phone);
      expect(await stack.sentTo(phone)).toHaveLength(before);
    }, 120_000);

    it("should release a cancelled order's stock hold in the inventory", async () => {
      const inventory = stack.api.get(InventoryClient);
      const units = async () =>
        (await inventory.checkStock({ sku: 'TEN-0001-NEG', store: 'CEN', size: '26.5' }))!.stores[0].units;
      const free = await units();
      const held = await inventory.reserveStock({ sku: 'TEN-0001-NEG', size: '26.5', quantity: 1, store: 'CEN' });
      if (held.status !== 'reserved') throw new Error(`expected a hold, got ${held.status}`);
      expect(await units()).toBe(free - 1);
      const conversationId = await answeredCustomer(stack, customerPhone());
      const order = await orderIn(stack, conversationId, {
        reservation: { id: held.reservation.reservationId, expiresAt: held.reservation.expiresAt },
      });
      expect(order.reservation).toEqual({ id: held.reservation.reservationId, expiresAt: held.reservation.expiresAt });
      const result = await json<StatusResult>(
        await stack.admin('POST', `/admin/orders/${order.id}/status`, { status: 'cancelled' }),
      );
      expect(result.reservationRelease).toBe('released');
      expect(await units()).toBe(free);
    }, 60_000);
  });

  describe('with an order update template', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        WHATSAPP_ORDER_UPDATE_TEMPLATE: 'order_update',
        WHATSAPP_ORDER_UPDATE_TEMPLATE_LANGUAGE: 'es_MX',
      });
    }, 120_000);
    afterAll(() => stack?.close(), 60_000);

    it('should send the template outside the 24-hour window, once', async () => {
      const phone = customerPhone();
      const conversationId = await customerOutsideWindow(stack, phone);
      const order = await orderIn(stack, conversationId);
      const fulfil = async (status: string) =>
        json<StatusResult>(await stack.admin('POST', `/admin/orders/${order.id}/status`, { status }));
      await fulfil('confirmed');
      const first = await fulfil('fulfilled');
      expect(first.notification).toMatchObject({ status: 'sent', via: 'template' });
      expect((await fulfil('fulfilled')).notification.messageId).toBe(first.notification.messageId);

      await stack.settled(phone);
      const sent = await stack.sentTo(phone);
      expect(sent.map((m) => m.type)).toEqual(['template', 'template']);
      expect(sent[1]).toMatchObject({
        wamid: first.notification.waMessageId,
        payload: {
          type: 'template',
          template: {
            name: 'order_update',
            language: { code: 'es_MX' },
            components: [
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: reference(order) },
                  { type: 'text', text: 'completado' },
                ],
              },
            ],
          },
        },
      });
    }, 120_000);
  });
});

import type { OrderRequest, OrderStore, StockHold } from '@mostrador/database';
import { formatMoney, type InventoryClient, InventoryError, type Product, type StockCheck } from '@mostrador/inventory';
import { findProduct, stockOf } from '../catalog/catalog-queries.js';
import type { ShopProfile, ShopStore } from '../shop/shop-profile.js';

/** What a customer asks to buy: one product, in one size, some pieces, picked up or delivered. */
export interface OrderAsk {
  sku: string;
  size?: string;
  quantity: number;
  /** A store id or name to pick up at, or delivery. */
  fulfilment: { kind: 'pickup'; store: string } | { kind: 'delivery' };
}

/** Everything a confirmation states, every figure from the inventory in this turn (and shipping from the shop profile). */
export interface Quote {
  product: Product;
  size: string | null;
  quantity: number;
  unitPrice: string;
  subtotal: string;
  /** Null for delivery when the shop profile states no shipping cost: the shop tells the customer. */
  shipping: string | null;
  total: string;
  currency: string;
  fulfilment: { kind: 'pickup'; store: ShopStore } | { kind: 'delivery' };
  /** Units of that size where the order would come from (the store, or all of them for a delivery). */
  units: number;
}

/** Why an ask cannot be quoted as it is, with what would make it possible. */
export type OrderProblem =
  | { problem: 'unknown-product' }
  | { problem: 'size-needed'; sizes: string[] }
  | { problem: 'size-not-offered'; sizes: string[] }
  | { problem: 'unknown-store' }
  | { problem: 'not-enough-stock'; check: StockCheck | null };

export type QuoteResult = { ok: true; quote: Quote } | ({ ok: false } & OrderProblem);

export interface PlacedOrder {
  order: OrderRequest;
  /** False when this key was placed before (a turn run again): the first order comes back. */
  isNew: boolean;
  /** The inventory held the units (it offers reservations and had them free). */
  reserved: boolean;
}

const cents = (amount: string) => Math.round(Number(amount) * 100);
const amount = (value: number) => (value / 100).toFixed(2);

/**
 * Order requests, shared by both assistants: a quote every figure of which comes from the
 * inventory now (price, stock of that size where it would come from) and the shop profile
 * (shipping), then the request recorded for the shop, the units held when the inventory
 * offers reservations. Nothing is charged: the shop confirms and sends payment details.
 */
export class OrderDesk {
  constructor(
    private readonly inventory: InventoryClient,
    private readonly orders: OrderStore,
    private readonly shop: ShopProfile,
  ) {}

  /** The store a customer named (id or name, any case or accents); null for none of the shop's. */
  store(name: string): ShopStore | null {
    const fold = (value: string) =>
      value
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .trim();
    const wanted = fold(name);
    return this.shop.stores.find((s) => fold(s.id) === wanted || fold(s.name) === wanted) ?? null;
  }

  async quote(ask: OrderAsk, options: { signal?: AbortSignal } = {}): Promise<QuoteResult> {
    const product = await findProduct(this.inventory, ask.sku, options);
    if (!product) return { ok: false, problem: 'unknown-product' };
    const size = ask.size ?? (product.sizes.length === 1 ? product.sizes[0] : undefined);
    if (size === undefined) return { ok: false, problem: 'size-needed', sizes: product.sizes };
    if (!product.sizes.includes(size)) return { ok: false, problem: 'size-not-offered', sizes: product.sizes };
    const store = ask.fulfilment.kind === 'pickup' ? this.store(ask.fulfilment.store) : null;
    if (ask.fulfilment.kind === 'pickup' && store === null) return { ok: false, problem: 'unknown-store' };
    const check = await stockOf(
      this.inventory,
      { sku: product.sku, size, quantity: ask.quantity, ...(store && { store: store.id }) },
      options,
    );
    // A delivery is packed by the shop from every store, so it counts all their units; a
    // pick-up only the store's own.
    const units = store ? (check?.stores.find((s) => s.storeId === store.id)?.units ?? 0) : (check?.units ?? 0);
    if (!check || (store && !check.available) || units < ask.quantity)
      return { ok: false, problem: 'not-enough-stock', check };

    const subtotal = cents(product.price.amount) * ask.quantity;
    const shipping = store ? 0 : this.shippingFor(subtotal);
    return {
      ok: true,
      quote: {
        product,
        size,
        quantity: ask.quantity,
        unitPrice: product.price.amount,
        subtotal: amount(subtotal),
        shipping: shipping === null ? null : amount(shipping),
        total: amount(subtotal + (shipping ?? 0)),
        currency: product.price.currency,
        fulfilment: store ? { kind: 'pickup', store } : { kind: 'delivery' },
        units,
      },
    };
  }

  /**
   * Quotes again (fresh figures), holds the units when the inventory can, and records the
   * request for the shop once per `key`. A problem (the stock went meanwhile) comes back as
   * the quote's.
   */
  async place(
    ask: OrderAsk,
    target: { conversationId: string; key: string },
    options: { signal?: AbortSignal } = {},
  ): Promise<({ ok: true } & PlacedOrder & { quote: Quote }) | ({ ok: false } & OrderProblem)> {
    const quoted = await this.quote(ask, options);
    if (!quoted.ok) return quoted;
    const { quote } = quoted;
    const hold = await this.hold(quote, options);
    if (hold === 'insufficient') return { ok: false, problem: 'not-enough-stock', check: null };
    const placed = await this.orders.createOrderRequest({
      conversationId: target.conversationId,
      key: target.key,
      items: [
        {
          sku: quote.product.sku,
          name: quote.product.name,
          color: quote.product.color,
          size: quote.size,
          quantity: quote.quantity,
          unitPrice: quote.unitPrice,
          currency: quote.currency,
        },
      ],
      fulfilment:
        quote.fulfilment.kind === 'pickup'
          ? { kind: 'pickup', storeId: quote.fulfilment.store.id, storeName: quote.fulfilment.store.name }
          : { kind: 'delivery' },
      shipping: quote.shipping,
      reservation: hold,
    });
    // The same turn again: its first order stands, and this second hold must not keep units.
    if (!placed.isNew && hold) await this.inventory.releaseReservation(hold.id).catch(() => undefined);
    return { ok: true, quote, order: placed.order, isNew: placed.isNew, reserved: placed.order.reservation !== null };
  }

  /** Shipping for a subtotal in cents, from the shop profile; null when it states none. */
  private shippingFor(subtotal: number): number | null {
    const orders = this.shop.orders;
    if (!orders?.shippingCost) return null;
    if (orders.freeShippingFrom && subtotal >= cents(orders.freeShippingFrom)) return 0;
    return cents(orders.shippingCost);
  }

  /** Holds the units where they come from; null when the inventory offers no reservations. */
  private async hold(quote: Quote, options: { signal?: AbortSignal }): Promise<StockHold | null | 'insufficient'> {
    const store =
      quote.fulfilment.kind === 'pickup'
        ? quote.fulfilment.store.id
        : (
            await stockOf(
              this.inventory,
              { sku: quote.product.sku, size: quote.size ?? undefined, quantity: quote.quantity },
              options,
            )
          )?.stores
            .filter((s) => s.units >= quote.quantity)
            .sort((a, b) => b.units - a.units)[0]?.storeId;
    // A delivery gathered from several stores has no one store to hold it at: the shop
    // gathers the pieces when it reviews the request.
    if (store === undefined) return null;
    try {
      const result = await this.inventory.reserveStock(
        { sku: quote.product.sku, size: quote.size ?? undefined, quantity: quote.quantity, store },
        options,
      );
      switch (result.status) {
        case 'reserved':
          return { id: result.reservation.reservationId, expiresAt: result.reservation.expiresAt };
        case 'insufficient-stock':
          return 'insufficient';
        case 'unsupported':
          return null;
      }
    } catch (error) {
      // An inventory that cannot hold right now: the request is still recorded, unreserved.
      if (error instanceof InventoryError) return null;
      throw error;
    }
  }
}

/** The total as the customer reads it. */
export function money(value: string, currency: string): string {
  return formatMoney({ amount: value, currency });
}

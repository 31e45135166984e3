import type {
  CreateOrderRequestInput,
  CreateOrderRequestResult,
  ListOrderRequestsInput,
  OrderRequest,
  Page,
  SetOrderStatusInput,
  SetOrderStatusResult,
} from '../data-api.types.js';

/**
 * Order requests: the assistant records what a customer confirmed they want (and the
 * conversation is flagged for the shop); the admin API lists them and moves them on.
 */
export abstract class OrderStore {
  /**
   * Records the request once per `key` (a turn run twice stores one order and gets the first
   * back, `isNew: false`) and flags its conversation. Amounts are exact decimal strings; the
   * subtotal and total are computed by the database. Throws `StoreQueryError` (`invalid_input`)
   * for a bad item, fulfilment or key of another conversation, (`not_found`) for an unknown
   * conversation.
   */
  abstract createOrderRequest(input: CreateOrderRequestInput): Promise<CreateOrderRequestResult>;

  /** One order; null for an unknown id. */
  abstract getOrderRequest(orderId: string): Promise<OrderRequest | null>;

  /** Newest first, optionally of one status and/or customer (keyset pagination). */
  abstract listOrderRequests(input: ListOrderRequestsInput): Promise<Page<OrderRequest>>;

  /**
   * requested → confirmed | cancelled; confirmed → fulfilled | cancelled. The status the order
   * already has changes nothing (`changed: false`); any other move is a `StoreQueryError` of
   * kind `conflict`. Clears the conversation's flag once none of its requests waits. Null for
   * an unknown order. Answers where to notify the customer.
   */
  abstract setOrderStatus(input: SetOrderStatusInput): Promise<SetOrderStatusResult | null>;
}

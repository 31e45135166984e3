import { randomUUID } from 'node:crypto';

/** One hold on stock: units of one size of one SKU in one store, until `expiresAt`. */
export interface StockHoldEntry {
  id: string;
  sku: string;
  storeId: string;
  /** The size as the catalogue writes it. */
  size: string;
  quantity: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface StockHoldsOptions {
  /** Most holds alive at once; a new one beyond that is refused. */
  maxHolds?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export const DEFAULT_MAX_HOLDS = 10_000;

/**
 * The sandbox inventory's reservations, in memory: units held for an order are not
 * available to anyone else until released or expired. Expired holds are forgotten as soon
 * as anything looks (no timer to stop), and there are never more than `maxHolds`.
 */
export class StockHolds {
  private readonly holds = new Map<string, StockHoldEntry>();
  private readonly maxHolds: number;
  private readonly now: () => number;

  constructor(options: StockHoldsOptions = {}) {
    this.maxHolds = options.maxHolds ?? DEFAULT_MAX_HOLDS;
    this.now = options.now ?? Date.now;
  }

  /** Holds alive now. */
  get size(): number {
    this.forgetExpired();
    return this.holds.size;
  }

  /** Units of this SKU held now, in one store and size, or in all of them. */
  held(sku: string, storeId?: string, size?: string): number {
    this.forgetExpired();
    let units = 0;
    for (const hold of this.holds.values()) {
      if (hold.sku !== sku) continue;
      if (storeId !== undefined && hold.storeId !== storeId) continue;
      if (size !== undefined && hold.size !== size) continue;
      units += hold.quantity;
    }
    return units;
  }

  /** Holds `quantity` units for `ttlMs`; null when `maxHolds` are alive already. */
  add(hold: Omit<StockHoldEntry, 'id' | 'expiresAt'>, ttlMs: number): StockHoldEntry | null {
    this.forgetExpired();
    if (this.holds.size >= this.maxHolds) return null;
    const entry = { ...hold, id: `RSV-${randomUUID()}`, expiresAt: this.now() + ttlMs };
    this.holds.set(entry.id, entry);
    return entry;
  }

  /** Ends a hold; false when there is none by that id (never made, released, or expired). */
  release(id: string): boolean {
    this.forgetExpired();
    return this.holds.delete(id);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, hold] of this.holds) if (hold.expiresAt <= now) this.holds.delete(id);
  }
}

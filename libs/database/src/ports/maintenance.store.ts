import type { CleanupCounts, StoreKind } from '../data-api.types.js';

/** What retention and the health check need. */
export abstract class MaintenanceStore {
  abstract readonly kind: StoreKind;

  /** Deletes up to `batchSize` rows per table older than `olderThan`; call until all zero. */
  abstract cleanupOldData(olderThan: Date, batchSize: number): Promise<CleanupCounts>;

  /** A real round trip (for the health check). */
  abstract ping(): Promise<void>;
}

export { InventoryClient } from './inventory.client.js';
export {
  InventoryError,
  InventoryFaultError,
  InventoryMalformedResponseError,
  type InventoryOperation,
  InventoryUnavailableError,
  type UnavailableReason,
} from './inventory.errors.js';
export { InventoryHealthIndicator } from './inventory.health-indicator.js';
export { InventoryModule } from './inventory.module.js';
export {
  type CallOptions,
  type Category,
  type CheckStockQuery,
  type ColorVariant,
  formatMoney,
  type InventoryStatus,
  type Money,
  type Product,
  type ReleaseReservationResult,
  type ReserveStockQuery,
  type ReserveStockResult,
  type SearchProductsQuery,
  type SizeStock,
  type StockCheck,
  type StockReservation,
  type StoreStock,
} from './inventory.types.js';

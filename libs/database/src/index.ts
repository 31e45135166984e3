export * from './data-api.types.js';
export { DatabaseHealthIndicator, DATABASE_HEALTH_TIMEOUT_MS } from './database.health-indicator.js';
export { DatabaseModule, type DatabaseModuleOptions } from './database.module.js';
export { PgPoolDriver, type PgPoolDriverOptions } from './drivers/pg-pool-driver.js';
export { PgliteDriver, type PgliteDriverOptions } from './drivers/pglite-driver.js';
export type { SqlDriver, SqlExecutor } from './drivers/sql-driver.js';
export { JobLock, type ExclusiveRun } from './job-lock.js';
export {
  findMigrationsDir,
  MigrationChangedError,
  readMigrationFiles,
  runMigrations,
  type MigrationFile,
  type MigrationReport,
} from './migrations/migration-runner.js';
export { createConversationStore, openConversationStore, type DatabaseSettings } from './open-conversation-store.js';
export { AdminStore, type CustomerRecord, type CustomerRefQuery } from './ports/admin.store.js';
export { InboundStore } from './ports/inbound.store.js';
export { MaintenanceStore } from './ports/maintenance.store.js';
export { OrderStore } from './ports/order.store.js';
export { OutboxStore } from './ports/outbox.store.js';
export { TurnStore } from './ports/turn.store.js';
export { RETENTION_JOB, RetentionService, type RetentionRun } from './retention/retention.service.js';
export { RetentionSchedule } from './retention/retention-schedule.service.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { ConversationStore, type StoreOptions } from './store/conversation-store.js';
export { SqlConversationStore, type SqlStoreOptions } from './store/sql-conversation.store.js';
export { storableJson, storableText } from './store/data-api.js';
export {
  PostgrestCallError,
  SupabaseConversationStore,
  type SupabaseStoreOptions,
} from './store/supabase-conversation.store.js';
export { StoreQueryError, StoreUnavailableError, type StoreQueryErrorKind } from './store-errors.js';

export * from './conversation-store.js';
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
export { openConversationStore, type DatabaseSettings } from './open-conversation-store.js';
export { RETENTION_JOB, RetentionService, type RetentionRun } from './retention/retention.service.js';
export { RetentionSchedule } from './retention/retention-schedule.service.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { RpcConversationStore, type StoreOptions } from './store/rpc-conversation-store.js';
export { SqlConversationStore } from './store/sql-conversation.store.js';
export {
  PostgrestCallError,
  SupabaseConversationStore,
  type SupabaseStoreOptions,
} from './store/supabase-conversation.store.js';
export { StoreQueryError, StoreUnavailableError, type StoreQueryErrorKind } from './store-errors.js';

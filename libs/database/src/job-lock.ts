export type ExclusiveRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Scheduled jobs that must run on one instance at a time (the retention cleanup). The
 * database adapters hold a Postgres advisory lock (a lease row through the Supabase
 * gateway, which cannot hold a session); a later step may bind a Redis lock instead.
 */
export abstract class JobLock {
  /** Runs `fn` unless another instance is running the same job right now. */
  abstract runExclusive<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>>;
}

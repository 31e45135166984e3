import { randomUUID } from 'node:crypto';
import { classifySqlError, isSqlState } from '../drivers/classify-sql-error.js';
import type { ExclusiveRun } from '../job-lock.js';
import type { Failure } from '../retry.js';
import { ConversationStore, type StoreOptions } from './conversation-store.js';
import { type Args, jsonArgs } from './data-api.js';

export interface SupabaseStoreOptions extends StoreOptions {
  url: string;
  serviceRoleKey: string;
  /** Each REST call is abandoned (and counts as transient) after this long. */
  requestTimeoutMs: number;
}

/** What this adapter uses of supabase-js. */
interface RpcClient {
  rpc(
    fn: string,
    args: Record<string, unknown>,
  ): PromiseLike<{
    data: unknown;
    error: { message: string; code?: string; details?: string | null } | null;
    status: number;
  }>;
  removeAllChannels(): Promise<unknown>;
}

/** PostgREST's error body, with the HTTP status (0 when the request never got an answer). */
export class PostgrestCallError extends Error {
  override readonly name = 'PostgrestCallError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null,
  ) {
    super(status === 0 ? message : `${message} (HTTP ${status})`);
  }
}

/** PostgREST could not reach or use its database (PGRST000–PGRST003: connection, pool, schema cache). */
const GATEWAY_DATABASE_CODES = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);

/** How long a retention run may hold the job lease before another instance may take over. */
const JOB_LEASE_SECONDS = 3600;

/**
 * The data API through Supabase's REST gateway: `supabase.rpc(fn, namedArgs)` →
 * `POST /rest/v1/rpc/<fn>` as service_role. Same functions, same answers as the SQL adapter.
 */
export class SupabaseConversationStore extends ConversationStore {
  readonly kind = 'supabase';
  /** supabase-js, imported with the first call: an api on Postgres or PGlite never loads it. */
  private client?: Promise<RpcClient>;
  private readonly holder = `${process.pid}-${randomUUID()}`;

  constructor(private readonly supabase: SupabaseStoreOptions) {
    super(supabase);
  }

  private connect(): Promise<RpcClient> {
    const { url, serviceRoleKey, requestTimeoutMs: timeoutMs } = this.supabase;
    this.client ??= import('@supabase/supabase-js').then(({ createClient }) =>
      createClient(url, serviceRoleKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        global: {
          fetch: (input, init) =>
            fetch(input, {
              ...init,
              signal: init?.signal
                ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
                : AbortSignal.timeout(timeoutMs),
            }),
        },
      }),
    );
    return this.client;
  }

  protected async invoke(fn: string, args: Args): Promise<unknown> {
    const { data, error, status } = await (await this.connect()).rpc(fn, jsonArgs(fn, args));
    if (error) throw new PostgrestCallError(status, error.code ?? '', error.message, error.details ?? null);
    return data;
  }

  protected classify(error: unknown): Failure {
    if (!(error instanceof PostgrestCallError)) return classifySqlError(error);
    if (error.status === 0) return { kind: 'transient' };
    if (isSqlState(error.code)) return classifySqlError(error);
    if (GATEWAY_DATABASE_CODES.has(error.code)) return { kind: 'transient' };
    if (error.status >= 500) return { kind: 'transient' };
    return { kind: 'query', code: error.code === '' ? null : error.code, message: error.message };
  }

  /** A lease row: the gateway cannot hold a session, so no advisory lock. */
  protected async runLocked<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
    const lock = (await this.call('try_acquire_job_lock', {
      p_name: job,
      p_holder: this.holder,
      p_ttl_seconds: JOB_LEASE_SECONDS,
    })) as { acquired?: unknown } | null;
    if (lock?.acquired !== true) return { ran: false };
    try {
      return { ran: true, result: await fn() };
    } finally {
      await this.call('release_job_lock', { p_name: job, p_holder: this.holder }).catch(() => undefined);
    }
  }

  /** Migrations are never run through the gateway (`supabase db push` applies them): nothing to prepare. */
  prepare(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await (await this.client)?.removeAllChannels();
  }
}

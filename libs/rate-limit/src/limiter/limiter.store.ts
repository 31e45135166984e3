/** What one check of a limit says. */
export interface LimitResult {
  /** The hit was counted: under the limit. */
  allowed: boolean;
  limit: number;
  /** Hits in the window now (this one included when allowed). */
  count: number;
  /** Hits left in the window after this one. */
  remaining: number;
  /** Milliseconds until the oldest counted hit leaves the window (a slot frees), 0 when none is counted. */
  resetMs: number;
  /** Identifies the counted hit, for `release` (a Meta retry of a message already counted). */
  token?: string;
}

/**
 * Where sliding-window limits are counted: in this process, or in Redis (one count for every
 * instance). `hit` counts a hit when the key is under its limit, atomically.
 */
export abstract class LimiterStore {
  abstract hit(key: string, limit: number, windowMs: number): Promise<LimitResult>;
  /** Takes back a counted hit (it should not have counted). */
  abstract release(key: string, token: string): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type LimitResult, LimiterStore } from './limiter.store.js';

/**
 * The same sliding log as the memory store (see there why a log), as a sorted set per key:
 * member = one counted hit, score = its time in ms. One script per check, so the drop of the
 * expired hits, the count and the add happen atomically: concurrent checks from every
 * instance can never let more than `limit` through.
 *
 * The time is Redis's own (`TIME`), not the caller's: every instance then counts on one clock,
 * so a skewed machine can neither age hits out early nor keep them late. Redis 5+ replicates a
 * script's writes rather than the script, which is what lets a script read the clock and write.
 *
 * The key lives one window after its newest hit (PEXPIRE on every counted hit): a client that
 * stops leaves nothing behind. The member is the caller's (unique: see `instance`), so the
 * reply is three integers: allowed (0/1), count, ms until the oldest hit leaves. Each call from
 * a script costs about a microsecond of Redis's time, hence no ZRANGE when the hit is the only one.
 */
const HIT_SCRIPT = `
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  if count == 0 then return { 1, 1, window } end
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = 0
if oldest[2] then reset = oldest[2] + window - now end
return { allowed, count, reset }
`;

/** The name the script is defined under on the shared client (ioredis runs it by EVALSHA, EVAL when not loaded). */
const COMMAND = 'mostradorRateLimitHit';

type HitReply = [allowed: number, count: number, resetMs: number];

type WithHitCommand = Redis & {
  [COMMAND](key: string, limit: number, windowMs: number, member: string): Promise<HitReply>;
};

/**
 * Sliding-window limits in Redis: one count for every instance. Keys are `prefix + key`.
 * Commands fail as the client does (RedisConnection: fast, while disconnected); the caller
 * decides what a failure means.
 */
export class RedisLimiterStore extends LimiterStore {
  private readonly client: WithHitCommand;
  /** Members (tokens) are unique across instances without a random draw per hit: this store's id and a counter. */
  private readonly instance = randomUUID().replaceAll('-', '').slice(0, 12);
  private sequence = 0;

  constructor(
    client: Redis,
    private readonly prefix: string,
  ) {
    super();
    if (!(COMMAND in client)) client.defineCommand(COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.client = client as WithHitCommand;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<LimitResult> {
    const member = `${this.instance}:${++this.sequence}`;
    const [allowed, count, resetMs] = await this.client[COMMAND](this.prefix + key, limit, windowMs, member);
    const result: LimitResult = {
      allowed: allowed === 1,
      limit,
      count,
      remaining: Math.max(0, limit - count),
      resetMs,
    };
    if (allowed === 1) result.token = member;
    return result;
  }

  async release(key: string, token: string): Promise<void> {
    await this.client.zrem(this.prefix + key, token);
  }
}

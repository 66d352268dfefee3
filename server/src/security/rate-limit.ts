/**
 * A sliding-window counter per key (an IP address): at most `limit` hits within `windowMs`.
 * Used against session-creation floods and join-code guessing (docs/SECURITY.md). Memory is
 * bounded: old hits are dropped when a key is touched, and idle keys are swept.
 */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor({ limit, windowMs }: RateLimit) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length) this.hits.set(key, times);
    else this.hits.delete(key);
    return times;
  }

  /** Whether the key has used its budget; if so, the milliseconds until a hit frees up. */
  blocked(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    return times.length >= this.limit ? this.windowMs - (now - times[0]!) : 0;
  }

  hit(key: string, now = Date.now()): void {
    this.sweep(now);
    const times = this.recent(key, now);
    times.push(now);
    this.hits.set(key, times);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const key of [...this.hits.keys()]) this.recent(key, now);
  }
}

/** "COUNT/SECONDS" from the environment (e.g. SESSION_RATE_LIMIT=20/600), or the default. */
export function rateLimitFromEnv(name: string, fallback: RateLimit, env: NodeJS.ProcessEnv = process.env): RateLimit {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`${name} must be "COUNT/SECONDS" (e.g. 20/600), not "${raw}"`);
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

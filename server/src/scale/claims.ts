import { Redis } from 'ioredis';

/**
 * Short exclusive claims on a join code, so that of all the processes only one opens a session's
 * room at a time: with Redis an atomic `SET key owner NX PX ttl` (released with a compare-and-delete),
 * in one process a map. A claim that is never released (the process died) expires by itself.
 */
export interface Claims {
  /** True if this caller now holds the claim on `code`. */
  take(code: string, ttlMs: number): Promise<boolean>;
  release(code: string): Promise<void>;
  close(): Promise<void>;
}

const key = (code: string) => `aspf:claim:${code}`;

export function memoryClaims(now: () => number = Date.now): Claims {
  const held = new Map<string, number>();
  return {
    take: async (code, ttlMs) => {
      const until = held.get(code);
      if (until !== undefined && until > now()) return false;
      held.set(code, now() + ttlMs);
      return true;
    },
    release: async (code) => void held.delete(code),
    close: async () => held.clear(),
  };
}

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export function redisClaims(url: string, owner: string): Claims {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined); // ioredis reconnects by itself; a failed claim is a skipped sweep
  return {
    take: async (code, ttlMs) => (await redis.set(key(code), owner, 'PX', ttlMs, 'NX')) === 'OK',
    release: async (code) => void (await redis.eval(RELEASE, 1, key(code), owner)),
    close: async () => void (await redis.quit().catch(() => undefined)),
  };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * The real PostgreSQL and Redis of the machine, for tests/scale. DATABASE_URL / REDIS_URL default to
 * the local services; a test whose service is absent is skipped with the reason printed, unless
 * ASPF_REQUIRE_SERVICES=1 (CI), where it fails.
 */

export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const required = process.env.ASPF_REQUIRE_SERVICES === '1';

async function reachable(what: string, check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    const reason = `${what} is not reachable (${(error as Error).message})`;
    if (required) throw new Error(`${reason}; ASPF_REQUIRE_SERVICES=1 requires it`, { cause: error });
    process.stdout.write(`SKIP tests/scale: ${reason}\n`);
    return false;
  }
}

export const postgresUp = () => reachable(`PostgreSQL at ${DATABASE_URL}`, async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.end();
});

export const redisUp = () => reachable(`Redis at ${REDIS_URL}`, async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
});

/** A fresh database for one test file (so concurrent runs never collide); drop() removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `aspf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A Redis URL on a database number of its own (1–15, drawn at random), so that the room listings
 * and process stats of concurrent runs rarely meet. Pub/sub channels are global, but Colyseus'
 * process ids and the join codes are random. Leftovers of killed processes are cleaned by the
 * health checks of the next run that draws the same number.
 */
export function freshRedisUrl(): string {
  const url = new URL(REDIS_URL);
  url.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
  return url.toString();
}

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BotPacing } from './bots/pacing.ts';
import type { LogLevel } from './log.ts';
import { rateLimitFromEnv, type RateLimit } from './security/rate-limit.ts';

/** Everything the server reads from its environment, with the defaults `npm start` uses. */
export interface ServerConfig {
  /** PORT (2567); 0 picks a free port. */
  port: number;
  /** HOST (0.0.0.0). */
  host: string;
  /** DATA_DIR (./data): where the SQLite session store lives. */
  dataDir: string;
  /** SEAT_HOLD_SECONDS (120): how long a dropped connection keeps its place. */
  seatHoldSeconds: number;
  /** PUBLIC_URL (http://localhost:PORT): the base of join URLs. */
  publicUrl: string | null;
  /** BOT_DELAY_MS ("1500-5000"): bots' thinking time, min-max. */
  botPacing: BotPacing;
  /** STATIC_DIR (client/dist when it exists): the built client, served at /. */
  staticDir: string | null;
  /** MAX_MESSAGES_PER_SECOND (20): a client sending more is disconnected (close 4002). */
  maxMessagesPerSecond: number;
  /** MAX_PAYLOAD_BYTES (16384): the largest WebSocket frame a client may send. */
  maxPayloadBytes: number;
  /** LOG_LEVEL ("info"): "silent" | "error" | "info" | "debug" (adds Colyseus' health-check lines). */
  logLevel: LogLevel;
  /** LOG_FORMAT: "json" (one JSON object a line; the default when NODE_ENV=production) or "text". */
  logFormat: 'json' | 'text';
  /** DATABASE_URL (postgres://…): the session store on PostgreSQL instead of SQLite in DATA_DIR. */
  databaseUrl: string | null;
  /** DATABASE_SCHEMA (the database's search path): a PostgreSQL schema of its own, created if missing. */
  databaseSchema: string | null;
  /** REDIS_URL (redis://…): Colyseus RedisPresence + RedisDriver, so several processes share rooms. */
  redisUrl: string | null;
  /** PUBLIC_ADDRESS ("host:port[/path]"): where clients reach this process's WebSocket (one per process). */
  publicAddress: string | null;
  /** RECOVERY_INTERVAL_MS (5000): how often a process looks for sessions whose room no process runs. 0 = at boot only. */
  recoveryIntervalMs: number;
  /** Stop cleanly on SIGINT/SIGTERM (the CLI does; tests that embed the server do not). */
  handleSignals: boolean;
  /** SESSION_CAPACITY (500): connections one session holds; new seats stop at 90 %, the rest is kept for seat tokens and the facilitator. */
  sessionCapacity: number;
  /** MAX_OBSERVERS (150): observers connected to one session at once. */
  maxObservers: number;
  /** JOIN_SEAT_LIMIT (60/600): new seats one address may take in one session per window. */
  seatLimit: RateLimit;
  /** ACTION_BUDGET (60): recorded actions one seat may take in one phase (chat has its own limit). */
  actionBudget: number;
}

const DEFAULT_SEAT_LIMIT: RateLimit = { limit: 60, windowMs: 600_000 };

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function pacing(raw: string | undefined): BotPacing {
  if (!raw) return { minMs: 1500, maxMs: 5000 };
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  if (!match) throw new Error(`BOT_DELAY_MS must be "MIN-MAX" or "MS" in milliseconds, not "${raw}"`);
  const minMs = Number(match[1]);
  const maxMs = Number(match[2] ?? match[1]);
  if (maxMs < minMs) throw new Error('BOT_DELAY_MS: MAX must not be below MIN');
  return { minMs, maxMs };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const level = env.LOG_LEVEL ?? 'info';
  if (level !== 'silent' && level !== 'error' && level !== 'info' && level !== 'debug') throw new Error(`LOG_LEVEL must be silent, error, info or debug, not "${level}"`);
  const format = env.LOG_FORMAT || (env.NODE_ENV === 'production' ? 'json' : 'text');
  if (format !== 'json' && format !== 'text') throw new Error(`LOG_FORMAT must be json or text, not "${format}"`);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// (without it, sessions are kept in SQLite in DATA_DIR)');
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error('REDIS_URL must start with redis:// or rediss://');
  const publicAddress = env.PUBLIC_ADDRESS ? env.PUBLIC_ADDRESS.replace(/^wss?:\/\//, '').replace(/\/+$/, '') : null;
  const defaultStatic = resolve(cwd, 'client/dist');
  return {
    port: int(env, 'PORT', 2567, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(cwd, env.DATA_DIR || 'data'),
    seatHoldSeconds: int(env, 'SEAT_HOLD_SECONDS', 120, 1, 86_400),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    botPacing: pacing(env.BOT_DELAY_MS),
    staticDir: env.STATIC_DIR ? resolve(cwd, env.STATIC_DIR) : existsSync(defaultStatic) ? defaultStatic : null,
    maxMessagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', 20, 1, 10_000),
    maxPayloadBytes: int(env, 'MAX_PAYLOAD_BYTES', 16_384, 1024, 1_048_576),
    logLevel: level,
    logFormat: format,
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || null,
    redisUrl,
    publicAddress,
    recoveryIntervalMs: int(env, 'RECOVERY_INTERVAL_MS', 5000, 0, 3_600_000),
    handleSignals: true,
    sessionCapacity: int(env, 'SESSION_CAPACITY', 500, 20, 10_000),
    maxObservers: int(env, 'MAX_OBSERVERS', 150, 0, 10_000),
    seatLimit: rateLimitFromEnv('JOIN_SEAT_LIMIT', DEFAULT_SEAT_LIMIT, env),
    actionBudget: int(env, 'ACTION_BUDGET', 60, 1, 100_000),
  };
}

/** Defaults for an embedded server (tests): a free port, quiet, fast bots. */
export function testConfig(overrides: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    seatHoldSeconds: 120,
    publicUrl: null,
    botPacing: { minMs: 10, maxMs: 40 },
    staticDir: null,
    maxMessagesPerSecond: 20,
    maxPayloadBytes: 16_384,
    logLevel: 'silent',
    logFormat: 'text',
    // ASPF_TEST_DATABASE_URL runs every embedded test server on PostgreSQL, each in a schema of its own
    // (npm run test:postgres); without it tests use SQLite in their temporary folder.
    databaseUrl: process.env.ASPF_TEST_DATABASE_URL || null,
    databaseSchema: process.env.ASPF_TEST_DATABASE_URL ? `aspf_test_${randomBytes(6).toString('hex')}` : null,
    redisUrl: null,
    publicAddress: null,
    recoveryIntervalMs: 0,
    handleSignals: false,
    sessionCapacity: 500,
    maxObservers: 150,
    seatLimit: DEFAULT_SEAT_LIMIT,
    actionBudget: 60,
    ...overrides,
  };
}

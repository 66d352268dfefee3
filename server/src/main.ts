/**
 * `npm start`: the ASPF Table server with embedded defaults on one port. Configuration comes from
 * the environment (server/src/config.ts): PORT, DATA_DIR, SEAT_HOLD_SECONDS, PUBLIC_URL, …
 */
import { startServer } from './app.ts';
import { configFromEnv } from './config.ts';
import { createLogger } from './log.ts';

// Anything that fails before the server's own logger exists (a bad setting, PostgreSQL or Redis
// unreachable) is reported in the configured format — one JSON line with LOG_FORMAT=json — and
// the process exits 1 at once, so that a supervisor sees the failure (docs/DEPLOY.md).
const json = process.env.LOG_FORMAT === 'json' || (process.env.LOG_FORMAT === undefined && process.env.NODE_ENV === 'production');
const log = createLogger('error', { format: json ? 'json' : 'text', ...(process.env.PUBLIC_ADDRESS ? { base: { process: process.env.PUBLIC_ADDRESS } } : {}) });
try {
  await startServer(configFromEnv());
} catch (error) {
  log.error(`ASPF Table server failed to start: ${(error as Error).message}`, error);
  process.exit(1);
}

/**
 * `npm start`: the ASPF Table server with embedded defaults on one port. Configuration comes from
 * the environment (server/src/config.ts): PORT, DATA_DIR, SEAT_HOLD_SECONDS, PUBLIC_URL, …
 */
import { startServer } from './app.ts';
import { configFromEnv } from './config.ts';

try {
  await startServer(configFromEnv());
} catch (error) {
  process.stderr.write(`ASPF Table server failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}

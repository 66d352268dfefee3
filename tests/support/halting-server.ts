/**
 * The server as `npm start` runs it (server/src/main.ts), with one difference for
 * tests/security/crash.test.ts: its store halts right after an entry of the action type in
 * ASPF_TEST_HALT_AFTER (e.g. "advance") is durable. It prints `halted after <type> #<seq>` and never
 * returns from that append, so the room tells no one; the test then kills the process from outside
 * (SIGKILL). Production code carries no such hook: this wrapper is the only place it exists.
 */
import { openStore, startServer } from '../../server/src/app.ts';
import { configFromEnv } from '../../server/src/config.ts';

const haltAfter = process.env.ASPF_TEST_HALT_AFTER ?? '';
const config = configFromEnv();
const store = await openStore(config);
const append = store.append.bind(store);
store.append = async (code, entry) => {
  await append(code, entry);
  if (entry.action.type !== haltAfter) return;
  process.stdout.write(`halted after ${entry.action.type} #${entry.seq}\n`);
  await new Promise<never>(() => undefined);
};
await startServer(config, store);

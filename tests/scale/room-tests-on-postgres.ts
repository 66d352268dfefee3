/**
 * `npm run test:postgres`: the real-server room tests (tests/room) again, with every embedded server
 * keeping its sessions in PostgreSQL (each in a schema of its own, in a database made for this run
 * and dropped after it). Exits with vitest's status.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { freshDatabase, postgresUp } from './services.ts';

if (!(await postgresUp())) process.exit(0);
const database = await freshDatabase();
const root = resolve(import.meta.dirname, '../..');
const run = spawnSync(process.execPath, [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/room', ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit', env: { ...process.env, ASPF_TEST_DATABASE_URL: database.url },
});
// Proof that the servers really kept their sessions there: the schemas they made, with sessions in them.
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const { rows } = await client.query<{ schema: string }>("SELECT nspname AS schema FROM pg_namespace WHERE nspname LIKE 'aspf_test_%'");
let sessions = 0;
for (const { schema } of rows) sessions += Number((await client.query(`SELECT COUNT(*) AS n FROM ${schema}.sessions`)).rows[0].n);
await client.end();
await database.drop();
process.stdout.write(`test:postgres: ${rows.length} server schema(s), ${sessions} session(s) kept in PostgreSQL\n`);
process.exit(run.status === 0 && sessions === 0 ? 1 : (run.status ?? 1));

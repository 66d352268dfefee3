import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `node server/src/main.ts` as `npm start` runs it, on 127.0.0.1 with the given port, data folder
 * and environment; resolves once it serves (its "ASPF Table server on" line), fails with its output
 * if it exits or takes over 60 s (a loaded CI machine starts slowly).
 */
export async function spawnServer(port: number, dataDir: string, env: Record<string, string> = {}, script = 'server/src/main.ts'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes('ASPF Table server on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  return child;
}

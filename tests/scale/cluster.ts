import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from '../room/harness.ts';
import { freePort } from '../support/ports.ts';

/** Server processes as `npm start` runs them (node server/src/main.ts), for the scale-out tests. */

const ROOT = resolve(import.meta.dirname, '../..');


export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything it printed (JSON lines). */
  output(): string;
  /** Its log lines, parsed. */
  logs(): Record<string, unknown>[];
  metrics(): Promise<string>;
  /** The value of one sample of GET /metrics (0 when absent). */
  metric(name: string): Promise<number>;
}

export async function bootProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_ADDRESS: `127.0.0.1:${port}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aspf-cluster-')), NODE_NO_WARNINGS: '1', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes('ASPF Table server on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await sleep(50);
  }
  const url = `http://127.0.0.1:${port}`;
  const metrics = async () => (await fetch(`${url}/metrics`)).text();
  return {
    child, port, url, metrics,
    output: () => output,
    logs: () => output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    metric: async (name) => {
      const line = (await metrics()).split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    },
  };
}

export async function stopProcess(p: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((done) => p.child.once('exit', done));
  p.child.kill(signal);
  await exited;
}

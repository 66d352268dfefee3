import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.ts';
import { spawnServer } from '../support/server-process.ts';

/**
 * The process lifecycle an operator relies on (docs/DEPLOY.md): a server that cannot reach Redis
 * or PostgreSQL at boot exits at once with one clear JSON line (no password in it) instead of
 * hanging; SIGTERM to the `npm start` process stops the server; and a client folder rebuilt or
 * replaced under a running server costs at most a 503, never the process.
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs main.ts until it exits (at most 20 s): its exit code and output. */
async function boot(env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', NODE_NO_WARNINGS: '1', DATA_DIR: mkdtempSync(join(tmpdir(), 'aspf-life-')), ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearTimeout(timer);
  return { code, output, ms: Date.now() - started };
}

describe('process lifecycle', () => {
  it('exits at once with a clear JSON line when Redis or PostgreSQL is unreachable at boot', async () => {
    const redis = await boot({ REDIS_URL: `redis://:hunter2@127.0.0.1:${await freePort()}` });
    expect(redis.code).toBe(1);
    const line = JSON.parse(redis.output.trim().split('\n').at(-1)!) as { level: string; msg: string };
    expect(line.level).toBe('error');
    expect(line.msg).toMatch(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? \(REDIS_URL\) is not reachable/);
    expect(redis.output).not.toContain('hunter2');

    const postgres = await boot({ DATABASE_URL: `postgres://aspf:hunter2@127.0.0.1:${await freePort()}/aspf` });
    expect(postgres.code).toBe(1);
    expect(JSON.parse(postgres.output.trim().split('\n').at(-1)!).msg).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+\/aspf \(DATABASE_URL\) is not reachable/);
    expect(postgres.output).not.toContain('hunter2');
  }, 60_000);

  it('logs a crash as JSON lines (warning, uncaught error with its stack) and exits 1 after closing its rooms', async () => {
    // A module loaded before the server that, on SIGUSR2, emits a Node warning and rejects a promise
    // nobody handles: what a bug in an async path of the server does.
    const crash = 'data:text/javascript,process.on("SIGUSR2",()=>{process.emitWarning("disk almost full","TestWarning");Promise.reject(new Error("boom in a handler"))})';
    const child = spawn(process.execPath, ['--import', crash, 'server/src/main.ts'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'aspf-life-')) },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    const deadline = Date.now() + 60_000;
    while (!output.includes('ASPF Table server on')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGUSR2');
    expect(await exited).toBe(1);
    // Every line is one JSON object: no plain-text warning, stack or banner.
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['time', 'level', 'msg']));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'TestWarning: disk almost full', source: 'node' }));
    const crashLine = lines.find((l) => l.level === 'error')!;
    expect(crashLine).toMatchObject({ msg: 'uncaught error: the server stops', error: 'boom in a handler' });
    expect(crashLine.stack).toMatch(/^Error: boom in a handler\n\s+at /);
  }, 90_000);

  it('stops the server when the npm start process gets SIGTERM', async () => {
    const port = await freePort();
    // --ignore-scripts: only the start script itself (its prestart may build the client).
    const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1', DATA_DIR: mkdtempSync(join(tmpdir(), 'aspf-life-')) },
    });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!output.includes('ASPF Table server on')) {
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start the server:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const exited = new Promise((done) => npm.once('exit', done));
    npm.kill('SIGTERM');
    await exited;
    // The port closes: the server went with npm (not left serving as an orphan).
    const stop = Date.now() + 20_000;
    for (;;) {
      const open = await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false);
      if (!open) break;
      if (Date.now() > stop) throw new Error('the server still serves after SIGTERM to npm start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  it('answers 503 (and keeps serving) while the client folder is replaced under it', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'aspf-dist-'));
    const write = () => {
      writeFileSync(join(dist, 'index.html'), `<!doctype html><title>ASPF</title>${'x'.repeat(200_000)}`);
      writeFileSync(join(dist, 'app.js'), `console.log(${'1'.repeat(200_000)})`);
    };
    write();
    const port = await freePort();
    const server = await spawnServer(port, mkdtempSync(join(tmpdir(), 'aspf-life-')), { STATIC_DIR: dist });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 150; i++) {
        const requests = ['/join/ABCDEFG', '/app.js', '/'].map((path) => fetch(`http://127.0.0.1:${port}${path}`).then(async (r) => {
          await r.arrayBuffer().catch(() => undefined);
          return r.status;
        }, () => -1));
        // A rebuild: the files disappear and come back while requests read them.
        rmSync(join(dist, 'index.html'), { force: true });
        rmSync(join(dist, 'app.js'), { force: true });
        write();
        for (const status of await Promise.all(requests)) statuses.add(status);
        expect(server.exitCode).toBeNull();
      }
      for (const status of statuses) expect([200, 503]).toContain(status);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      server.kill('SIGKILL');
    }
  }, 90_000);
});

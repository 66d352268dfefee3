import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'client/dist');
const SOURCES = [join(ROOT, 'client/src'), join(ROOT, 'client/index.html'), join(ROOT, 'client/vite.config.ts'), join(ROOT, 'shared/src'), join(ROOT, 'docs/FACILITATOR.md')]; // the guide is bundled (client/src/ui/guide-page.ts)
const LOCK = join(ROOT, 'client/.dist-build-lock');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const newestSource = () => Math.max(...SOURCES.map(newest));
const fresh = () => existsSync(join(DIST, 'index.html')) && statSync(join(DIST, 'index.html')).mtimeMs >= newestSource();

/**
 * The built client the browser tests serve, rebuilt when any client or shared source is newer than
 * it (a stale bundle would test yesterday's client). Test files start at once: one builds under a
 * lock while the others wait for the lock to go; the new bundle is built beside the old one and
 * swapped in whole, so a server never serves half a build.
 */
export async function builtClient(): Promise<string> {
  const deadline = Date.now() + 300_000;
  while (!fresh()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 5 minutes for another test's client build (${LOCK})`);
      await new Promise((done) => setTimeout(done, 200)); // another file is building: wait for its lock to go
      continue;
    }
    try {
      if (fresh()) break;
      const out = `${DIST}.building-${process.pid}`;
      const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'], { cwd: join(ROOT, 'client'), encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`client build failed:\n${built.stderr}`);
      const old = `${DIST}.old-${process.pid}`;
      if (existsSync(DIST)) renameSync(DIST, old);
      renameSync(out, DIST);
      rmSync(old, { recursive: true, force: true });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return DIST;
}

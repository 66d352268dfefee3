import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['server/src/cli/simulate.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run simulate', () => {
  it('plays a whole Quick-demo game and prints each round, the votes with both criteria and the scores', () => {
    const out = run('--scenario', 'quick-demo', '--seed', '7');
    expect(out.status).toBe(0);
    for (const heading of ['== Round 1 (2026) ==', '== Round 2 (2027) ==', '== Round 3 (2028) ==', 'Game over after round 3', 'Alliance Index']) {
      expect(out.stdout).toContain(heading);
    }
    expect(out.stdout).toMatch(/Event: /);
    expect(out.stdout).toMatch(/Pledges: .*total \$/);
    expect(out.stdout).toMatch(/members \d+\/\d+ = \d+% .*weight \d+%/);
    expect(out.stdout).toMatch(/Crises: /);
    expect(out.stdout.match(/^ {2}[A-Z]{3} +-?\d/gm)).toHaveLength(5);
  });

  it('prints the same text for the same seed, and another game for another seed', () => {
    const a = run('--scenario', 'quick-demo', '--seed', '7').stdout;
    expect(run('--scenario', 'quick-demo', '--seed', '7').stdout).toBe(a);
    expect(run('--scenario', 'quick-demo', '--seed', '8').stdout).not.toBe(a);
  });

  it('--games N prints per-strategy means', () => {
    const out = run('--scenario', 'quick-demo', '--seed', '1', '--games', '12');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('12 games of Quick demo');
    for (const profile of ['steady', 'free-rider', 'hawk', 'atlanticist', 'autonomist']) expect(out.stdout).toMatch(new RegExp(`^${profile} +\\d+ +-?\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d$`, 'm'));
    expect(out.stdout).toMatch(/bot actions refused 0/);
  });

  it('explains bad arguments and exits 2', () => {
    const out = run('--scenario', 'atlantis');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/unknown scenario "atlantis"/);
    expect(run('--seed', 'x').status).toBe(2);
    expect(run('--bogus').status).toBe(2);
  });
});

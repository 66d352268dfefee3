import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinScenario, measureScenario } from '@aspf/shared';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = '<!-- Everything below this line is written by hand and kept by npm run balance. -->';

describe('balance measurement (docs/BALANCE.md)', () => {
  it('counts the same figures for the same seeds, and they add up', () => {
    const s = builtinScenario('quick-demo')!;
    const a = measureScenario(s, 12);
    expect(measureScenario(s, 12)).toEqual(a);
    const wins = Object.values(a.memberWinShare).reduce((x, y) => x + y, 0);
    expect(wins).toBeCloseTo(1);
    expect(Object.values(a.profileSeatShare).reduce((x, y) => x + y, 0)).toBeCloseTo(1);
    expect(a.briefings).toBe(12 * 3);
    expect(a.proposals).toBeGreaterThan(0);
    expect(a.commonShare).toBeGreaterThan(0);
    // The fund rule changes what passes: the same games under consensus pass a different share.
    expect(measureScenario(s, 12, { rules: { fund: 'nato-consensus' } }).passedShare).not.toBe(a.passedShare);
  });

  it('npm run balance writes every target with its figure and verdict, and keeps the hand-written part', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'balance-'));
    const out = join(dir, 'BALANCE.md');
    writeFileSync(out, `# old\n\n${MARKER}\n\n## The design argument\n\nKept by hand.\n`);
    const run = spawnSync(process.execPath, ['server/src/cli/balance.ts', '--games', '3', '--seat-games', '1', '--scenarios', 'quick-demo,brussels-2026', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const title of ['## Quick demo', '## Brussels 2026']) expect(text).toContain(title);
    expect(text).not.toContain('## Classroom');
    expect(text).toMatch(/\| 1\. one seat switching steady → free rider gains a little .*\| (met|\*\*missed\*\*) \|/);
    expect(text).toMatch(/\| 6\. two-level ratification plays/); // on in Brussels 2026
    expect(text).toMatch(/\| 8\. Brussels 2026 is not the easiest scenario/);
    expect(spawnSync(process.execPath, ['server/src/cli/balance.ts', '--scenarios', 'atlantis'], { cwd: ROOT, encoding: 'utf8' }).status).toBe(2);
    expect(text).toMatch(/\*\*\d+ of \d+ targets met\.\*\*/);
    expect(text).toContain('Kept by hand.');
    expect(text).not.toContain('# old');
    expect(run.stdout).toMatch(/targets met; written to/);
  });
});

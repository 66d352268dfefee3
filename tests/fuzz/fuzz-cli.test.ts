import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinScenario, fuzzGame } from '@aspf/shared';
import { runFuzz } from '../../server/src/cli/fuzz.ts';

/**
 * `npm run fuzz` (server/src/cli/fuzz.ts): CI runs a short version of the million-action fuzz;
 * every seed ever found failing is pinned in tests/fuzz/pinned-seeds.json and replayed here forever.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PINNED = JSON.parse(readFileSync(new URL('./pinned-seeds.json', import.meta.url), 'utf8')) as { scenario: string; seed: number; steps: number; note?: string }[];
const CI_ACTIONS = Number(process.env.FUZZ_ACTIONS ?? 10_000);

describe('npm run fuzz', () => {
  it.each(PINNED.map((p) => [`${p.scenario} seed ${p.seed}`, p] as const))('pinned %s stays fixed', (_name, p) => {
    const report = fuzzGame(builtinScenario(p.scenario)!, p.seed, { steps: p.steps });
    expect(report.failures).toEqual([]);
  });

  it(`${CI_ACTIONS} mixed actions over every built-in scenario keep every invariant`, () => {
    const run = runFuzz({ actions: CI_ACTIONS, seed: 9000, steps: 1500, scenarios: ['quick-demo', 'classroom', 'arctic-crisis', 'brussels-2026'] });
    expect(run.failures).toEqual([]);
    expect(run.actions).toBeGreaterThanOrEqual(CI_ACTIONS);
    expect(run.accepted).toBeGreaterThan(CI_ACTIONS / 20);
    expect(run.rejected).toBeGreaterThan(CI_ACTIONS / 2);
    expect(run.ended).toBeGreaterThan(0);
  }, 120_000);

  it('the command prints throughput and exits 0, or 2 on bad arguments', () => {
    const ok = spawnSync(process.execPath, ['server/src/cli/fuzz.ts', '--actions', '2000', '--seed', '5', '--scenario', 'quick-demo'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\d+ games .*, 2\d{3} actions: \d+ accepted, \d+ rejected/);
    expect(ok.stdout).toMatch(/actions\/s/);
    expect(ok.stdout).toContain('invariants held after every step');
    const bad = spawnSync(process.execPath, ['server/src/cli/fuzz.ts', '--actions', 'lots'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  }, 60_000);
});

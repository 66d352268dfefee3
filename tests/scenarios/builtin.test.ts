import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_IDS, builtinScenario, createGame, formatIssues, parseScenario, type Scenario } from '@aspf/shared';
import { buildScenarios, scenarioJson } from '../../shared/scripts/build-scenarios.ts';

const all = BUILTIN_SCENARIO_IDS.map((id) => builtinScenario(id)!);
const texts = (s: Scenario) => [s.title, s.description, s.notes, ...s.members.map((m) => m.name), ...s.tracks.map((t) => t.name),
  ...s.projects.flatMap((p) => [p.name, p.description]), ...s.events.flatMap((e) => [e.title, e.text]), ...s.objectives.flatMap((o) => [o.title, o.text])];

describe('R6.1 the built-in scenarios', () => {
  it('are the four of docs/SCENARIOS.md with the right members and rounds', () => {
    expect(BUILTIN_SCENARIO_IDS.sort()).toEqual(['arctic-crisis', 'brussels-2026', 'classroom', 'quick-demo']);
    expect(builtinScenario('brussels-2026')!.members).toHaveLength(32);
    expect(builtinScenario('classroom')!.members).toHaveLength(10);
    expect(builtinScenario('quick-demo')!).toMatchObject({ rounds: 3 });
    expect(builtinScenario('quick-demo')!.members).toHaveLength(5);
    expect(builtinScenario('quick-demo')!.timers.negotiation).toBeLessThan(builtinScenario('classroom')!.timers.negotiation);
    expect(builtinScenario('brussels-2026')!.constants.openingBalance).toBe(98_000);
    expect(builtinScenario('nope')).toBeUndefined();
  });

  it('carry enough content: ≥ 10 projects, ≥ 16 events with some triggers, ≥ 10 objectives', () => {
    const b = builtinScenario('brussels-2026')!;
    expect(b.projects.length).toBeGreaterThanOrEqual(10);
    expect(b.events.length).toBeGreaterThanOrEqual(16);
    expect(b.events.filter((e) => e.trigger).length).toBeGreaterThanOrEqual(3);
    expect(b.objectives.length).toBeGreaterThanOrEqual(10);
  });

  it.each(all.map((s) => [s.id, s] as const))('%s has every text in English and French', (_id, s) => {
    for (const t of texts(s)) {
      expect(t.en.trim().length).toBeGreaterThan(0);
      expect(t.fr.trim().length).toBeGreaterThan(0);
    }
    // French is really French, not a copy: most long texts differ.
    const long = texts(s).filter((t) => t.en.length > 40);
    expect(long.filter((t) => t.en !== t.fr).length / long.length).toBeGreaterThan(0.95);
  });

  it.each(all.map((s) => [s.id, s] as const))('%s deals every member an objective of its regions and starts', (_id, s) => {
    const game = createGame(s, 42);
    for (const id of game.memberOrder) {
      const o = s.objectives.find((x) => x.id === game.members[id]!.objective)!;
      const regions = s.members.find((mm) => mm.id === id)!.regions;
      expect(o.regions.length === 0 || o.regions.some((r) => regions.includes(r))).toBe(true);
    }
  });

  it('uses the real figures of shared/data with the documented gaps filled', () => {
    const b = builtinScenario('brussels-2026')!;
    const by = (id: string) => b.members.find((mm) => mm.id === id)!;
    expect(by('DEU')).toMatchObject({ gdp: 5050.92, defencePct: 2.4 }); // SG Annual Report 2025
    expect(by('POL')).toMatchObject({ gdp: 1035.49, population: 36.436, defencePct: 4.48 });
    expect(by('ISL').defencePct).toBeGreaterThan(0); // civil contribution, said in the notes
    expect(by('USA').participant).toBe(false);
    expect(b.members.filter((mm) => mm.participant)).toHaveLength(31);
    expect(b.notes.en).toMatch(/Innovation Fund/);
    expect(b.notes.en).toMatch(/SAFE/);
    expect(b.notes.en).toMatch(/Iceland/);
  });

  it('the committed JSON files are what the builder makes from the CSV and content', () => {
    for (const s of buildScenarios()) {
      expect(readFileSync(new URL(`../../shared/scenarios/${s.id}.json`, import.meta.url), 'utf8'), `run npm run scenarios`).toBe(scenarioJson(s));
    }
  });

  it('a scenario\'s scoring overrides merge field by field with the defaults (fiscal prudence 5 at the large and the short table)', () => {
    const base = builtinScenario('classroom')!.constants.scoring;
    expect(base.fiscalPrudence).toBe(8);
    for (const id of ['brussels-2026', 'arctic-crisis']) {
      expect(builtinScenario(id)!.constants.scoring, id).toEqual({ ...base, fiscalPrudence: 5 });
    }
    expect(builtinScenario('quick-demo')!.constants.scoring).toEqual(base);
  });
});

describe('R6.6 invalid scenarios are rejected with every problem\'s path and reason', () => {
  it('lists each problem', () => {
    const bad = structuredClone(builtinScenario('quick-demo')!) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.rounds = 0;
    bad.members[1].id = 'germany';
    bad.members[2].id = bad.members[0].id;
    bad.projects[0].cost = -5;
    bad.projects[1].effects[0] = { kind: 'capability', track: 'moon', delta: 1 };
    bad.events[0].trigger = { kind: 'after-crisis', track: 'mars' };
    bad.rules.fund = 'no-such-rule';
    bad.title = { en: 'Only English' };
    bad.extra = true;
    const result = parseScenario(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.error.map((i) => i.path);
    for (const p of ['rounds', 'members.1.id', 'projects.0.cost', 'title.fr', '(root)']) expect(paths).toContain(p);
    const message = formatIssues(result.error);
    expect(message).toMatch(/extra/);
  });

  it('reports cross-reference problems once the shape is right', () => {
    const bad = structuredClone(builtinScenario('quick-demo')!) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.members[2].id = bad.members[0].id;
    bad.projects[1].effects[0] = { kind: 'capability', track: 'moon', delta: 1 };
    bad.events[0].trigger = { kind: 'after-crisis', track: 'mars' };
    bad.rules.fund = 'no-such-rule';
    const result = parseScenario(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual(expect.arrayContaining([
      { path: 'members.2.id', message: expect.stringMatching(/duplicate/) },
      { path: 'projects.1.effects.0.track', message: 'unknown track "moon"' },
      { path: 'events.0.trigger.track', message: 'unknown track "mars"' },
      { path: 'rules.fund', message: 'unknown rule preset "no-such-rule"' },
    ]));
  });
});

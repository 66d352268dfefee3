import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_IDS, builtinScenario, countryBrief, createGame, renderBriefs, secretSlip } from '@aspf/shared';

/** Issue #15 item 1: a brief for every member of every built-in scenario, in English and French, with nothing missing. */
describe('country briefs', () => {
  for (const id of BUILTIN_SCENARIO_IDS) {
    it(`${id}: every member's brief and secret slip, EN and FR, with every field filled`, () => {
      const scenario = builtinScenario(id)!;
      const state = createGame(scenario, 5, { rulesVersion: 2 });
      const slips = state.memberOrder.map((m) => secretSlip(state, m)!);
      expect(slips.every((s) => s && s.title.en && s.title.fr && s.text.en && s.text.fr)).toBe(true);
      for (const m of scenario.members) {
        const b = countryBrief(scenario, m.id);
        expect(b.constraints.allocation).toBeGreaterThan(0);
        expect(b.constraints.comfort).toBeGreaterThan(0);
        expect(b.position.regions.length).toBeGreaterThan(0);
        expect(b.allies.concat(b.opponents)).not.toContain(m.id);
      }
      for (const locale of ['en', 'fr'] as const) {
        const page = renderBriefs(scenario, { locale, slips });
        expect((page.match(/<article class="brief"/g) ?? []).length).toBe(scenario.members.length);
        expect((page.match(/<article class="slip"/g) ?? []).length).toBe(scenario.members.length);
        expect(page).not.toMatch(/undefined|NaN|\{\w+\}|<script|https?:/);
        // Each slip follows its own member's brief.
        for (const m of scenario.members) expect(page.indexOf(`id="slip-${m.id}"`)).toBeGreaterThan(page.indexOf(`id="brief-${m.id}"`));
      }
    });
  }

  it('without slips, a brief holds no secret objective; one member only when asked', () => {
    const scenario = builtinScenario('classroom')!;
    const state = createGame(scenario, 5);
    const page = renderBriefs(scenario, { members: ['POL'] });
    expect(page).not.toContain('class="slip"');
    expect(page).toContain('id="brief-POL"');
    expect(page).not.toContain('id="brief-DEU"');
    expect(page).not.toContain(secretSlip(state, 'POL')!.title.en);
  });

  it('reads the scenario: the US starts outside the fund, Poland faces the Eastern Flank, names are escaped', () => {
    const scenario = builtinScenario('classroom')!;
    expect(countryBrief(scenario, 'USA').position).toMatchObject({ inFund: false, hegemon: true });
    expect(countryBrief(scenario, 'POL').interests.map((i) => i.track)).toContain('eastern-flank');
    const hostile = { ...scenario, members: scenario.members.map((m) => (m.id === 'POL' ? { ...m, name: { en: '<img src=x onerror=alert(1)>', fr: 'x' } } : m)) };
    expect(renderBriefs(hostile)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(() => countryBrief(scenario, 'XXX')).toThrow(/No member/);
  });
});

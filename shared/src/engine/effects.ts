import type { Effect, Region } from '../scenario/schema.ts';
import type { GameState, MemberId } from './types.ts';

/** R9.1 whether a state plays under rules version 2 or later. */
export const isV2 = (state: GameState): boolean => (state.options.rulesVersion ?? 1) >= 2;

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
/** Levels (threat, capability, meters) move in tenths; rounding keeps binary fractions out. */
export const level = (x: number): number => clamp(Math.round(x * 10) / 10, 0, 10);

export function membersIn(state: GameState, target: { regions?: readonly Region[]; members?: readonly MemberId[] }): MemberId[] {
  if (!target.regions && !target.members) return [...state.memberOrder];
  return state.memberOrder.filter((id) => {
    if (target.members?.includes(id)) return true;
    const spec = state.scenario.members.find((m) => m.id === id)!;
    return target.regions?.some((r) => spec.regions.includes(r)) ?? false;
  });
}

export function addSupport(state: GameState, member: MemberId, delta: number): void {
  const m = state.members[member]!;
  m.support = clamp(Math.round(m.support + delta), 0, 100);
}

/**
 * R6.2 applies one effect of an event or a delivered project. Allocation multipliers are not here:
 * they change the briefing's payment (R3.1) and are read there.
 */
export function applyEffect(state: GameState, effect: Effect): void {
  switch (effect.kind) {
    case 'threat': {
      const t = state.tracks[effect.track];
      if (t) t.threat = level(t.threat + effect.delta);
      return;
    }
    case 'capability': {
      const t = state.tracks[effect.track];
      if (t) t.capability = level(t.capability + effect.delta);
      return;
    }
    case 'meter':
      state.meters[effect.meter] = level(state.meters[effect.meter] + effect.delta);
      return;
    case 'support':
      for (const id of membersIn(state, effect)) addSupport(state, id, effect.delta);
      return;
    case 'allocation':
      return;
    case 'delay':
      for (const p of state.proposals) {
        if (p.status === 'funded' && p.deliverRound !== undefined) p.deliverRound += effect.rounds;
      }
      return;
  }
}

/** R3.12 an amended cost scales a project's capability and meter effects proportionally. */
export function scaleEffects(effects: readonly Effect[], factor: number): Effect[] {
  return effects.map((e) =>
    e.kind === 'capability' || e.kind === 'threat' || e.kind === 'meter'
      ? { ...e, delta: Math.round(e.delta * factor * 10) / 10 }
      : e,
  );
}

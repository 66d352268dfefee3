import type { MemberId, Pledge } from './types.ts';

export interface Settlement {
  /** What each member actually gives (0 for a pledge that fell away). */
  amounts: Record<MemberId, number>;
  honoured: MemberId[];
  fallen: MemberId[];
  total: number;
}

/**
 * R3.4 conditional pledges settle when pledging closes: assume every condition holds, drop each
 * pledge whose condition then fails, repeat until nothing changes — the largest consistent set.
 * R3.5 a matching pledge gives the matched member's settled amount, up to its own amount (the cap),
 * and falls away when that comes to nothing.
 */
export function settlePledges(pledges: Record<MemberId, Pledge>, order: readonly MemberId[]): Settlement {
  const ids = order.filter((id) => pledges[id] !== undefined && pledges[id]!.amount > 0);
  const active = new Set(ids);

  const effective = (): Record<MemberId, number> => {
    const amounts: Record<MemberId, number> = {};
    for (const id of ids) amounts[id] = active.has(id) ? pledges[id]!.amount : 0;
    // Matches only ever shrink from their caps, so this reaches a fixed point within |ids| passes.
    for (let pass = 0; pass <= ids.length; pass++) {
      let changed = false;
      for (const id of ids) {
        const c = pledges[id]!.condition;
        if (!active.has(id) || c?.kind !== 'match') continue;
        const matched = active.has(c.member) ? (amounts[c.member] ?? 0) : 0;
        const value = Math.min(pledges[id]!.amount, matched);
        if (value !== amounts[id]) { amounts[id] = value; changed = true; }
      }
      if (!changed) break;
    }
    return amounts;
  };

  let amounts = effective();
  for (;;) {
    const total = ids.reduce((sum, id) => sum + (amounts[id] ?? 0), 0);
    const failing = ids.filter((id) => {
      if (!active.has(id)) return false;
      const c = pledges[id]!.condition;
      if (!c) return false;
      switch (c.kind) {
        case 'total-at-least': return total < c.total;
        case 'member-at-least': return (amounts[c.member] ?? 0) < c.amount;
        case 'match': return (amounts[id] ?? 0) <= 0;
      }
    });
    if (failing.length === 0) break;
    for (const id of failing) active.delete(id);
    amounts = effective();
  }

  const honoured = ids.filter((id) => active.has(id));
  const fallen = ids.filter((id) => !active.has(id));
  const out: Record<MemberId, number> = {};
  for (const id of ids) out[id] = active.has(id) ? amounts[id]! : 0;
  return { amounts: out, honoured, fallen, total: honoured.reduce((s, id) => s + out[id]!, 0) };
}

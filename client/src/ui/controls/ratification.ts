import { carriedAtHome, costShares, riskAtHome, type Scenario } from '@aspf/shared';
import { t } from '../../i18n/index.ts';
import type { ClientState } from '../../store/store.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { bn, num, pct } from '../format.ts';

/** A cost share with one decimal (0.096 → "9.6 %" in the reader's locale). */
const pctFine = (x: number): string => `${num(x * 100, 1)} %`;

export interface RatificationSelection {
  /** The delegation's share of every common-budget project (0–1, docs/RULES.md R9.3). */
  costShare: number;
  /** Whether the scenario plays two-level ratification; the figures below are 0 when not. */
  ratification: boolean;
  /** What domestic support carries this round without a vote at home ($m). */
  carried: number;
  /** The pledge the risk is for ($m; 0: none yet). */
  pledge: number;
  /** Its chance of failing at home (0–0.95). */
  risk: number;
  /** The risk of pledging the whole allocation, so the slope is visible before pledging. */
  riskAtAllocation: number;
}

/**
 * The delegation's bills at home. Its share of common-budget costs (R9.3: sessions play rules
 * version 2, the United States capped at the largest other member), and, where the scenario plays
 * two-level ratification (R9.6–R9.7), what its parliament carries and the risk of its pledge
 * failing at home, before and after it pledges. The room's public row carries the
 * figure for a public pledge; a sealed pledge is seen only by its maker, so its risk is worked out
 * here from the same formula (shared/src/engine/resolution.ts) and the delegation's own row.
 */
export function selectRatification(s: Pick<ClientState, 'scenario' | 'seat' | 'table'>): RatificationSelection | null {
  const id = s.seat?.member;
  const me = id && s.table ? s.table.members[id] : undefined;
  const scenario: Scenario | null = s.scenario;
  if (!id || !me || !scenario || s.table?.phase === 'ended') return null;
  const costShare = costShares(scenario, 2)[id] ?? 0;
  if (!scenario.ratification) return { costShare, ratification: false, carried: 0, pledge: 0, risk: 0, riskAtAllocation: 0 };
  const inputs = { constants: scenario.constants, allocation: me.allocation, support: me.support };
  const publicPledge = me.pledge ? (me.pledge.settled >= 0 ? me.pledge.settled : me.pledge.amount) : null;
  const pledge = publicPledge ?? me.sealed?.amount ?? 0;
  return {
    costShare,
    ratification: true,
    carried: carriedAtHome(inputs),
    pledge,
    risk: publicPledge !== null ? me.ratificationRisk / 100 : riskAtHome(inputs, pledge),
    riskAtAllocation: riskAtHome(inputs, me.allocation),
  };
}

export const ratification = control('ratification', selectRatification, (v) => {
  if (!v) return null;
  return h('section', { class: 'card ratification', 'aria-labelledby': 'ratification-title' },
    h('h2', { id: 'ratification-title' }, t('ratify.title')),
    h('p', { id: 'common-share' }, t('ratify.share', { share: pctFine(v.costShare) })),
    v.ratification ? h('p', { id: 'ratification-carried' }, t('ratify.carried', { amount: bn(v.carried) })) : null,
    v.ratification ? h('p', { id: 'ratification-risk' },
      v.pledge > 0 ? t('ratify.risk', { amount: bn(v.pledge), risk: pct(v.risk) }) : t('ratify.none')) : null,
    v.ratification ? h('p', { class: 'hint' }, t('ratify.slope', { risk: pct(v.riskAtAllocation) })) : null,
  );
});

import type { PledgeRow } from '@aspf/shared/protocol';
import { t, tx, type MessageKey } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { bn, num } from '../format.ts';
import { memberName } from '../names.ts';

/** A pledge's condition in words, so a conditional pledge is visible after it is made (issue #14). */
export function conditionText(p: Pick<PledgeRow, 'condition' | 'target' | 'threshold'>, name: (id: string) => string): string {
  if (p.condition === 'total-at-least') return t('pledge.cond.total', { amount: bn(p.threshold) });
  if (p.condition === 'member-at-least') return t('pledge.cond.member', { member: name(p.target), amount: bn(p.threshold) });
  if (p.condition === 'match') return t('pledge.cond.match', { member: name(p.target) });
  return t('pledge.cond.none');
}

/** The delegation's own panel: budget, support, its pledge and condition, objective, team code, how it scores. */
export const myPanel = control('my-panel',
  (s) => {
    const id = s.seat?.member;
    const me = id && s.table ? s.table.members[id] : undefined;
    if (!id || !me || !s.scenario || !s.table) return null;
    const pledge: PledgeRow | null = me.pledge ?? me.sealed ?? null;
    return { id, scenario: s.scenario, balance: me.balance, allocation: me.allocation, support: me.support, pool: s.table.pool, score: me.score.total,
      objective: s.scenario.objectives.find((o) => o.id === me.objective) ?? null, pledge, moved: s.movedFrom !== null, teamCode: s.teamCode };
  },
  (v) => {
    if (!v) return null;
    const name = (id: string) => memberName(v.scenario, id);
    const p = v.pledge;
    return h('section', { class: 'card me', 'aria-labelledby': 'me-title' },
      h('h2', { id: 'me-title' }, `${name(v.id)} (${v.id})`),
      v.moved ? h('p', { class: 'notice' }, t('conn.moved', { member: name(v.id) })) : null,
      v.teamCode ? h('p', { class: 'team-code', id: 'team-code' }, t('team.code', { code: v.teamCode })) : null,
      h('dl', { class: 'stats' },
        h('dt', {}, t('table.balance')), h('dd', {}, bn(v.balance)),
        h('dt', {}, t('table.allocation')), h('dd', {}, bn(v.allocation)),
        h('dt', {}, t('table.support')), h('dd', {}, `${v.support}/100`),
        h('dt', {}, t('table.pool')), h('dd', {}, bn(v.pool)),
        p ? h('dt', {}, t('table.seat.pledge')) : null,
        p ? h('dd', { id: 'my-pledge' }, `${bn(p.settled >= 0 ? p.settled : p.amount)} — ${t(`pledge.${p.status}` as MessageKey)} · ${conditionText(p, name)}`) : null,
      ),
      v.objective ? h('div', { class: 'objective' },
        h('h3', {}, `${t('table.objective')}: ${tx(v.objective.title)}`),
        h('p', {}, tx(v.objective.text)),
      ) : null,
      h('details', { class: 'scoring', id: 'scoring' },
        h('summary', {}, `${t('score.title')} — ${t('score.now', { total: num(v.score) })}`),
        h('p', {}, t('score.text'))),
    );
  });

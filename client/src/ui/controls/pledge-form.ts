import type { LegalAction, PledgeCondition } from '@aspf/shared';
import { t, tx } from '../../i18n/index.ts';
import { refuse, send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h, option } from '../dom.ts';
import { bn, parseBn } from '../format.ts';
import { rejectionFor } from '../names.ts';
import { conditionText } from './my-panel.ts';

type PledgeLegal = Extract<LegalAction, { type: 'pledge' }>;

/**
 * The pledge form. Amounts are typed as text with `inputmode="decimal"`: a number input would turn a
 * French "2,5" into 25 or nothing; `parseBn` reads either separator (issue #14). The hint shows the
 * exact limits the server checks (two decimals when needed), from this seat's legal actions.
 */
export const pledgeForm = control('pledge-form',
  (s) => {
    const l = s.legal.find((x): x is PledgeLegal => x.type === 'pledge');
    if (!l || !s.seat?.member || !s.scenario) return null;
    const me = s.table?.members[s.seat.member];
    return { l, me: s.seat.member, members: s.scenario.members, raising: s.table?.phase === 'negotiation', rejection: s.rejection?.control === 'pledge' ? s.rejection : null,
      pledge: me?.pledge ?? null, scenario: s.scenario };
  },
  (v) => {
    if (!v) return null;
    const { l } = v;
    const others = v.members.filter((m) => m.id !== v.me);
    const amount = h('input', { id: 'pledge-amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', required: true, 'aria-describedby': 'pledge-range' });
    const kind = h('select', { id: 'pledge-condition' },
      option('', t('pledge.condition.none'), true),
      option('total-at-least', t('pledge.condition.total')),
      option('member-at-least', t('pledge.condition.member')),
      option('match', t('pledge.condition.match')));
    const target = h('select', { id: 'pledge-target' }, ...others.map((m) => option(m.id, `${tx(m.name)} (${m.id})`)));
    const threshold = h('input', { id: 'pledge-threshold', type: 'text', inputmode: 'decimal', autocomplete: 'off' });
    const conditionFields = h('div', { class: 'condition-fields' }, field(t('pledge.conditionMember'), target), field(t('pledge.conditionAmount'), threshold));
    const sync = () => {
      conditionFields.hidden = kind.value === '';
      target.disabled = !(kind.value === 'member-at-least' || kind.value === 'match');
      threshold.disabled = !(kind.value === 'total-at-least' || kind.value === 'member-at-least');
    };
    kind.addEventListener('change', sync);
    sync();
    const name = (id: string) => tx(v.members.find((m) => m.id === id)?.name) || id;
    const form = h('form', { class: 'card action', 'aria-labelledby': 'pledge-title', novalidate: true },
      h('h2', { id: 'pledge-title' }, t('pledge.title')),
      field(t('pledge.amount'), amount),
      h('p', { class: 'hint', id: 'pledge-range' }, t('pledge.range', { min: bn(l.min), max: bn(l.max) }), l.current ? ` · ${t('pledge.current', { amount: bn(l.current) })}` : ''),
      v.pledge ? h('p', { class: 'hint', id: 'pledge-made' }, t('pledge.yourCondition', { amount: bn(v.pledge.amount), condition: conditionText(v.pledge, name) })) : null,
      l.conditional ? field(t('pledge.condition'), kind) : null,
      l.conditional ? conditionFields : null,
      h('button', { type: 'submit', class: 'primary' }, v.raising ? t('pledge.raise') : t('pledge.button')),
      rejectionFor(v.rejection, 'pledge', { max: l.max }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const value = parseBn(amount.value);
      const bound = l.conditional && (kind.value === 'total-at-least' || kind.value === 'member-at-least') ? parseBn(threshold.value) : 0;
      if (Number.isNaN(value) || Number.isNaN(bound)) return refuse('pledge', 'client/not_a_number');
      let condition: PledgeCondition | undefined;
      if (l.conditional && kind.value === 'total-at-least') condition = { kind: 'total-at-least', total: bound };
      if (l.conditional && kind.value === 'member-at-least') condition = { kind: 'member-at-least', member: target.value, amount: bound };
      if (l.conditional && kind.value === 'match') condition = { kind: 'match', member: target.value };
      void send('pledge', condition ? { amount: value, condition } : { amount: value }, 'pledge');
    });
    return form;
  });

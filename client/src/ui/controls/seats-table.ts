import { t, tx, type MessageKey } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { bn, num } from '../format.ts';
import { profileName } from '../names.ts';

/**
 * The delegations as an HTML table (for screen readers and small screens; the canvas shows the
 * same). Narrow screens show it as one card per row (CSS), so nothing scrolls sideways.
 */
export const seatsTable = control('seats-table',
  (s) => (s.table && s.scenario ? {
    members: s.scenario.members.map((spec) => ({ spec, m: s.table!.members[spec.id] })).filter((x) => x.m),
    players: Object.values(s.table.players).map((p) => ({ name: p.name, member: p.member, role: p.role })),
    mine: s.seat?.member ?? null, sealed: s.table.sealedPledges && s.table.phase === 'pledging',
  } : null),
  (v) => {
    if (!v) return null;
    const cols = ['table.seat.member', 'table.seat.controller', 'table.seat.players', 'table.seat.pledge', 'table.seat.support', 'table.seat.score'] as const;
    return h('section', { class: 'card seats', 'aria-labelledby': 'seats-title' },
      h('h2', { id: 'seats-title' }, t('table.seats')),
      h('table', { class: 'stacked' },
        h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, ...v.members.map(({ spec, m }) => {
          const names = v.players.filter((p) => p.role === 'member' && p.member === spec.id).map((p) => p.name).join(', ');
          const pledge = m!.pledge ? `${bn(m!.pledge.settled >= 0 ? m!.pledge.settled : m!.pledge.amount)} (${t(`pledge.${m!.pledge.status}` as MessageKey)})` : v.sealed ? t('pledge.sealed') : '—';
          const cell = (k: (typeof cols)[number], value: string | number) => h('td', { 'data-label': t(k) }, value);
          return h('tr', { class: spec.id === v.mine ? 'mine' : '' },
            h('th', { scope: 'row' }, `${tx(spec.name)} (${spec.id})${spec.id === v.mine ? ` — ${t('table.you')}` : ''}${m!.participant ? ' ★' : ''}`),
            cell('table.seat.controller', m!.seat === 'bot' ? t('seat.bot', { profile: profileName(m!.profile) }) : t(`seat.${m!.seat}` as MessageKey)),
            cell('table.seat.players', names || '—'),
            cell('table.seat.pledge', pledge),
            cell('table.seat.support', m!.support),
            cell('table.seat.score', num(m!.score.total, 1)));
        })),
      ),
      h('p', { class: 'hint' }, `★ ${t('table.participant')}`),
    );
  });

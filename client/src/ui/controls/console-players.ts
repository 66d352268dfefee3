import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { h, option } from '../dom.ts';
import { memberName, rejectionFor } from '../names.ts';

/**
 * Every delegate and observer: where they sit and whether they are here; move one to another seat,
 * remove one (asked first), or remove every observer at once.
 */
export const consolePlayers = control('console-players',
  (s) => (s.table && s.scenario ? {
    scenario: s.scenario, ended: s.table.phase === 'ended',
    people: Object.entries(s.table.players).filter(([, p]) => p.role !== 'facilitator').map(([id, p]) => ({ id, name: p.name, role: p.role, member: p.member, status: p.status })),
    rejection: s.rejection?.control === 'players' ? s.rejection : null,
  } : null),
  (v) => {
    if (!v || !v.people.length) return null;
    const observers = v.people.some((p) => p.role === 'observer');
    return h('details', { class: 'card group players-console', id: 'console-players', open: true },
      h('summary', {}, t('fac.players')),
      h('table', { class: 'seat-console stacked' },
        h('tbody', {}, ...v.people.map((p) => {
          const where = h('select', { id: `move-${p.id}`, 'aria-label': t('fac.moveTo', { name: p.name }) },
            ...v.scenario.members.filter((m) => m.id !== p.member || p.role !== 'member').map((m) => option(m.id, `${memberName(v.scenario, m.id)} (${m.id})`)));
          return h('tr', {},
            h('th', { scope: 'row' }, p.name),
            h('td', {}, p.role === 'member' ? `${memberName(v.scenario, p.member)} (${p.member})` : t('fac.observer')),
            h('td', {}, t(`fac.status.${p.status}` as never)),
            h('td', { class: 'actions' }, where,
              h('button', { type: 'button', disabled: v.ended, onclick: () => void send('move', { player: p.id, member: where.value }, 'players') }, t('fac.move', { name: p.name })),
              h('button', { type: 'button', class: 'danger', onclick: () => { if (confirm(t('fac.kickConfirm', { name: p.name }))) void send('kick', { player: p.id }, 'players'); } }, t('fac.kick', { name: p.name })),
            ),
          );
        })),
      ),
      observers ? h('button', { type: 'button', class: 'danger', id: 'remove-observers', onclick: () => { if (confirm(t('fac.removeObserversConfirm'))) void send('removeObservers', {}, 'players', t('fac.done')); } }, t('fac.removeObservers')) : null,
      rejectionFor(v.rejection, 'players'),
    );
  });

import { t, tx } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h, option } from '../dom.ts';
import { memberName, rejectionFor } from '../names.ts';

/**
 * An observer's way to a seat (issue #11): choose a delegation and, for one that already has
 * players, type their team code — or leave it empty to ask the facilitator. A pending request is
 * shown until the facilitator answers.
 */
export const seatRequest = control('seat-request',
  (s) => {
    if (s.seat?.role !== 'observer' || !s.scenario || !s.table) return null;
    const request = s.seat.request ?? s.table.players[s.seat.player]?.request ?? '';
    return { scenario: s.scenario, request, seats: s.scenario.members.map((m) => ({ id: m.id, seat: s.table!.members[m.id]?.seat ?? 'open' })),
      rejection: s.rejection?.control === 'request' ? s.rejection : null };
  },
  (v) => {
    if (!v) return null;
    const member = h('select', { id: 'request-member' }, ...v.seats.filter((x) => x.seat !== 'bot').map((x) => option(x.id, `${tx(v.scenario.members.find((m) => m.id === x.id)?.name)} (${x.id}) — ${x.seat === 'open' ? t('join.seat.free') : t('seat.human')}`, x.id === v.request)));
    const code = h('input', { id: 'request-code', maxlength: 12, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
    const form = h('form', { class: 'card action seat-request', 'aria-labelledby': 'request-title' },
      h('h2', { id: 'request-title' }, t('team.request')),
      v.request ? h('p', { class: 'notice', id: 'request-pending' }, t('guide.observer.pending', { member: memberName(v.scenario, v.request) })) : null,
      field(t('team.choose'), member),
      field(t('join.teamCode'), code),
      h('p', { class: 'hint' }, t('join.teamHint')),
      h('button', { type: 'submit', class: 'primary' }, t('team.requestButton')),
      rejectionFor(v.rejection, 'request'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const teamCode = code.value.trim().toUpperCase();
      void send('requestSeat', teamCode ? { member: member.value, teamCode } : { member: member.value }, 'request');
    });
    return form;
  });

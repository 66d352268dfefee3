import { BOT_PROFILES } from '@aspf/shared';
import { t, type MessageKey } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { h, option } from '../dom.ts';
import { memberName, profileName, rejectionFor } from '../names.ts';

/** Each member state's seat: hand it to a bot (with a profile), to humans, or free it; its team code. */
export const consoleSeats = control('console-seats',
  (s) => (s.table && s.scenario ? {
    scenario: s.scenario, seats: s.scenario.members.map((m) => ({ id: m.id, seat: s.table!.members[m.id]?.seat ?? 'open', profile: s.table!.members[m.id]?.profile ?? '' })),
    teamCodes: s.teamCodes, rejection: s.rejection?.control === 'seats' ? s.rejection : null,
  } : null),
  (v) => {
    if (!v) return null;
    const hasCodes = Object.keys(v.teamCodes).length > 0;
    return h('details', { class: 'card group', id: 'console-seats', open: true },
      h('summary', {}, t('fac.seats')),
      h('table', { class: 'seat-console stacked' },
        h('tbody', {}, ...v.seats.map((x) => {
          const profile = h('select', { id: `profile-${x.id}`, 'aria-label': `${t('fac.profile')}: ${x.id}` }, ...BOT_PROFILES.map((p) => option(p, profileName(p), p === (x.profile || 'steady'))));
          return h('tr', {},
            h('th', { scope: 'row' }, `${memberName(v.scenario, x.id)} (${x.id})`),
            h('td', {}, x.seat === 'bot' ? t('seat.bot', { profile: profileName(x.profile) }) : t(`seat.${x.seat}` as MessageKey)),
            hasCodes ? h('td', { class: 'code' }, v.teamCodes[x.id] ?? '') : null,
            h('td', { class: 'actions' }, profile,
              h('button', { type: 'button', disabled: x.seat === 'bot' && false, 'aria-label': `${t('fac.bot')}: ${x.id}`, onclick: () => void send('assignSeat', { member: x.id, controller: 'bot', profile: profile.value as never }, 'seats') }, t('fac.bot')),
              h('button', { type: 'button', disabled: x.seat === 'human', 'aria-label': `${t('fac.human')}: ${x.id}`, onclick: () => void send('assignSeat', { member: x.id, controller: 'human' }, 'seats') }, t('fac.human')),
              h('button', { type: 'button', disabled: x.seat === 'open', 'aria-label': `${t('fac.free')}: ${x.id}`, onclick: () => void send('freeSeat', { member: x.id }, 'seats') }, t('fac.free')),
            ),
          );
        })),
      ),
      hasCodes ? h('p', { class: 'hint' }, t('fac.teamCodes')) : null,
      rejectionFor(v.rejection, 'seats'),
    );
  });

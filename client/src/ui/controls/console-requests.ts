import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { memberName, rejectionFor } from '../names.ts';

/** Observers asking to join a delegation that already has players (issue #11): accept or refuse each. */
export const consoleRequests = control('console-requests',
  (s) => (s.table && s.scenario ? {
    scenario: s.scenario,
    requests: Object.entries(s.table.players).filter(([, p]) => p.request).map(([id, p]) => ({ id, name: p.name, member: p.request! })),
    rejection: s.rejection?.control === 'requests' ? s.rejection : null,
  } : null),
  (v) => {
    if (!v || (!v.requests.length && !v.rejection)) return null;
    return h('section', { class: 'card requests', 'aria-labelledby': 'requests-title' },
      h('h2', { id: 'requests-title' }, `${t('fac.requests')} (${v.requests.length})`),
      h('ul', {}, ...v.requests.map((r) => h('li', {},
        h('span', {}, t('fac.requestLine', { name: r.name, member: `${memberName(v.scenario, r.member)} (${r.member})` })), ' ',
        h('button', { type: 'button', class: 'primary', onclick: () => void send('admit', { player: r.id, accept: true }, 'requests') }, t('fac.accept', { name: r.name })),
        h('button', { type: 'button', class: 'danger', onclick: () => void send('admit', { player: r.id, accept: false }, 'requests') }, t('fac.refuse', { name: r.name }))))),
      rejectionFor(v.rejection, 'requests'),
    );
  });

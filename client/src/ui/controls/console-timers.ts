import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h } from '../dom.ts';
import { confirmationFor, rejectionFor } from '../names.ts';

const PHASES = ['briefing', 'pledging', 'proposals', 'negotiation', 'voting'] as const;

/** Phase timers in seconds, from the next phase on; the console says when they are set. */
export const consoleTimers = control('console-timers',
  (s) => (s.scenario ? { timers: s.scenario.timers, enabled: s.legal.some((l) => l.type === 'setTimers'), rejection: s.rejection?.control === 'timers' ? s.rejection : null, confirmed: s.confirmed } : null),
  (v) => {
    if (!v) return null;
    const inputs = PHASES.map((p) => h('input', { id: `timer-${p}`, type: 'number', min: 5, max: 3600, step: 5, value: v.timers[p], inputmode: 'numeric' }));
    return h('details', { class: 'card group', id: 'console-timers' }, h('summary', {}, t('fac.timers')),
      h('form', { class: 'inline', onsubmit: (e: Event) => {
        e.preventDefault();
        const timers = Object.fromEntries(PHASES.map((p, i) => [p, Math.round(Number(inputs[i]!.value))]));
        void send('setTimers', { timers }, 'timers', t('fac.timersSet'));
      } }, ...PHASES.map((p, i) => field(t(`phase.${p}`), inputs[i]!)), h('button', { type: 'submit', disabled: !v.enabled }, t('fac.timersButton'))),
      rejectionFor(v.rejection, 'timers'), confirmationFor(v.confirmed, 'timers'));
  });

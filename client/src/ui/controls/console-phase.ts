import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { rejectionFor } from '../names.ts';

/**
 * The facilitator's phase controls. A button the facilitator cannot use now is disabled and says
 * so (greyed, striped, `aria-disabled` text below); ending the game asks first.
 */
export const consolePhase = control('console-phase',
  (s) => ({ can: s.legal.map((l) => l.type), paused: s.table?.paused ?? false, pending: s.table?.control?.pendingInject ?? '',
    rejection: s.rejection?.control === 'phase' ? s.rejection : null}),
  (v) => {
    const can = (type: string) => v.can.includes(type as never);
    const btn = (label: string, type: 'start' | 'advance' | 'pause' | 'resume' | 'extend', payload: object, cls = '') =>
      h('button', { type: 'button', class: cls, disabled: !can(type), onclick: () => void send(type, payload as never, 'phase') }, label);
    return h('section', { class: 'card console', 'aria-labelledby': 'console-title' },
      h('h2', { id: 'console-title' }, t('fac.title')),
      h('div', { class: 'buttons phase-controls' },
        btn(t('fac.start'), 'start', {}, 'primary'),
        btn(t('fac.next'), 'advance', {}, 'primary'),
        v.paused ? btn(t('fac.resume'), 'resume', {}) : btn(t('fac.pause'), 'pause', {}),
        btn(t('fac.extend'), 'extend', { seconds: 60 }),
        h('button', { type: 'button', class: 'danger', disabled: !can('end'), onclick: () => { if (confirm(t('fac.endConfirm'))) void send('end', {}, 'phase'); } }, t('fac.end')),
      ),
      ['start', 'advance', 'end'].some((x) => !can(x)) ? h('p', { class: 'hint' }, t('fac.disabledHint')) : null,
      rejectionFor(v.rejection, 'phase'),
      v.pending ? h('p', { class: 'pending' }, t('fac.pending', { title: v.pending })) : null,
    );
  });

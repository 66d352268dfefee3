import { t, type MessageKey } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { clock } from '../format.ts';

/** The phase, the round and year, and the countdown (ticked each second by the screen's clock). */
export const phaseBar = control('phase-bar',
  (s) => (s.table && s.scenario ? { phase: s.table.phase, round: s.table.round, rounds: s.table.rounds, paused: s.table.paused, endsAt: s.table.endsAt, offset: s.clockOffset, startYear: s.scenario.startYear } : null),
  (v) => {
    if (!v) return h('div', { class: 'phase-bar' });
    const left = v.paused ? t('phase.paused') : v.endsAt > 0 ? t('phase.left', { time: clock(v.endsAt - (Date.now() + v.offset)) }) : '';
    return h('div', { class: `phase-bar phase-${v.phase}` },
      h('span', { class: 'phase-name' }, t(`phase.${v.phase}` as MessageKey)),
      v.round > 0 ? h('span', { class: 'round' }, t('phase.round', { round: v.round, rounds: v.rounds, year: v.startYear + Math.max(0, v.round - 1) })) : null,
      h('span', { class: 'countdown', 'data-ends-at': v.endsAt, 'data-paused': v.paused ? '1' : '0' }, left),
    );
  });

import { t } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { num } from '../format.ts';

/** The picture's legend, in the page beside it: what every mark on the table means. */
export const tableLegend = control('table-legend',
  (s) => ({ gap: s.scenario?.constants.crisisGap ?? 2 }),
  ({ gap }) => h('ul', { class: 'table-legend', 'aria-label': t('legend.title') },
    h('li', {}, t('legend.participant')),
    h('li', {}, t('legend.bot')),
    h('li', {}, t('legend.threat', { gap: num(gap, 1) })),
    h('li', {}, t('legend.votes'))));

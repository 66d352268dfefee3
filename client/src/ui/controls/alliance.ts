import { t, tx } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { num } from '../format.ts';

/** Tracks and meters as text: the same facts as the canvas, for screen readers and print. */
export const alliance = control('alliance',
  (s) => (s.table && s.scenario ? { tracks: s.scenario.tracks.map((spec) => ({ name: spec.name, row: s.table!.tracks[spec.id] ?? null })), cohesion: s.table.cohesion, usEngagement: s.table.usEngagement, autonomy: s.table.autonomy, gap: s.scenario.constants.crisisGap } : null),
  (v) => {
    if (!v) return null;
    return h('section', { class: 'card alliance', 'aria-labelledby': 'alliance-title' },
      h('h2', { id: 'alliance-title' }, t('table.tracks')),
      h('ul', {}, ...v.tracks.map(({ name, row }) => (row ? h('li', { class: row.crisis ? 'crisis' : '' }, `${tx(name)}${t('punct.colon')}${num(row.capability, 1)} / ${num(row.threat, 1)}${row.crisis ? ` — ⚠ ${t('table.crisis')}` : ''}`) : null))),
      h('p', { class: 'hint' }, t('legend.threat', { gap: num(v.gap, 1) })),
      h('h3', {}, t('table.meters')),
      h('ul', {}, ...(['cohesion', 'usEngagement', 'autonomy'] as const).map((k) => h('li', {}, `${t(`meter.${k}`)}${t('punct.colon')}${num(v[k], 1)} / 10`))),
    );
  });

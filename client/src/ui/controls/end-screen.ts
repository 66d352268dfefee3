import { t, tx, type MessageKey } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { num } from '../format.ts';
import { memberName } from '../names.ts';

/** Final scores, objectives revealed, the Alliance Index. */
export const endScreen = control('end-screen',
  (s) => (s.table?.phase === 'ended' && s.scenario ? { scenario: s.scenario, members: s.table.members, ended: s.table.ended, index: s.table.allianceIndex } : null),
  (v) => {
    if (!v) return null;
    const { scenario, members } = v;
    const ranked = scenario.members.map((m) => m.id).filter((id) => members[id]).sort((a, b) => members[b]!.score.total - members[a]!.score.total);
    return h('section', { class: 'card end', 'aria-labelledby': 'end-title' },
      h('h2', { id: 'end-title' }, t('end.title')),
      h('p', {}, t(`end.reason.${v.ended || 'rounds'}` as MessageKey)),
      h('p', { class: 'index' }, t('end.index', { value: v.index })),
      h('table', { class: 'stacked' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('table.seat.member')), h('th', { scope: 'col' }, t('table.seat.score')), h('th', { scope: 'col' }, t('end.objective')))),
        h('tbody', {}, ...ranked.map((id) => {
          const m = members[id]!;
          const o = scenario.objectives.find((x) => x.id === m.objective);
          return h('tr', {}, h('th', { scope: 'row' }, `${memberName(scenario, id)} (${id})`), h('td', { 'data-label': t('table.seat.score') }, num(m.score.total)),
            h('td', { 'data-label': t('end.objective') }, o ? `${tx(o.title)} — ${m.score.objectives > 0 ? `✔ ${t('end.met')}` : `✘ ${t('end.notMet')}`}` : '—'));
        })),
      ),
      h('p', { class: 'hint' }, t('end.lesson')),
    );
  });

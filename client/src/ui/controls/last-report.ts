import { t, tx } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { proposalName } from '../names.ts';

/** The last round's report: outcomes, what was funded, crises. */
export const lastReport = control('last-report',
  (s) => {
    const report = s.reports.at(-1);
    return report && s.scenario ? { report, scenario: s.scenario, proposals: s.table?.proposals ?? {} } : null;
  },
  (v) => {
    if (!v) return null;
    const { report, scenario } = v;
    const names = (ids: string[]) => ids.map((id) => (v.proposals[id] ? proposalName(scenario, v.proposals[id]) : id)).join(', ') || t('report.none');
    const tracks = (ids: string[]) => ids.map((id) => tx(scenario.tracks.find((x) => x.id === id)?.name)).join(', ') || t('report.none');
    return h('section', { class: 'card report', 'aria-labelledby': 'report-title' },
      h('h2', { id: 'report-title' }, t('report.title', { round: report.round })),
      h('ul', {},
        ...report.proposals.map((p) => h('li', {}, `${p.id} ${tx(p.name)}: ${t(p.outcome === 'approved' ? (p.funded ? 'status.funded' : 'status.approved') : p.outcome === 'withdrawn' ? 'status.withdrawn' : 'status.rejected')}${p.tally?.vetoedBy.length ? ` — ${t('tally.veto', { list: p.tally.vetoedBy.join(', ') })}` : ''}`)),
        h('li', {}, t('report.funded', { list: names(report.funded) })),
        h('li', {}, t('report.crises', { list: tracks(report.crises) })),
      ),
    );
  });

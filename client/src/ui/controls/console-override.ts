import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h, option } from '../dom.ts';
import { confirmationFor, proposalName, rejectionFor } from '../names.ts';

/** Decide an open proposal's outcome, with a reason that goes into the log and the report. */
export const consoleOverride = control('console-override',
  (s) => ({ scenario: s.scenario, open: Object.entries(s.table?.proposals ?? {}).filter(([, p]) => p.status === 'open').map(([id, p]) => ({ id, project: p.project, name: p.name })),
    rejection: s.rejection?.control === 'override' ? s.rejection : null, confirmed: s.confirmed }),
  (v) => {
    if (!v.open.length) return null;
    const proposal = h('select', { id: 'override-proposal' }, ...v.open.map((p) => option(p.id, `${p.id} · ${proposalName(v.scenario, p)}`)));
    const outcome = h('select', { id: 'override-outcome' }, option('approved', t('fac.approve')), option('rejected', t('fac.reject')));
    const reason = h('input', { id: 'override-reason', minlength: 3, maxlength: 300, required: true });
    return h('details', { class: 'card group', id: 'console-override' }, h('summary', {}, t('fac.override')),
      h('form', { class: 'stack', onsubmit: (e: Event) => {
        e.preventDefault();
        void send('override', { target: { kind: 'proposal', proposal: proposal.value, outcome: outcome.value as 'approved' | 'rejected' }, reason: reason.value }, 'override', t('fac.done'));
      } }, field(t('fac.overrideProposal'), proposal), field(t('fac.overrideOutcome'), outcome), field(t('fac.overrideReason'), reason),
      h('button', { type: 'submit' }, t('fac.overrideButton')), rejectionFor(v.rejection, 'override'), confirmationFor(v.confirmed, 'override')));
  });

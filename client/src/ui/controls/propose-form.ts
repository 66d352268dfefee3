import type { LegalAction } from '@aspf/shared';
import { t, tx } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h, option, replace } from '../dom.ts';
import { bn } from '../format.ts';
import { rejectionFor } from '../names.ts';
import { deliveryText, effectsText, hegemonWarning } from './effects.ts';

type ProposeLegal = Extract<LegalAction, { type: 'propose' }>;

/** Table a project: each project says what it does and when it delivers before anyone chooses it. */
export const proposeForm = control('propose-form',
  (s) => {
    const l = s.legal.find((x): x is ProposeLegal => x.type === 'propose');
    if (!l || !s.scenario) return null;
    const participants = Object.fromEntries(Object.entries(s.table?.members ?? {}).map(([id, m]) => [id, m.participant]));
    return { projects: l.projects, scenario: s.scenario, participants, rejection: s.rejection?.control === 'propose' ? s.rejection : null };
  },
  (v) => {
    if (!v) return null;
    const scenario = v.scenario;
    const projects = v.projects.map((id) => scenario.projects.find((p) => p.id === id)!).filter(Boolean);
    const project = h('select', { id: 'propose-project' }, ...projects.map((p, i) => option(p.id, `${tx(p.name)} — ${bn(p.cost)}`, i === 0)));
    const channel = h('select', { id: 'propose-channel' }, option('fund', t('propose.channel.fund'), true), option('common', t('propose.channel.common')));
    const description = h('div', { class: 'hint', id: 'propose-description', 'aria-live': 'polite' });
    const describe = () => {
      const p = scenario.projects.find((x) => x.id === project.value);
      const warn = channel.value === 'fund' ? hegemonWarning(scenario, v.participants) : null;
      replace(description, ...(p ? [h('p', {}, tx(p.description)), h('p', { class: 'effects' }, `${effectsText(p, scenario)} · ${deliveryText(p.delay)}`), warn ? h('p', { class: 'warning' }, warn) : null] : []));
    };
    project.addEventListener('change', describe);
    channel.addEventListener('change', describe);
    describe();
    const form = h('form', { class: 'card action', 'aria-labelledby': 'propose-title' },
      h('h2', { id: 'propose-title' }, t('propose.title')),
      field(t('propose.project'), project),
      description,
      field(t('propose.channel'), channel),
      h('button', { type: 'submit', class: 'primary' }, t('propose.button')),
      rejectionFor(v.rejection, 'propose'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void send('propose', { project: project.value, channel: channel.value as 'fund' | 'common' }, 'propose');
    });
    return form;
  });

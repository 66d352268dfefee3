import { BOT_PROFILES } from '@aspf/shared';
import { t, tx } from '../i18n/index.ts';
import { send } from '../net/connection.ts';
import type { ClientState } from '../store/store.ts';
import { field, h, option } from './dom.ts';
import { memberName, proposalName, rejectionFor } from './table.ts';

/**
 * The facilitator console: phase controls and timers, injects from the deck or written on the spot,
 * announcements, seats (bot, human, free), players (move to another seat, remove), overrides with a
 * logged reason.
 * Buttons are enabled from the facilitator's legal actions.
 */
export function facilitatorConsole(s: ClientState): HTMLElement {
  const can = (type: string) => s.legal.some((l) => l.type === type);
  const btn = (label: string, type: string, payload: object, cls = '') =>
    h('button', { type: 'button', class: cls, disabled: !can(type), onclick: () => void send(type as never, payload as never, 'phase') }, label);
  const table = s.table;
  return h('section', { class: 'card console', 'aria-labelledby': 'console-title' },
    h('h2', { id: 'console-title' }, t('fac.title')),
    h('div', { class: 'buttons phase-controls' },
      btn(t('fac.start'), 'start', {}, 'primary'),
      btn(t('fac.next'), 'advance', {}, 'primary'),
      table?.paused ? btn(t('fac.resume'), 'resume', {}) : btn(t('fac.pause'), 'pause', {}),
      btn(t('fac.extend'), 'extend', { seconds: 60 }),
      h('button', { type: 'button', class: 'danger', disabled: !can('end'), onclick: () => { if (confirm(t('fac.endConfirm'))) void send('end', {}, 'phase'); } }, t('fac.end')),
    ),
    rejectionFor(s, 'phase'),
    table?.control?.pendingInject ? h('p', { class: 'pending' }, t('fac.pending', { title: table.control.pendingInject })) : null,
    injectForms(s, can('inject')),
    timersForm(s, can('setTimers')),
    announceForm(s),
    seatsConsole(s),
    overrideForm(s),
  );
}

function injectForms(s: ClientState, enabled: boolean): HTMLElement {
  const deck = h('select', { id: 'inject-event' }, ...(s.scenario?.events ?? []).map((e) => option(e.id, tx(e.title))));
  const title = h('input', { id: 'inject-title', maxlength: 120 });
  const text = h('textarea', { id: 'inject-text', maxlength: 1000, rows: 2 });
  const fromDeck = h('form', { class: 'inline', onsubmit: (e: Event) => { e.preventDefault(); void send('inject', { event: deck.value }, 'inject'); } },
    field(t('fac.injectDeck'), deck), h('button', { type: 'submit', disabled: !enabled }, t('fac.injectButton')));
  const written = h('form', { class: 'stack', onsubmit: (e: Event) => {
    e.preventDefault();
    const event = { title: { en: title.value.trim(), fr: title.value.trim() }, text: { en: text.value.trim(), fr: text.value.trim() }, effects: [] };
    void send('inject', { event }, 'inject');
  } }, field(t('fac.customTitle'), title), field(t('fac.customText'), text), h('button', { type: 'submit', disabled: !enabled }, t('fac.customButton')));
  return h('details', { class: 'group' }, h('summary', {}, t('fac.inject')), fromDeck, h('h3', {}, t('fac.custom')), written, rejectionFor(s, 'inject'));
}

function timersForm(s: ClientState, enabled: boolean): HTMLElement | null {
  if (!s.scenario) return null;
  const phases = ['briefing', 'pledging', 'proposals', 'negotiation', 'voting'] as const;
  const inputs = phases.map((p) => h('input', { id: `timer-${p}`, type: 'number', min: 5, max: 3600, step: 5, value: s.scenario!.timers[p] }));
  return h('details', { class: 'group' }, h('summary', {}, t('fac.timers')),
    h('form', { class: 'inline', onsubmit: (e: Event) => {
      e.preventDefault();
      const timers = Object.fromEntries(phases.map((p, i) => [p, Math.round(Number(inputs[i]!.value))]));
      void send('setTimers', { timers }, 'timers');
    } }, ...phases.map((p, i) => field(t(`phase.${p}`), inputs[i]!)), h('button', { type: 'submit', disabled: !enabled }, t('fac.timersButton'))),
    rejectionFor(s, 'timers'));
}

function announceForm(s: ClientState): HTMLElement {
  const text = h('input', { id: 'announce-text', maxlength: 500 });
  const form = h('form', { class: 'inline', onsubmit: async (e: Event) => {
    e.preventDefault();
    if (await send('announce', { text: text.value }, 'announce')) text.value = '';
  } }, field(t('fac.announce'), text), h('button', { type: 'submit' }, t('fac.announceButton')), rejectionFor(s, 'announce'));
  return form;
}

function seatsConsole(s: ClientState): HTMLElement | null {
  const { table, scenario } = s;
  if (!table || !scenario) return null;
  return h('details', { class: 'group', open: true },
    h('summary', {}, t('fac.seats')),
    h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': t('fac.seats') }, h('table', { class: 'seat-console' },
      h('tbody', {}, ...scenario.members.map((spec) => {
        const m = table.members[spec.id];
        if (!m) return null;
        const profile = h('select', { id: `profile-${spec.id}`, 'aria-label': `${t('fac.profile')}: ${spec.id}` }, ...BOT_PROFILES.map((p) => option(p, p, p === (m.profile || 'steady'))));
        return h('tr', {},
          h('th', { scope: 'row' }, `${memberName(scenario, spec.id)} (${spec.id})`),
          h('td', {}, m.seat === 'bot' ? t('seat.bot', { profile: m.profile }) : t(`seat.${m.seat}` as never)),
          h('td', {}, profile,
            h('button', { type: 'button', 'aria-label': `${t('fac.bot')}: ${spec.id}`, onclick: () => void send('assignSeat', { member: spec.id, controller: 'bot', profile: profile.value as never }, 'seats') }, t('fac.bot')),
            h('button', { type: 'button', 'aria-label': `${t('fac.human')}: ${spec.id}`, onclick: () => void send('assignSeat', { member: spec.id, controller: 'human' }, 'seats') }, t('fac.human')),
            h('button', { type: 'button', 'aria-label': `${t('fac.free')}: ${spec.id}`, onclick: () => void send('freeSeat', { member: spec.id }, 'seats') }, t('fac.free')),
          ),
        );
      })),
    )),
    rejectionFor(s, 'seats'),
    playersConsole(s),
  );
}

/** Every delegate and observer: where they sit, whether they are here; move one to another seat or remove them. */
function playersConsole(s: ClientState): HTMLElement | null {
  const { table, scenario } = s;
  if (!table || !scenario) return null;
  const people = Object.entries(table.players).filter(([, p]) => p.role !== 'facilitator');
  if (!people.length) return null;
  const ended = table.phase === 'ended';
  return h('div', { class: 'players-console' },
    h('h3', {}, t('fac.players')),
    h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': t('fac.players') }, h('table', { class: 'seat-console' },
      h('tbody', {}, ...people.map(([id, p]) => {
        const where = h('select', { id: `move-${id}`, 'aria-label': t('fac.moveTo', { name: p.name }) },
          ...scenario.members.filter((m) => m.id !== p.member).map((m) => option(m.id, `${memberName(scenario, m.id)} (${m.id})`)));
        return h('tr', {},
          h('th', { scope: 'row' }, p.name),
          h('td', {}, p.role === 'member' ? `${memberName(scenario, p.member)} (${p.member})` : t('fac.observer')),
          h('td', {}, t(`fac.status.${p.status}` as never)),
          h('td', {}, where,
            h('button', { type: 'button', disabled: ended, onclick: () => void send('move', { player: id, member: where.value }, 'players') }, t('fac.move', { name: p.name })),
            h('button', { type: 'button', class: 'danger', onclick: () => void send('kick', { player: id }, 'players') }, t('fac.kick', { name: p.name })),
          ),
        );
      })),
    )),
    rejectionFor(s, 'players'),
  );
}

function overrideForm(s: ClientState): HTMLElement | null {
  const open = Object.entries(s.table?.proposals ?? {}).filter(([, p]) => p.status === 'open');
  if (!open.length) return null;
  const proposal = h('select', { id: 'override-proposal' }, ...open.map(([id, p]) => option(id, `${id} · ${proposalName(s.scenario, p)}`)));
  const outcome = h('select', { id: 'override-outcome' }, option('approved', t('fac.approve')), option('rejected', t('fac.reject')));
  const reason = h('input', { id: 'override-reason', minlength: 3, maxlength: 300, required: true });
  return h('details', { class: 'group' }, h('summary', {}, t('fac.override')),
    h('form', { class: 'stack', onsubmit: (e: Event) => {
      e.preventDefault();
      void send('override', { target: { kind: 'proposal', proposal: proposal.value, outcome: outcome.value as 'approved' | 'rejected' }, reason: reason.value }, 'override');
    } }, field(t('fac.overrideProposal'), proposal), field(t('fac.overrideOutcome'), outcome), field(t('fac.overrideReason'), reason),
    h('button', { type: 'submit' }, t('fac.overrideButton')), rejectionFor(s, 'override')));
}

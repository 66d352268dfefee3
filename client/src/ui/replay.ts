import { logOf, parseSession, replay, type GameState, type SessionExport } from '@aspf/shared';
import { t } from '../i18n/index.ts';
import { snapshotFromState } from '../store/from-state.ts';
import { store, type TableSnapshot } from '../store/store.ts';
import { field, h, replace } from './dom.ts';

/**
 * The replay viewer: a finished (or running) session from the server or from a file, replayed by
 * the engine step by step; the table, proposals, seats and reports render as they were at each step.
 */
/** A step's label is written when shown, so it follows the language chosen at any time. */
interface Step { snapshot: TableSnapshot; reports: GameState['history']; chat: GameState['chat']; label: () => string }

let steps: Step[] = [];
let at = 0;

export function loadSession(session: SessionExport): number {
  const initial = replay({ ...logOf(session), entries: [] });
  steps = [{ snapshot: snapshotFromState(initial), reports: [], chat: [], label: () => t('replay.start', { total: session.entries.length }) }];
  replay(logOf(session), (state, entry) => {
    const who = entry.actor.kind === 'member' ? entry.actor.member : entry.actor.kind;
    steps.push({
      snapshot: snapshotFromState(state), reports: [...state.history], chat: [...state.chat],
      label: () => t('replay.at', { step: entry.seq, total: session.entries.length, who, action: entry.action.type }),
    });
  });
  store.set({ scenario: session.scenario, rules: replay({ ...logOf(session), entries: [] }).options.rules, seat: { player: 'replay', role: 'facilitator', member: null, name: 'Replay', request: null }, legal: [], connection: 'idle' });
  go(steps.length - 1);
  return steps.length - 1;
}

export function go(step: number): void {
  at = Math.max(0, Math.min(steps.length - 1, step));
  const s = steps[at];
  if (!s) return;
  store.set({ table: s.snapshot, reports: s.reports, chat: s.chat });
  const slider = document.getElementById('replay-step') as HTMLInputElement | null;
  if (slider) {
    slider.max = String(steps.length - 1);
    slider.value = String(at);
  }
  const label = document.getElementById('replay-label');
  if (label) label.textContent = s.label();
}

export function replayControls(code: string | null): HTMLElement {
  const file = h('input', { type: 'file', id: 'replay-file', accept: 'application/json,.json' });
  const error = h('p', { class: 'error', role: 'alert' });
  const status = h('p', { id: 'replay-label', 'aria-live': 'polite' });
  const slider = h('input', { type: 'range', id: 'replay-step', min: 0, max: 0, value: 0, step: 1 });
  slider.addEventListener('input', () => go(Number(slider.value)));
  let timer: ReturnType<typeof setInterval> | null = null;
  const play = h('button', { type: 'button', onclick: () => {
    if (timer) { clearInterval(timer); timer = null; play.textContent = t('replay.play'); return; }
    play.textContent = t('replay.pause');
    timer = setInterval(() => { if (at >= steps.length - 1 && timer) { clearInterval(timer); timer = null; play.textContent = t('replay.play'); } else go(at + 1); }, 400);
  } }, t('replay.play'));
  const accept = (json: unknown) => {
    const parsed = parseSession(json);
    if (!parsed.ok) return replace(error, t('replay.invalid', { problem: `${parsed.error[0]?.path}: ${parsed.error[0]?.message}` }));
    replace(error);
    loadSession(parsed.value);
  };
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      accept(JSON.parse(await chosen.text()));
    } catch (e) {
      replace(error, t('replay.invalid', { problem: (e as Error).message }));
    }
  });
  if (steps.length) queueMicrotask(() => go(at));
  else if (code) {
    replace(status, t('replay.loading'));
    void (async () => {
      try {
        const { debriefTicket } = await import('./debrief.ts');
        // Opened from the console in a new tab: the ticket came in the fragment (never sent to the server).
        const given = new URLSearchParams(location.hash.replace(/^#/, '')).get('ticket');
        if (given) history.replaceState(null, '', location.pathname);
        const response = await fetch(`/api/sessions/${encodeURIComponent(code)}/export?ticket=${encodeURIComponent(given ?? await debriefTicket(code))}`);
        if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? response.statusText);
        accept(await response.json());
      } catch (e) {
        replace(error, t('error.generic', { message: (e as Error).message }));
      }
    })();
  }
  return h('section', { class: 'card replay', 'aria-labelledby': 'replay-title' },
    h('h2', { id: 'replay-title' }, t('replay.title')),
    field(t('replay.file'), file),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => go(0) }, t('replay.first')),
      h('button', { type: 'button', onclick: () => go(at - 1) }, t('replay.previous')),
      play,
      h('button', { type: 'button', onclick: () => go(at + 1) }, t('replay.next')),
      h('button', { type: 'button', onclick: () => go(steps.length - 1) }, t('replay.last')),
    ),
    field(t('replay.step'), slider),
    status,
    error,
  );
}

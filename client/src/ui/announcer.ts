import type { GameEvent } from '@aspf/shared';
import { t, tx } from '../i18n/index.ts';
import { store } from '../store/store.ts';

/**
 * The aria-live region: phase changes, outcomes, events and crises are read out to screen readers
 * (and shown as a news line on the projector).
 */
let region: HTMLElement | null = null;

export function mountAnnouncer(el: HTMLElement): void {
  region = el;
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('role', 'status');
}

export function announce(text: string): void {
  if (!region) return;
  region.textContent = text;
}

export function announceEvents(events: readonly GameEvent[]): void {
  const { scenario, table } = store.state;
  const lines: string[] = [];
  for (const e of events) {
    if (e.type === 'eventPlayed') lines.push(t('live.event', { title: tx(e.event.title) }));
    if (e.type === 'proposalPassed' || e.type === 'proposalRejected') {
      const p = table?.proposals[e.proposal];
      const name = p ? (scenario?.projects.find((x) => x.id === p.project)?.name ? tx(scenario.projects.find((x) => x.id === p.project)!.name) : p.name) : e.proposal;
      lines.push(t(e.type === 'proposalPassed' ? 'live.passed' : 'live.rejected', { name }));
    }
    if (e.type === 'crisis') {
      const track = scenario?.tracks.find((x) => x.id === e.track);
      lines.push(t('live.crisis', { track: track ? tx(track.name) : e.track }));
    }
  }
  if (lines.length) announce(lines.join(' '));
}

/** Announces phase changes seen in the synchronised state. */
export function watchPhase(): void {
  let last = '';
  store.subscribe(({ table }) => {
    if (!table) return;
    const key = `${table.round}:${table.phase}`;
    if (key !== last) {
      if (last) announce(t('live.phase', { phase: t(`phase.${table.phase}` as never), round: table.round }));
      last = key;
    }
  });
}

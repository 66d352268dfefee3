import './style.css';
import { PROTOCOL_VERSION, type NewSeat } from '@aspf/shared/protocol';
import QRCode from 'qrcode';
import { getLocale, onLocaleChange, setLocale, t } from './i18n/index.ts';
import { connect } from './net/connection.ts';
import { store, type ClientState } from './store/store.ts';
import { mountAnnouncer, watchPhase } from './ui/announcer.ts';
import { h, replace } from './ui/dom.ts';
import { debriefPanel } from './ui/debrief.ts';
import { facilitatorConsole } from './ui/facilitator.ts';
import { clock } from './ui/format.ts';
import { homeScreen } from './ui/home.ts';
import { links, parseRoute, type Route } from './ui/route.ts';
import {
  allianceSummary, chatForm, chatHeading, chatMessages, endScreen, eventCard, lastReport, myPanel, phaseBar, pledgeForm, proposalsList, proposeForm, seatsTable,
} from './ui/table.ts';

const app = document.getElementById('app')!;
const route = parseRoute(location.pathname, location.hash, location.search);
document.documentElement.lang = getLocale();

function chrome(): HTMLElement {
  const banner = h('div', { class: 'banner', role: 'alert', id: 'conn-banner' });
  const live = h('div', { class: 'sr-only', id: 'live' });
  mountAnnouncer(live);
  store.subscribe((s) => {
    const text = s.connection === 'offline' ? t('conn.offline') : s.connection === 'failed' ? t('conn.failed') : '';
    banner.hidden = !text;
    replace(banner, text);
  });
  const lang = h('button', { type: 'button', class: 'lang', onclick: () => setLocale(getLocale() === 'en' ? 'fr' : 'en') });
  const label = () => {
    lang.textContent = t('lang.switch');
    lang.lang = getLocale() === 'en' ? 'fr' : 'en';
    lang.setAttribute('aria-label', `${t('lang.label')}: ${t('lang.switch')}`);
  };
  label();
  onLocaleChange(label);
  return h('div', { class: 'topbar' }, h('a', { class: 'brand', href: '/' }, t('app.title')), h('div', { id: 'phase' }), lang, banner, live);
}

/** Re-renders a region from the store; forms are rebuilt only when what they offer changes. */
function region(el: HTMLElement, render: (s: ClientState) => (HTMLElement | null)[], key?: (s: ClientState) => string): void {
  let last = '';
  const draw = (s: ClientState) => {
    const k = key ? `${getLocale()}|${key(s)}` : '';
    if (key && k === last) return;
    last = k;
    replace(el, ...render(s));
  };
  store.subscribe(draw);
  onLocaleChange(() => { last = ''; draw(store.state); });
}

/** A block of the page that re-renders on its own key, so typing in one form survives updates elsewhere. */
function block(parent: HTMLElement, render: (s: ClientState) => (HTMLElement | null)[], key: (s: ClientState) => unknown, cls = ''): HTMLElement {
  const el = h('div', { class: cls });
  parent.append(el);
  region(el, render, (s) => JSON.stringify(key(s)));
  return el;
}

const legalOf = (s: ClientState, type: string) => s.legal.find((l) => l.type === type) ?? null;
const rejectionOf = (s: ClientState, control: string) => (s.rejection?.control === control ? s.rejection.message : null);

/** The chat card: the message list and the form update separately. */
function chatCard(parent: HTMLElement, canSend: boolean): void {
  const card = h('section', { class: 'card chat', 'aria-labelledby': 'chat-title' });
  parent.append(card);
  block(card, () => chatHeading(), () => 0);
  block(card, (s) => [chatMessages(s)], (s) => [s.chat.length, s.chat.at(-1)?.id]);
  if (canSend) block(card, (s) => [chatForm(s)], (s) => [s.seat?.member, rejectionOf(s, 'chat'), s.scenario?.id]);
}

async function tableScreen(r: Route & { code: string }, kind: 'play' | 'facilitate' | 'projector', seat: NewSeat | null): Promise<void> {
  const stage = h('div', { class: 'stage', id: 'stage' });
  const side = h('aside', { class: 'panel' });
  const lower = h('div', { class: 'lower' });
  const top = h('div', { class: 'projector-head' });
  replace(app, chrome(), h('main', { class: `table-screen ${kind}` }, kind === 'projector' ? top : null, h('div', { class: 'board' }, stage, side), lower));
  region(document.getElementById('phase')!, (s) => [phaseBar(s)], (s) => JSON.stringify([s.table?.phase, s.table?.round, s.table?.paused, s.table?.endsAt]));

  const me = (s: ClientState) => (s.table && s.seat?.member ? s.table.members[s.seat.member] : null);
  if (kind === 'play') {
    block(side, (s) => [endScreen(s)], (s) => [s.table?.phase === 'ended' ? s.table.members : null]);
    block(side, (s) => [myPanel(s)], (s) => [me(s), s.table?.pool, s.seat, s.movedFrom]);
    block(side, (s) => [eventCard(s)], (s) => [s.table?.round, s.table?.event, s.table?.eventTitle]);
    block(side, (s) => [pledgeForm(s)], (s) => [s.table?.phase, s.table?.round, legalOf(s, 'pledge'), rejectionOf(s, 'pledge')]);
    block(side, (s) => [proposeForm(s)], (s) => [legalOf(s, 'propose'), rejectionOf(s, 'propose')]);
    block(side, (s) => [proposalsList(s)], (s) => [s.table?.proposals, s.table?.round, s.legal, s.rejection, s.table?.members]);
    chatCard(side, true);
  } else if (kind === 'facilitate') {
    const debrief = h('div');
    side.parentElement!.after(debrief);
    block(side, (s) => [facilitatorConsole(s)], (s) => [s.legal, s.rejection, s.table?.phase, s.table?.paused, s.table?.control, s.table?.players,
      Object.values(s.table?.members ?? {}).map((m) => [m.seat, m.profile]), Object.values(s.table?.proposals ?? {}).map((p) => p.status)]);
    block(side, (s) => [endScreen(s)], (s) => [s.table?.phase === 'ended' ? s.table.members : null]);
    block(side, (s) => [eventCard(s)], (s) => [s.table?.round, s.table?.event, s.table?.eventTitle]);
    block(side, (s) => [proposalsList(s)], (s) => [s.table?.proposals, s.table?.round, s.table?.members]);
    chatCard(side, false);
    region(debrief, (s) => [debriefPanel(s)], (s) => JSON.stringify([s.seat?.role, s.table?.code, s.table?.phase === 'ended']));
  } else {
    const l = links(location.origin, r.code);
    const qr = await QRCode.toDataURL(l.join, { margin: 1, width: 180 });
    replace(top, h('p', { class: 'join-at' }, t('projector.join', { url: `${location.host}/join` })),
      h('p', { class: 'big-code', 'aria-label': r.code.split('').join(' ') }, r.code), h('img', { src: qr, alt: `QR: ${l.join}`, width: 180, height: 180 }));
    block(side, (s) => [endScreen(s), eventCard(s), proposalsList(s), lastReport(s)],
      (s) => [s.table?.proposals, s.table?.phase, s.table?.event, s.reports.length, s.table?.members]);
  }
  region(lower, (s) => [seatsTable(s), allianceSummary(s), kind !== 'projector' ? lastReport(s) : null],
    (s) => JSON.stringify([s.table?.members, s.table?.players, s.table?.tracks, s.table?.cohesion, s.table?.usEngagement, s.table?.autonomy, s.reports.length]));

  watchPhase();
  setInterval(() => {
    const el = document.querySelector<HTMLElement>('.countdown');
    const table = store.state.table;
    if (el && table && !table.paused && table.endsAt > 0) el.textContent = t('phase.left', { time: clock(table.endsAt - (Date.now() + store.state.clockOffset)) });
  }, 1000);

  try {
    await connect(r.code, seat);
  } catch (error) {
    replace(side, h('p', { class: 'error', role: 'alert' }, t('error.joinFailed', { message: (error as Error).message })), h('a', { href: `/join/${r.code}` }, t('home.join')));
    return;
  }
  // The picture comes last: the controls work before Phaser has even loaded.
  const { mountTable } = await import('./scenes/table-scene.ts');
  mountTable(stage, { projector: kind === 'projector' });
}

async function replayScreen(code: string | null): Promise<void> {
  const { replayControls } = await import('./ui/replay.ts');
  const stage = h('div', { class: 'stage', id: 'stage' });
  const side = h('aside', { class: 'panel' });
  const lower = h('div', { class: 'lower' });
  replace(app, chrome(), h('main', { class: 'table-screen replay-screen' }, replayControls(code), h('div', { class: 'board' }, stage, side), lower));
  region(document.getElementById('phase')!, (s) => [phaseBar(s)], (s) => JSON.stringify([s.table?.phase, s.table?.round]));
  block(side, (s) => [endScreen(s), eventCard(s), proposalsList(s), lastReport(s)], (s) => [s.table?.seq, s.table?.phase, s.reports.length]);
  chatCard(side, false);
  region(lower, (s) => [seatsTable(s), allianceSummary(s)], (s) => JSON.stringify([s.table?.seq]));
  const { mountTable } = await import('./scenes/table-scene.ts');
  mountTable(stage);
}

function pendingSeat(code: string): NewSeat | null {
  const raw = sessionStorage.getItem(`aspf.join.${code}`);
  if (!raw) return null;
  const p = JSON.parse(raw) as { role: string; name: string; member?: string };
  return p.role === 'observer'
    ? { protocol: PROTOCOL_VERSION, role: 'observer', ...(p.name ? { name: p.name } : {}) }
    : { protocol: PROTOCOL_VERSION, role: 'member', name: p.name, ...(p.member ? { member: p.member } : {}) };
}

switch (route.screen) {
  case 'home':
  case 'join': {
    const render = () => replace(app, chrome(), h('div', { id: 'home' }));
    const show = () => { render(); homeScreen(document.getElementById('home')!, route.screen === 'join' ? route.code : ''); };
    show();
    onLocaleChange(show);
    break;
  }
  case 'play': {
    const seat = pendingSeat(route.code);
    if (!seat && !sessionStorage.getItem(`aspf.seat.${route.code}`)) location.replace(`/join/${route.code}`);
    else void tableScreen(route, 'play', seat);
    break;
  }
  case 'facilitate':
    void tableScreen(route, 'facilitate', route.key ? { protocol: PROTOCOL_VERSION, role: 'facilitator', name: t('chat.facilitator'), key: route.key } : null);
    // Keep the key out of the address bar once used (it stays in sessionStorage as a seat token).
    if (route.key) history.replaceState(null, '', `/facilitate/${route.code}`);
    break;
  case 'replay':
    void replayScreen(route.code);
    break;
  case 'projector':
    void tableScreen(route, 'projector', pendingSeat(route.code) ?? { protocol: PROTOCOL_VERSION, role: 'observer', name: t('home.projectorLink') });
    break;
}
onLocaleChange(() => { document.title = t('app.title'); });

import './style.css';
import { PROTOCOL_VERSION, type NewSeat } from '@aspf/shared/protocol';
import QRCode from 'qrcode';
import { getLocale, onLocaleChange, setLocale, t } from './i18n/index.ts';
import { connect } from './net/connection.ts';
import { store, type ClientState } from './store/store.ts';
import { mountAnnouncer, watchPhase } from './ui/announcer.ts';
import { h, replace } from './ui/dom.ts';
import { facilitatorConsole } from './ui/facilitator.ts';
import { clock } from './ui/format.ts';
import { homeScreen } from './ui/home.ts';
import { links, parseRoute, type Route } from './ui/route.ts';
import {
  allianceSummary, chatPanel, endScreen, eventCard, lastReport, myPanel, phaseBar, pledgeForm, proposalsList, proposeForm, seatsTable,
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

const formKey = (s: ClientState) => JSON.stringify([s.table?.phase, s.table?.round, s.legal, s.rejection, s.seat?.member,
  s.table && s.seat?.member ? s.table.members[s.seat.member]?.balance : 0]);

async function tableScreen(r: Route & { code: string }, kind: 'play' | 'facilitate' | 'projector', seat: NewSeat | null): Promise<void> {
  const stage = h('div', { class: 'stage', id: 'stage' });
  const side = h('aside', { class: 'panel' });
  const lower = h('div', { class: 'lower' });
  const top = h('div', { class: 'projector-head' });
  replace(app, chrome(), h('main', { class: `table-screen ${kind}` }, kind === 'projector' ? top : null, h('div', { class: 'board' }, stage, side), lower));
  region(document.getElementById('phase')!, (s) => [phaseBar(s)], (s) => JSON.stringify([s.table?.phase, s.table?.round, s.table?.paused, s.table?.endsAt]));

  if (kind === 'play') {
    region(side, (s) => [endScreen(s), myPanel(s), eventCard(s), pledgeForm(s), proposeForm(s), proposalsList(s), chatPanel(s, { canSend: true })],
      (s) => formKey(s) + JSON.stringify([s.table?.proposals, s.table?.members, s.chat.length, s.table?.event]));
  } else if (kind === 'facilitate') {
    region(side, (s) => [facilitatorConsole(s), eventCard(s), proposalsList(s), chatPanel(s, { canSend: false })],
      (s) => formKey(s) + JSON.stringify([s.table?.proposals, s.table?.members, s.table?.players, s.chat.length, s.table?.control?.pendingInject, s.table?.paused]));
  } else {
    const l = links(location.origin, r.code);
    const qr = await QRCode.toDataURL(l.join, { margin: 1, width: 180 });
    replace(top, h('p', { class: 'join-at' }, t('projector.join', { url: `${location.host}/join` })),
      h('p', { class: 'big-code', 'aria-label': r.code.split('').join(' ') }, r.code), h('img', { src: qr, alt: `QR: ${l.join}`, width: 180, height: 180 }));
    region(side, (s) => [endScreen(s), eventCard(s), proposalsList(s), lastReport(s)],
      (s) => JSON.stringify([s.table?.proposals, s.table?.phase, s.table?.event, s.reports.length, s.table?.members]));
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
    void tableScreen(route, 'facilitate', route.key ? { protocol: PROTOCOL_VERSION, role: 'facilitator', name: 'Facilitator', key: route.key } : null);
    // Keep the key out of the address bar once used (it stays in sessionStorage as a seat token).
    if (route.key) history.replaceState(null, '', `/facilitate/${route.code}`);
    break;
  case 'projector':
    void tableScreen(route, 'projector', pendingSeat(route.code) ?? { protocol: PROTOCOL_VERSION, role: 'observer', name: 'Projector' });
    break;
}
onLocaleChange(() => { document.title = t('app.title'); });

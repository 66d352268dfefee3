import './style.css';
import { PROTOCOL_VERSION, type NewSeat } from '@aspf/shared/protocol';
import { getLocale, onLocaleChange, setLocale, t } from './i18n/index.ts';
import { connect, JoinError } from './net/connection.ts';
import { store } from './store/store.ts';
import { mountAnnouncer, watchPhase } from './ui/announcer.ts';
import { mount, screen, type Control } from './ui/control.ts';
import { alliance } from './ui/controls/alliance.ts';
import { briefButton } from './ui/controls/brief-button.ts';
import { debriefSlides } from './ui/controls/debrief-slides.ts';
import { chatForm } from './ui/controls/chat-form.ts';
import { chatHeading, chatMessages } from './ui/controls/chat.ts';
import { consoleAnnounce } from './ui/controls/console-announce.ts';
import { consoleInject } from './ui/controls/console-inject.ts';
import { consoleOverride } from './ui/controls/console-override.ts';
import { consolePhase } from './ui/controls/console-phase.ts';
import { consolePlayers } from './ui/controls/console-players.ts';
import { consoleRequests } from './ui/controls/console-requests.ts';
import { consoleSeats } from './ui/controls/console-seats.ts';
import { consoleTimers } from './ui/controls/console-timers.ts';
import { debrief } from './ui/controls/debrief.ts';
import { endScreen } from './ui/controls/end-screen.ts';
import { eventCard } from './ui/controls/event-card.ts';
import { guide } from './ui/controls/guide.ts';
import { joinBanner } from './ui/controls/join-banner.ts';
import { lastReport } from './ui/controls/last-report.ts';
import { myPanel } from './ui/controls/my-panel.ts';
import { phaseBar } from './ui/controls/phase-bar.ts';
import { pledgeForm } from './ui/controls/pledge-form.ts';
import { proposals, proposalsBig } from './ui/controls/proposals.ts';
import { proposeForm } from './ui/controls/propose-form.ts';
import { ratification } from './ui/controls/ratification.ts';
import { seatRequest } from './ui/controls/seat-request.ts';
import { seatsTable } from './ui/controls/seats-table.ts';
import { tableLegend } from './ui/controls/table-legend.ts';
import { ticker } from './ui/controls/ticker.ts';
import { h, replace } from './ui/dom.ts';
import { clock } from './ui/format.ts';
import { homeScreen } from './ui/home.ts';
import { rejectionText } from './ui/names.ts';
import { pageProposals } from './ui/pager.ts';
import { parseRoute, type Route } from './ui/route.ts';

const app = document.getElementById('app')!;
const route = parseRoute(location.pathname, location.hash, location.search);
document.documentElement.lang = getLocale();

function chrome(): HTMLElement {
  const banner = h('div', { class: 'banner', role: 'alert', id: 'conn-banner' });
  const live = h('div', { class: 'sr-only', id: 'live' });
  mountAnnouncer(live);
  const show = () => {
    const s = store.state;
    const text = s.connection === 'offline' ? t('conn.offline') : s.connection === 'failed' ? t('conn.failed') : '';
    banner.hidden = !text;
    replace(banner, text);
  };
  store.subscribe(show);
  onLocaleChange(show);
  const lang = h('button', { type: 'button', class: 'lang', onclick: () => setLocale(getLocale() === 'en' ? 'fr' : 'en') });
  const label = () => {
    lang.textContent = t('lang.switch');
    lang.lang = getLocale() === 'en' ? 'fr' : 'en';
    lang.setAttribute('aria-label', `${t('lang.label')}: ${t('lang.switch')}`);
  };
  label();
  onLocaleChange(label);
  const phase = h('div', { id: 'phase' });
  const brand = h('a', { class: 'brand', href: '/' }, t('app.title'));
  onLocaleChange(() => { brand.textContent = t('app.title'); });
  mount(phase, phaseBar);
  return h('div', { class: 'topbar' }, brand, phase, lang, banner, live);
}

type Kind = 'play' | 'facilitate' | 'projector';

/**
 * Each screen is a list of controls per region (issue #14, item 8): `top` above the board, `under`
 * the picture, `side` beside it, `lower` below both.
 */
const SCREENS: Record<Kind, { top: Control<unknown>[]; under?: Control<unknown>[]; side: Control<unknown>[]; lower: Control<unknown>[]; chat: 'send' | 'read' | null }> = {
  play: {
    top: [guide],
    side: [endScreen, seatRequest, pledgeForm, ratification, proposeForm, proposals, myPanel, briefButton, eventCard],
    lower: [seatsTable, alliance, lastReport],
    chat: 'send',
  },
  facilitate: {
    top: [guide],
    // The proposals under the picture: on a laptop (1366×768) they are in view beside the console.
    under: [endScreen, proposals, eventCard],
    side: [consolePhase, consoleRequests, consoleAnnounce, consoleSeats, consolePlayers, consoleInject, consoleTimers, consoleOverride],
    lower: [seatsTable, alliance, lastReport, debrief, debriefSlides, briefButton],
    chat: 'read',
  },
  projector: {
    top: [],
    side: [endScreen, eventCard, proposalsBig, lastReport],
    lower: [seatsTable, alliance],
    chat: null,
  },
};

function chatCard(parent: HTMLElement, canSend: boolean): void {
  const card = h('section', { class: 'card chat', 'aria-labelledby': 'chat-title' });
  parent.append(card);
  screen(card, canSend ? [chatHeading, chatMessages, chatForm] : [chatHeading, chatMessages]);
}

function tick(): void {
  setInterval(() => {
    const el = document.querySelector<HTMLElement>('.countdown');
    const table = store.state.table;
    if (el && table && !table.paused && table.endsAt > 0) el.textContent = t('phase.left', { time: clock(table.endsAt - (Date.now() + store.state.clockOffset)) });
  }, 1000);
}

async function tableScreen(r: Route & { code: string }, kind: Kind, seat: NewSeat | null): Promise<void> {
  const layout = SCREENS[kind];
  const stage = h('div', { class: 'stage', id: 'stage' });
  const legend = h('div', { class: 'stage-legend' });
  const under = h('div', { class: 'under' });
  const side = h('aside', { class: 'panel' });
  const lower = h('div', { class: 'lower' });
  const top = h('div', { class: 'screen-top' });
  replace(app, chrome(), h('main', { class: `table-screen ${kind}` }, top, h('div', { class: 'board' }, h('div', { class: 'picture' }, stage, legend, under), side), lower));
  if (kind === 'projector') {
    const banner = h('div', { class: 'projector-head' });
    top.append(banner);
    screen(banner, [joinBanner(r.code), ticker]);
  }
  screen(top, layout.top);
  screen(legend, [tableLegend]);
  screen(under, layout.under ?? []);
  screen(side, layout.side);
  if (kind === 'projector') pageProposals(side);
  if (layout.chat === 'send') chatCard(side, true);
  screen(lower, layout.lower);
  if (layout.chat === 'read') chatCard(lower, false);

  watchPhase();
  tick();
  try {
    await connect(r.code, seat);
  } catch (error) {
    const message = error instanceof JoinError && error.code ? rejectionText(error.code, error.message) : (error as Error).message;
    replace(side, h('p', { class: 'error', role: 'alert' }, t('error.joinFailed', { message })), h('a', { href: `/join/${r.code}` }, t('home.join')));
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
  const controls = h('div');
  replace(app, chrome(), h('main', { class: 'table-screen replay-screen' }, controls, h('div', { class: 'board' }, h('div', { class: 'picture' }, stage), side), lower));
  const draw = () => replace(controls, replayControls(code));
  draw();
  onLocaleChange(draw);
  screen(side, [endScreen, eventCard, proposals, lastReport]);
  chatCard(side, false);
  screen(lower, [seatsTable, alliance]);
  const { mountTable } = await import('./scenes/table-scene.ts');
  mountTable(stage);
}

function pendingSeat(code: string): NewSeat | null {
  const raw = sessionStorage.getItem(`aspf.join.${code}`);
  if (!raw) return null;
  const p = JSON.parse(raw) as { role: string; name: string; member?: string; teamCode?: string };
  // `teamCode` (issue #11) is sent only when typed, so a server without teams still accepts the join.
  return p.role === 'observer'
    ? { protocol: PROTOCOL_VERSION, role: 'observer', ...(p.name ? { name: p.name } : {}) }
    : { protocol: PROTOCOL_VERSION, role: 'member', name: p.name, ...(p.member ? { member: p.member } : {}), ...(p.teamCode ? { teamCode: p.teamCode } : {}) } as NewSeat;
}

switch (route.screen) {
  case 'home':
  case 'join': {
    const render = () => replace(app, chrome(), h('div', { id: 'home' }));
    // A language switch rebuilds the forms: what was typed or chosen is carried over, by id.
    const show = () => {
      const kept = [...app.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[id]:not([type=file]), select[id]')].map((f) => [f.id, f instanceof HTMLInputElement && f.type === 'checkbox' ? f.checked : f.value] as const);
      render();
      homeScreen(document.getElementById('home')!, route.screen === 'join' ? route.code : '');
      for (const [id, value] of kept) {
        const f = document.getElementById(id);
        if (f instanceof HTMLInputElement && typeof value === 'boolean') f.checked = value;
        else if ((f instanceof HTMLInputElement || f instanceof HTMLSelectElement) && typeof value === 'string' && !(f instanceof HTMLInputElement && f.readOnly) && value) f.value = value;
      }
    };
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
  case 'guide': {
    const show = async () => {
      const { guidePage } = await import('./ui/guide-page.ts'); // its own chunk: the guide is long
      replace(app, chrome(), h('div', { id: 'guide' }));
      guidePage(document.getElementById('guide')!);
    };
    void show();
    onLocaleChange(() => void show());
    break;
  }
  case 'projector':
    void tableScreen(route, 'projector', pendingSeat(route.code) ?? { protocol: PROTOCOL_VERSION, role: 'observer', name: 'Projector' });
    break;
}
document.title = t('app.title');
onLocaleChange(() => { document.title = t('app.title'); });

import QRCode from 'qrcode';
import { TIMER_PRESET_IDS, presetSetup, playMinutes, type TimerPreset } from '@aspf/shared';
import type { ScenarioSummary, SessionInfo } from '@aspf/shared/protocol';
import { getLocale, t, tx, type MessageKey } from '../i18n/index.ts';
import { api, ApiError } from '../net/api.ts';
import { field, h, option, replace } from './dom.ts';
import { links } from './route.ts';

/** Home: create a session (facilitator) or join one (players, observers). */
export function homeScreen(root: HTMLElement, prefillCode = ''): void {
  const created = h('section', { class: 'card created', 'aria-live': 'polite' });
  const createCard = prefillCode ? null : createForm(created);
  const joinCard = joinForm(prefillCode);
  replace(root,
    h('main', { class: 'home' },
      h('header', { class: 'hero' },
        h('h1', {}, t('app.title')),
        h('p', { class: 'tagline' }, t('app.tagline')),
        prefillCode ? null : h('p', { class: 'guide-link' }, h('a', { href: '/guide', id: 'guide-link' }, t('home.guide'))),
      ),
      // A student's join link shows the join form alone; the create form stays behind a link.
      prefillCode
        ? h('div', { class: 'home-grid single' }, joinCard, h('p', { class: 'create-instead' }, h('a', { href: '/' }, t('join.createInstead'))))
        : h('div', { class: 'home-grid' }, createCard, joinCard),
      prefillCode ? null : created,
      h('p', { class: 'fiction' }, t('app.fiction')),
    ),
  );
  if (prefillCode) (document.getElementById('join-name') as HTMLInputElement | null)?.focus();
}

function createForm(out: HTMLElement): HTMLElement {
  const scenario = h('select', { id: 'create-scenario', required: true });
  // docs/FACILITATOR.md "Run sheets": a timer preset fits a class; each option says its rounds and play time.
  const preset = h('select', { id: 'create-preset' });
  const labelPresets = () => {
    const chosen = preset.value;
    const rounds = summaries.find((s) => s.id === scenario.value)?.rounds;
    replace(preset, option('', t('home.preset.none'), chosen === ''),
      ...TIMER_PRESET_IDS.map((id) => option(id, presetLabel(id, rounds), id === chosen)));
    speed.disabled = preset.value !== '';
  };
  const speed = h('select', { id: 'create-speed' },
    option('1', t('home.timerScale.normal'), true), option('0.5', t('home.timerScale.fast')), option('2', t('home.timerScale.slow')));
  const sealed = h('input', { type: 'checkbox', id: 'create-sealed' });
  const upload = h('input', { type: 'file', id: 'create-upload', accept: 'application/json,.json' });
  const error = h('p', { class: 'error', role: 'alert' });
  let summaries: ScenarioSummary[] = [];
  api.scenarios().then((list) => {
    summaries = list;
    replace(scenario, ...list.map((s, i) => option(s.id, `${tx(s.title)} — ${t('home.members', { n: s.members })}, ${t('home.rounds', { n: s.rounds })}`, i === 0)));
    labelPresets();
  }).catch((e: Error) => replace(error, t('error.generic', { message: e.message })));

  const form = h('form', { class: 'card', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, t('home.create')),
    field(t('home.scenario'), scenario),
    field(t('home.upload'), upload),
    field(t('home.preset'), preset),
    field(t('home.timerScale'), speed),
    h('div', { class: 'field checkbox' }, sealed, h('label', { for: 'create-sealed' }, t('home.sealed'))),
    h('button', { type: 'submit', class: 'primary' }, t('home.createButton')),
    error,
  );
  scenario.addEventListener('change', labelPresets);
  preset.addEventListener('change', () => { speed.disabled = preset.value !== ''; });
  labelPresets();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    const timerPreset = (preset.value || null) as TimerPreset | null;
    const chosen = summaries.find((s) => s.id === scenario.value);
    const factor = timerPreset ? 1 : Number(speed.value); // a preset sets the timers: the speed applies to the scenario's own
    try {
      const file = upload.files?.[0];
      const custom = file ? (JSON.parse(await file.text()) as Record<string, unknown>) : null;
      const scenarioFull = custom ?? (chosen ? await fetch(`/api/scenarios/${chosen.id}`).then((r) => (r.ok ? r.json() : null)) : null);
      const timers = scenarioFull && factor !== 1
        ? Object.fromEntries(Object.entries(scenarioFull.timers as Record<string, number>).map(([k, v]) => [k, Math.max(5, Math.round(v * factor))]))
        : undefined;
      const session = await api.create({ scenario: custom ?? scenario.value, options: { sealedPledges: sealed.checked, locale: getLocale(), ...(timerPreset ? { preset: timerPreset } : {}), ...(timers ? { timers } : {}) } });
      await showCreated(out, session.code, session.facilitatorKey, session.addresses ?? []);
    } catch (err) {
      const issues = err instanceof ApiError ? err.error.issues ?? [] : [];
      replace(error, t('error.createFailed', { message: err instanceof ApiError ? err.error.message : (err as Error).message }),
        issues.length ? h('ul', {}, ...issues.slice(0, 12).map((i) => h('li', {}, `${i.path}: ${i.message}`))) : null);
    }
  });
  return form;
}

/** "45-minute class — 3 rounds, 22.5 min of play": the rounds a preset gives the chosen scenario (shared/src/briefs/presets.ts). */
function presetLabel(id: TimerPreset, scenarioRounds: number | undefined): string {
  const name = t(`home.preset.${id}` as MessageKey);
  if (scenarioRounds === undefined) return name;
  const { rounds, timers } = presetSetup(id, scenarioRounds);
  const minutes = playMinutes(rounds, timers);
  return t('home.preset.detail', { name, rounds: t('home.rounds', { n: rounds }), minutes: new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(minutes) });
}

/** A read-only link with a copy button (the clipboard API needs a secure context; selecting the text is the fallback). */
function copyable(label: string, value: string, id: string): HTMLElement {
  const input = h('input', { id, readonly: true, value, class: 'copy' });
  const button = h('button', { type: 'button', class: 'copy-button', 'aria-label': t('copy.label', { what: label }) }, t('copy.button'));
  button.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      document.execCommand?.('copy');
    }
    button.textContent = `✔ ${t('copy.done')}`;
  });
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'copy-row' }, input, button));
}

const isLocal = (host: string) => host === 'localhost' || host === '[::1]' || host.startsWith('127.');

async function showCreated(out: HTMLElement, code: string, key: string, addresses: string[]): Promise<void> {
  const l = links(location.origin, code, key);
  const qr = await QRCode.toDataURL(l.join, { margin: 1, width: 220, color: { dark: '#1b1f24', light: '#ffffff' } });
  // Links that say localhost work on this computer only: say so, and offer the server's network addresses.
  const local = isLocal(location.hostname);
  replace(out,
    h('h2', {}, t('home.created')),
    h('div', { class: 'created-grid' },
      h('div', {},
        h('p', { class: 'big-code', 'aria-label': `${t('home.code')}: ${code.split('').join(' ')}` }, code),
        h('img', { src: qr, alt: `QR: ${l.join}`, width: 220, height: 220 }),
      ),
      h('div', {},
        local ? h('div', { class: 'warning-box', role: 'note', id: 'localhost-warning' },
          h('p', { class: 'warning' }, addresses.length ? t('home.localhostWarning') : t('home.localhostNone')),
          ...addresses.map((a, i) => copyable(t('home.addressLink', { address: a.replace(/^https?:\/\//, '') }), links(a, code).join, `link-lan-${i}`))) : null,
        copyable(t('home.joinLink'), l.join, 'link-join'),
        copyable(t('home.projectorLink'), l.projector, 'link-projector'),
        copyable(t('home.facilitatorLink'), l.facilitate, 'link-facilitate'),
        h('p', { class: 'warning' }, t('home.keyWarning')),
        h('a', { class: 'button primary', href: `/facilitate/${code}#key=${key}` }, t('home.facilitatorJoin')),
      ),
    ),
  );
  out.scrollIntoView({ behavior: 'smooth' });
}

const NAME_KEY = 'aspf.name';

/**
 * Joining (issue #14, item 5): the code is checked with GET /api/sessions/:code before the page is
 * left, so a wrong code is refused here with the typed name kept; delegations are listed by name
 * with who holds them; a delegation that already has players takes their team code (issue #11).
 */
function joinForm(prefill: string): HTMLElement {
  const code = h('input', { id: 'join-code', required: true, autocomplete: 'off', autocapitalize: 'characters', maxlength: 12, value: prefill, spellcheck: 'false' });
  const name = h('input', { id: 'join-name', required: true, maxlength: 40, autocomplete: 'nickname', value: sessionStorage.getItem(NAME_KEY) ?? '' });
  const role = h('select', { id: 'join-role' }, option('member', t('home.role.member'), true), option('observer', t('home.role.observer')));
  const delegation = h('select', { id: 'join-delegation' }, option('', t('home.delegation.any'), true));
  const teamCode = h('input', { id: 'join-team', maxlength: 12, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const teamField = h('div', { class: 'team-field' }, field(t('join.teamCode'), teamCode), h('p', { class: 'hint' }, t('join.teamHint')));
  const seats = h('p', { class: 'hint', 'aria-live': 'polite', id: 'join-lookup' });
  const error = h('p', { class: 'error', role: 'alert', id: 'join-error' });

  let info: SessionInfo | null = null;
  const describe = (x: SessionInfo['seats'][number], title: string) =>
    `${title} (${x.member}) — ${x.players.length ? t('join.seat.players', { list: x.players.join(', ') }) : x.controller === 'bot' ? t('join.seat.bot') : t('join.seat.free')}`;
  const lookup = async (): Promise<SessionInfo | null> => {
    const value = code.value.trim().toUpperCase();
    if (value.length < 6) return null;
    try {
      info = await api.info(value);
      const scenario = await api.scenario(value).catch(() => null);
      const title = (id: string) => tx(scenario?.members.find((m) => m.id === id)?.name) || id;
      replace(seats, `${tx(info.scenario.title)} — ${t('home.lookup', { free: info.free, total: info.seats.length })}`);
      const chosen = delegation.value;
      replace(delegation, option('', t('home.delegation.any'), true),
        ...info.seats.filter((x) => x.controller !== 'bot').map((x) => option(x.member, describe(x, title(x.member)), x.member === chosen)));
      syncTeam();
      replace(error);
      return info;
    } catch (err) {
      info = null;
      replace(seats);
      replace(error, err instanceof ApiError && err.error.code === 'http/not_found' || err instanceof ApiError && /not_found|unknown/.test(err.error.code) ? t('join.unknown', { code: value }) : err instanceof ApiError ? err.error.message : t('error.generic', { message: (err as Error).message }));
      return null;
    }
  };
  const syncTeam = () => {
    const held = info?.seats.find((x) => x.member === delegation.value);
    teamField.hidden = role.value !== 'member' || !held || held.players.length === 0;
  };
  code.addEventListener('change', () => void lookup());
  code.addEventListener('input', () => { if (code.value.trim().length >= 7) void lookup(); });
  delegation.addEventListener('change', syncTeam);
  if (prefill) void lookup();
  role.addEventListener('change', () => { delegation.disabled = role.value !== 'member'; syncTeam(); });
  name.addEventListener('input', () => sessionStorage.setItem(NAME_KEY, name.value));
  syncTeam();

  const form = h('form', { class: 'card', 'aria-labelledby': 'join-title', novalidate: true },
    h('h2', { id: 'join-title' }, t('home.join')),
    field(t('home.code'), code),
    seats,
    field(t('home.name'), name),
    field(t('home.role'), role),
    field(t('home.delegation'), delegation),
    teamField,
    h('button', { type: 'submit', class: 'primary' }, t('home.joinButton')),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const c = code.value.trim().toUpperCase();
    if (!name.value.trim() && role.value === 'member') { replace(error, t('join.nameNeeded')); name.focus(); return; }
    replace(error, t('join.checking'));
    const found = await lookup();
    if (!found) { code.focus(); return; }
    if (found.ended) { replace(error, t('join.ended')); return; }
    const pending = { role: role.value, name: name.value.trim(), member: delegation.value || undefined, teamCode: teamField.hidden ? undefined : teamCode.value.trim().toUpperCase() || undefined };
    sessionStorage.setItem(`aspf.join.${c}`, JSON.stringify(pending));
    sessionStorage.setItem('aspf.locale.hint', getLocale());
    location.assign(role.value === 'observer' ? `/projector/${c}` : `/play/${c}`);
  });
  return form;
}

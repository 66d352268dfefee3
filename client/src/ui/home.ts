import QRCode from 'qrcode';
import type { ScenarioSummary, SessionInfo } from '@aspf/shared/protocol';
import { getLocale, t, tx } from '../i18n/index.ts';
import { api, ApiError } from '../net/api.ts';
import { field, h, option, replace } from './dom.ts';
import { links } from './route.ts';

/** Home: create a session (facilitator) or join one (players, observers). */
export function homeScreen(root: HTMLElement, prefillCode = ''): void {
  const created = h('section', { class: 'card created', 'aria-live': 'polite' });
  const createCard = createForm(created);
  const joinCard = joinForm(prefillCode);
  replace(root,
    h('main', { class: 'home' },
      h('header', { class: 'hero' },
        h('h1', {}, t('app.title')),
        h('p', { class: 'tagline' }, t('app.tagline')),
      ),
      h('div', { class: 'home-grid' }, prefillCode ? joinCard : createCard, prefillCode ? createCard : joinCard),
      created,
      h('p', { class: 'fiction' }, t('app.fiction')),
    ),
  );
  if (prefillCode) (document.getElementById('join-name') as HTMLInputElement | null)?.focus();
}

function createForm(out: HTMLElement): HTMLElement {
  const scenario = h('select', { id: 'create-scenario', required: true });
  const speed = h('select', { id: 'create-speed' },
    option('1', t('home.timerScale.normal'), true), option('0.5', t('home.timerScale.fast')), option('2', t('home.timerScale.slow')));
  const sealed = h('input', { type: 'checkbox', id: 'create-sealed' });
  const upload = h('input', { type: 'file', id: 'create-upload', accept: 'application/json,.json' });
  const error = h('p', { class: 'error', role: 'alert' });
  let summaries: ScenarioSummary[] = [];
  api.scenarios().then((list) => {
    summaries = list;
    replace(scenario, ...list.map((s, i) => option(s.id, `${tx(s.title)} — ${t('home.members', { n: s.members })}, ${t('home.rounds', { n: s.rounds })}`, i === 0)));
  }).catch((e: Error) => replace(error, t('error.generic', { message: e.message })));

  const form = h('form', { class: 'card', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, t('home.create')),
    field(t('home.scenario'), scenario),
    field(t('home.upload'), upload),
    field(t('home.timerScale'), speed),
    h('div', { class: 'field checkbox' }, sealed, h('label', { for: 'create-sealed' }, t('home.sealed'))),
    h('button', { type: 'submit', class: 'primary' }, t('home.createButton')),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    const chosen = summaries.find((s) => s.id === scenario.value);
    const factor = Number(speed.value);
    try {
      const file = upload.files?.[0];
      const custom = file ? (JSON.parse(await file.text()) as Record<string, unknown>) : null;
      const scenarioFull = custom ?? (chosen ? await fetch(`/api/scenarios/${chosen.id}`).then((r) => (r.ok ? r.json() : null)) : null);
      const timers = scenarioFull && factor !== 1
        ? Object.fromEntries(Object.entries(scenarioFull.timers as Record<string, number>).map(([k, v]) => [k, Math.max(5, Math.round(v * factor))]))
        : undefined;
      const session = await api.create({ scenario: custom ?? scenario.value, options: { sealedPledges: sealed.checked, ...(timers ? { timers } : {}) } });
      showCreated(out, session.code, session.facilitatorKey);
    } catch (err) {
      const issues = err instanceof ApiError ? err.error.issues ?? [] : [];
      replace(error, t('error.createFailed', { message: err instanceof ApiError ? err.error.message : (err as Error).message }),
        issues.length ? h('ul', {}, ...issues.slice(0, 12).map((i) => h('li', {}, `${i.path}: ${i.message}`))) : null);
    }
  });
  return form;
}

async function showCreated(out: HTMLElement, code: string, key: string): Promise<void> {
  const l = links(location.origin, code, key);
  const qr = await QRCode.toDataURL(l.join, { margin: 1, width: 220, color: { dark: '#1b1f24', light: '#ffffff' } });
  const copyable = (label: string, value: string, id: string) => field(label, h('input', { id, readonly: true, value, class: 'copy' }));
  replace(out,
    h('h2', {}, t('home.created')),
    h('div', { class: 'created-grid' },
      h('div', {},
        h('p', { class: 'big-code', 'aria-label': `${t('home.code')}: ${code.split('').join(' ')}` }, code),
        h('img', { src: qr, alt: `QR: ${l.join}`, width: 220, height: 220 }),
      ),
      h('div', {},
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

function joinForm(prefill: string): HTMLElement {
  const code = h('input', { id: 'join-code', required: true, autocomplete: 'off', autocapitalize: 'characters', maxlength: 12, value: prefill, spellcheck: 'false' });
  const name = h('input', { id: 'join-name', required: true, maxlength: 40, autocomplete: 'nickname' });
  const role = h('select', { id: 'join-role' }, option('member', t('home.role.member'), true), option('observer', t('home.role.observer')));
  const delegation = h('select', { id: 'join-delegation' }, option('', t('home.delegation.any'), true));
  const seats = h('p', { class: 'hint', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });

  let info: SessionInfo | null = null;
  const lookup = async () => {
    const value = code.value.trim().toUpperCase();
    if (value.length < 6) return;
    try {
      info = await api.info(value);
      replace(seats, `${tx(info.scenario.title)} — ${t('home.lookup', { free: info.free, total: info.seats.length })}`);
      replace(delegation, option('', t('home.delegation.any'), true),
        ...info.seats.filter((s) => s.controller !== 'bot').map((s) => option(s.member, `${s.member}${s.players.length ? ` (${s.players.join(', ')})` : ''}`)));
    } catch (err) {
      info = null;
      replace(seats, err instanceof ApiError ? err.error.message : '');
    }
  };
  code.addEventListener('change', lookup);
  code.addEventListener('input', () => { if (code.value.trim().length >= 7) void lookup(); });
  if (prefill) void lookup();
  role.addEventListener('change', () => { delegation.disabled = role.value !== 'member'; });

  const form = h('form', { class: 'card', 'aria-labelledby': 'join-title' },
    h('h2', { id: 'join-title' }, t('home.join')),
    field(t('home.code'), code),
    seats,
    field(t('home.name'), name),
    field(t('home.role'), role),
    field(t('home.delegation'), delegation),
    h('button', { type: 'submit', class: 'primary' }, t('home.joinButton')),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = code.value.trim().toUpperCase();
    const pending = { role: role.value, name: name.value.trim(), member: delegation.value || undefined };
    sessionStorage.setItem(`aspf.join.${c}`, JSON.stringify(pending));
    sessionStorage.setItem('aspf.locale.hint', getLocale());
    location.assign(role.value === 'observer' ? `/projector/${c}` : `/play/${c}`);
  });
  return form;
}

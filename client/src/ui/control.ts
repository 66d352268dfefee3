import { getLocale, onLocaleChange } from '../i18n/index.ts';
import { store, type ClientState } from '../store/store.ts';
import { replace } from './dom.ts';

/**
 * A control is a selector and a render (issue #14, item 8). The selector picks, from the one store,
 * everything the control shows; the render builds the control from that selection alone. A control
 * re-renders when its selection changes (compared as data) or the language changes — never
 * because of a hand-picked key, and never for a change it does not show.
 *
 * Re-rendering never loses what someone typed: values edited in the control and the open/closed
 * state of its sections are kept across renders, by element id, until the control clears them.
 */
export interface Control<S = unknown> {
  /** A name for tests and debugging, unique on a screen; also the wrapper's `data-control`. */
  readonly name: string;
  select(state: ClientState): S;
  render(selection: S): Rendered;
}
export type Rendered = HTMLElement | null | (HTMLElement | null)[];

export const control = <S>(name: string, select: (state: ClientState) => S, render: (selection: S) => Rendered): Control<S> => ({ name, select, render });

/** Plain-data equality: selections are JSON-like (numbers, strings, arrays, objects). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const isField = (el: EventTarget | null): el is Field => el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;

/** Mounts a control in `parent` (in a `display: contents` wrapper, so layout sees its cards); returns an unmount. */
export function mount(parent: HTMLElement, c: Control<unknown>, state: { subscribe: typeof store.subscribe } = store): () => void {
  const el = document.createElement('div');
  el.className = 'control';
  el.dataset.control = c.name;
  parent.append(el);
  const typed = new Map<string, string | boolean>();
  const opened = new Map<string, boolean>();
  const remember = (e: Event) => {
    const target = e.target;
    if (!isField(target) || !target.id || target.type === 'file') return;
    typed.set(target.id, target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio') ? target.checked : target.value);
  };
  el.addEventListener('input', remember);
  el.addEventListener('change', remember);
  // `toggle` does not bubble; a capturing listener on the wrapper still sees it.
  el.addEventListener('toggle', (e) => { const d = e.target as HTMLDetailsElement; if (d.id) opened.set(d.id, d.open); }, true);
  el.addEventListener('aspf:forget', (e) => { const id = (e.target as HTMLElement).id; if (id) typed.delete(id); });

  let last: unknown = Symbol('never');
  let lastLocale = '';
  const draw = (s: ClientState, force = false) => {
    const selection = c.select(s);
    if (!force && lastLocale === getLocale() && same(selection, last)) return;
    last = selection;
    lastLocale = getLocale();
    const out = c.render(selection);
    replace(el, ...(Array.isArray(out) ? out : [out]));
    for (const [id, value] of typed) {
      const f = document.getElementById(id);
      if (!isField(f) || !el.contains(f)) continue;
      if (typeof value === 'boolean' && f instanceof HTMLInputElement) f.checked = value;
      else if (typeof value === 'string' && f.value !== value) {
        f.value = value;
        f.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
    for (const [id, open] of opened) {
      const d = document.getElementById(id);
      if (d instanceof HTMLDetailsElement && el.contains(d)) d.open = open;
    }
  };
  const off = state.subscribe((s) => draw(s));
  const offLocale = onLocaleChange(() => draw(store.state, true));
  return () => { off(); offLocale(); el.remove(); };
}

/** A screen region is a list of controls. */
export function screen(parent: HTMLElement, controls: readonly Control<unknown>[]): void {
  for (const c of controls) mount(parent, c);
}

/** Empties a field on purpose (after a successful send) so the control stops restoring it. */
export function clearField(f: Field): void {
  f.value = '';
  f.dispatchEvent(new Event('aspf:forget', { bubbles: true }));
}

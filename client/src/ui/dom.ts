/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML, so names, chat and
 * custom events written by players render as text whatever they contain.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's content, keeping focus on an equivalent control when there was one. */
export function replace(el: Element, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const focusId = active && el.contains(active) ? active.id : null;
  const value = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active.value : null;
  el.replaceChildren();
  append(el, children);
  if (focusId) {
    const again = document.getElementById(focusId);
    if (again) {
      again.focus();
      if (value !== null && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement)) again.value = value;
    }
  }
}

let nextId = 0;
/** A label + control pair with a stable id, so role + name finds the control. */
export function field(label: string, control: HTMLElement, id = control.id || `f${++nextId}`): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

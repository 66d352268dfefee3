import { t } from '../i18n/index.ts';

/**
 * The projector cannot scroll (issue #14): its proposals come a page at a time. As many proposals
 * as fit the card's list are shown, open ones first (the render orders them); every `turnMs` the
 * next page comes, and the card says which ones the room is seeing ("Proposals 4–6 of 9").
 * Pages are measured again whenever the list or the screen changes.
 */
export function pageProposals(panel: HTMLElement, turnMs = 8000): void {
  let page = 0;
  let laying = false;

  const layout = () => {
    const list = panel.querySelector<HTMLElement>('.proposals.big > ul');
    const label = panel.querySelector<HTMLElement>('.proposals.big > .pager');
    if (!list || !label) return;
    laying = true;
    const items = [...list.children] as HTMLElement[];
    for (const item of items) item.hidden = false;
    const room = list.clientHeight;
    const pages: HTMLElement[][] = [[]];
    let used = 0;
    for (const item of items) {
      const height = item.offsetHeight;
      if (pages.at(-1)!.length && used + height > room) {
        pages.push([]);
        used = 0;
      }
      pages.at(-1)!.push(item);
      used += height;
    }
    page %= pages.length;
    const shown = new Set(pages[page]);
    for (const item of items) item.hidden = !shown.has(item);
    const first = items.indexOf(pages[page]![0]!) + 1;
    const text = pages.length > 1 ? t('proposals.page', { from: first, to: first + shown.size - 1, n: items.length }) : '';
    if (label.textContent !== text) label.textContent = text;
    label.hidden = !text;
    laying = false;
  };

  new MutationObserver(() => { if (!laying) layout(); }).observe(panel, { childList: true, subtree: true });
  new ResizeObserver(() => layout()).observe(panel);
  setInterval(() => {
    page += 1;
    layout();
  }, turnMs);
}

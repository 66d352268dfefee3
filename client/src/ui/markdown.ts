import { h } from './dom.ts';

/**
 * The Markdown the repo's docs use (headings, paragraphs, lists, tables, **bold**, *italics*,
 * `code`, links), rendered as DOM nodes, never as HTML: text goes in as text. Links to other repo
 * files show their text only (they are not part of the client build); images are left out for the
 * same reason.
 */
export function renderMarkdown(source: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const until = (stop: (line: string) => boolean): string[] => {
    const taken: string[] = [];
    while (i < lines.length && !stop(lines[i]!)) taken.push(lines[i++]!);
    return taken;
  };
  const blank = (l: string) => l.trim() === '';
  const startsBlock = (l: string) => blank(l) || /^(#{1,6} |[-*] |\d+\. |\||!\[)/.test(l);
  while (i < lines.length) {
    const line = lines[i]!;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (blank(line)) i++;
    else if (heading) {
      const level = Math.min(heading[1]!.length + 1, 6) as 2 | 3 | 4 | 5 | 6; // the page's own title is the h1
      out.push(h(`h${level}`, { id: slug(heading[2]!) }, ...inline(heading[2]!)));
      i++;
    } else if (/^([-*]|\d+\.) /.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const items: string[] = [];
      while (i < lines.length && (ordered ? /^\d+\. / : /^[-*] /).test(lines[i]!)) {
        const first = lines[i++]!.replace(/^([-*]|\d+\.) /, '');
        items.push([first, ...until((l) => !/^ {2,}\S/.test(l)).map((l) => l.trim())].join(' '));
      }
      out.push(h(ordered ? 'ol' : 'ul', {}, ...items.map((item) => h('li', {}, ...inline(item)))));
    } else if (line.startsWith('|')) {
      const rows = until((l) => !l.startsWith('|')).filter((l) => !/^\|[\s|:-]+\|$/.test(l))
        .map((l) => l.replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
      const [head, ...body] = rows;
      out.push(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': head?.join(' · ') ?? 'table' }, h('table', {},
        h('thead', {}, h('tr', {}, ...(head ?? []).map((c) => h('th', { scope: 'col' }, ...inline(c))))),
        h('tbody', {}, ...body.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, ...inline(c)))))))));
    } else if (line.startsWith('![')) i++;
    else {
      const para = [line, ...(i++, until(startsBlock))];
      out.push(h('p', {}, ...inline(para.map((l) => l.trim()).join(' '))));
    }
  }
  return out;
}

const slug = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

function inline(text: string): (Node | string)[] {
  const parts: (Node | string)[] = [];
  const re = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*?)\*/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    if (m[1] !== undefined) parts.push(h('strong', {}, ...inline(m[1])));
    else if (m[2] !== undefined) parts.push(h('code', {}, m[2]));
    else if (m[3] !== undefined) parts.push(/^https?:\/\//.test(m[4]!) ? h('a', { href: m[4]!, target: '_blank', rel: 'noopener noreferrer' }, ...inline(m[3])) : h('span', {}, ...inline(m[3])));
    else if (m[5] !== undefined) parts.push(h('em', {}, ...inline(m[5])));
    at = re.lastIndex;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

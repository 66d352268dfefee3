import type { Locale } from '../scenario/schema.ts';

/**
 * What bots say at the table, in the session's language (`options.locale` at creation,
 * docs/PROTOCOL.md "HTTP API"). A chat line is plain text in the log, so a bot writes it once, in
 * that language; players reading another language see it as written, like a human's message.
 * Placeholders in braces: `{member}`, `{project}`.
 */
export const BOT_LINES = {
  support: {
    en: '{member} on {project}: we can support this.',
    fr: '{member} sur {project} : nous pouvons soutenir ce projet.',
  },
  doubts: {
    en: '{member} on {project}: we have doubts about the cost.',
    fr: '{member} sur {project} : son coût nous fait douter.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type BotLine = keyof typeof BOT_LINES;

/** A bot's chat line with its placeholders filled in. */
export function botLine(line: BotLine, locale: Locale, params: { member: string; project: string }): string {
  return BOT_LINES[line][locale].replace(/\{(member|project)\}/g, (_, name: 'member' | 'project') => params[name]);
}

import { z } from 'zod';

/**
 * What text a person may put in front of the class (docs/SECURITY.md "Text policy"): names, chat
 * and announcements. Refused: characters that hide, reorder or fake text. Neutralised (changed
 * before the text is stored, so every screen and the log agree): Unicode form (NFC), runs of
 * spaces in a name, line separators and long runs of blank lines or combining marks in a message.
 */

/** C0 and C1 controls and DEL: never in a name; in a message only newline and tab. */
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f';
/** Explicit bidi embeddings, overrides and isolates: they reorder the text around them (U+202E). */
const BIDI_OVERRIDES = '\\u202a-\\u202e\\u2066-\\u2069';
/** Invisible or blank characters that would make two names look alike or a name look empty. */
const INVISIBLE = '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028\\u2029\\u2060-\\u2064\\u206a-\\u206f\\u2800\\u3164\\ufe00-\\ufe0e\\ufeff\\uffa0\\ufff0-\\ufffb';

// The class lists single code points (some of them combining) to refuse, not a combined character.
// eslint-disable-next-line no-misleading-character-class
const NAME_FORBIDDEN = new RegExp(`[${CONTROLS}${BIDI_OVERRIDES}${INVISIBLE}]|[\\u{e0000}-\\u{e007f}]`, 'u');
const MESSAGE_FORBIDDEN = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_OVERRIDES}\\ufff9-\\ufffb]`, 'u');
/** An emoji joined to another by ZWJ (👩‍🏫) is one picture, not hidden text: allowed in names. */
const EMOJI_JOIN = /(?<=\p{Extended_Pictographic}\ufe0f?)\u200d(?=\p{Extended_Pictographic})/gu;
/** More combining marks on one letter than any script needs ("Zalgo" text). */
const MARK_RUN = /(\p{M}{4})\p{M}+/gu;

/** Words only the facilitator may use as a name, in English and French (case and accents ignored). */
const RESERVED = /\b(facilitat(or|rice|eur)|animat(or|rice|eur)|moderat(or|rice|eur)|admin(istrat(or|eur|rice))?|system[e]?|organi[sz]er|organisat(eur|rice))\b/;

const plain = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Why a name is refused, or null. */
export function nameProblem(name: string): string | null {
  if (NAME_FORBIDDEN.test(name.replace(EMOJI_JOIN, ''))) return 'a name cannot hold control, invisible or direction-changing characters';
  if (/\p{M}{5}/u.test(name)) return 'a name cannot stack so many accents on one letter';
  if (name.trim() !== '' && !/[\p{L}\p{N}\p{S}]/u.test(name)) return 'a name needs at least one letter or digit';
  return null;
}

export const isReservedName = (name: string): boolean => RESERVED.test(plain(name));

/** A display name: NFC, nothing hidden, trimmed, inner spaces collapsed, 1–40 characters. */
export const NameSchema = z.string().max(200)
  .superRefine((s, ctx) => {
    const problem = nameProblem(s.normalize('NFC'));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
  .pipe(z.string().min(1, 'a name cannot be empty').max(40));

/** A name for a delegate or an observer: also not a word that claims the facilitator's authority. */
export const PlayerNameSchema = NameSchema.refine((s) => !isReservedName(s), 'that name is reserved for the facilitator; choose another');

/** Why a chat line or announcement is refused, or null. */
export function messageProblem(text: string): string | null {
  return MESSAGE_FORBIDDEN.test(text) ? 'a message cannot hold control or direction-changing characters' : null;
}

/** Chat lines and announcements: NFC; U+2028/2029 become line breaks; at most one blank line in a row; at most 4 marks per letter. */
export const neutraliseMessage = (s: string): string =>
  s.normalize('NFC').replace(/[\u2028\u2029]/g, '\n').replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').replace(MARK_RUN, '$1').trim();

export const messageSchema = (max: number) => z.string()
  .transform(neutraliseMessage)
  .pipe(z.string().min(1).max(max).superRefine((s, ctx) => {
    const problem = messageProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }));

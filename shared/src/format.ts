/**
 * Small text rules used on both sides of the wire, written once: the first problem of a failed zod
 * parse as a message, and money in $bn as the engine's messages and transcripts show it.
 */

/** The first zod issue as "field: message" (or just the message at the root) and its field. */
export function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { message: string; field?: string } {
  const issue = issues[0];
  if (!issue) return { message: 'invalid input' };
  const field = issue.path.map(String).join('.');
  return field ? { message: `${field}: ${issue.message}`, field } : { message: issue.message };
}

/** Money held in integer $m, shown in $bn with one decimal: 12345 → "$12.3bn". */
export const bn = (millions: number): string => `$${(millions / 1000).toFixed(1)}bn`;

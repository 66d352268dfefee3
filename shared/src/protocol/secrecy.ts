import type { GameEvent } from '../engine/events.ts';

/**
 * What an accepted action tells people who cannot see it (docs/PROTOCOL.md §6, docs/SECURITY.md).
 * The state's public `seq` counts only actions whose events some part of the public table shows:
 * a chat line travels as a chat message, and a sealed pledge, a private line or an injected event
 * is its channel's alone, so none of them moves `seq` or sends a public patch. Otherwise the count
 * and the timing of private acts could be read off the public numbering.
 */
export const movesPublicTable = (events: readonly GameEvent[]): boolean =>
  events.some((e) => e.type !== 'messageSent' && e.visibleTo === undefined);

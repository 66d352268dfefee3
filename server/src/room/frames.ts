import { Protocol, ResponseStatus, getMessageBytes } from '@colyseus/core';
import { decode } from '@colyseus/schema';
import { unpack } from 'msgpackr';
import type { Reply } from '@aspf/shared/protocol';

/**
 * Request frames the room cannot read (docs/PROTOCOL.md §8). Colyseus would answer them with its
 * own error (the decoder's message, sometimes echoing the decoded data) and print a stack trace
 * per frame; here such a request gets a typed `request/undecodable` reply instead, and the log one
 * short line, at most LOG_BURST a minute per process.
 *
 * A request is `[ROOM_REQUEST][request id][type][msgpack payload]`: the payload must be one msgpack
 * value, with no unknown extension, no trailing bytes and a sane depth.
 */

const MAX_DEPTH = 32;

export type FrameCheck =
  | { ok: true }
  /** The header itself is unreadable: nothing to reply to. */
  | { ok: false; requestId: null; problem: string }
  | { ok: false; requestId: number; problem: string };

export function checkRequestFrame(buffer: Uint8Array): FrameCheck {
  if ((buffer[0]! & 0x3f) !== Protocol.ROOM_REQUEST) return { ok: true };
  const it = { offset: 1 };
  let requestId: number;
  try {
    requestId = decode.number(buffer as Buffer, it);
    if (!Number.isSafeInteger(requestId) || requestId < 0) return { ok: false, requestId: null, problem: 'no request id' };
    if (decode.stringCheck(buffer as Buffer, it)) decode.string(buffer as Buffer, it);
    else decode.number(buffer as Buffer, it);
  } catch {
    return { ok: false, requestId: null, problem: 'unreadable request header' };
  }
  if (it.offset > buffer.byteLength) return { ok: false, requestId, problem: 'truncated request header' };
  if (buffer.byteLength === it.offset) return { ok: true };
  try {
    const value: unknown = unpack(buffer.subarray(it.offset));
    if (depth(value, 0) > MAX_DEPTH) return { ok: false, requestId, problem: `payload nested deeper than ${MAX_DEPTH} levels` };
  } catch (error) {
    return { ok: false, requestId, problem: describe(error) };
  }
  return { ok: true };
}

/** The typed reply to an undecodable request, as a ROOM_RESPONSE frame. */
export function undecodableReply(requestId: number, problem: string): Buffer {
  const reply: Reply = { ok: false, code: 'request/undecodable', message: `The request could not be read (${problem}); nothing changed.` };
  return getMessageBytes[Protocol.ROOM_RESPONSE](requestId, ResponseStatus.OK, reply);
}

function depth(value: unknown, level: number): number {
  if (level > MAX_DEPTH || value === null || typeof value !== 'object') return level;
  let deepest = level;
  for (const child of Object.values(value as object)) {
    deepest = Math.max(deepest, depth(child, level + 1));
    if (deepest > MAX_DEPTH) break;
  }
  return deepest;
}

/** The decoder's complaint, short and without the data it decoded. */
function describe(error: unknown): string {
  if (error instanceof RangeError) return 'nested too deep';
  const text = error instanceof Error ? error.message : String(error);
  if (/extension/i.test(text)) return 'unknown msgpack extension';
  if (/end of buffer not reached/i.test(text)) return 'trailing bytes after the payload';
  if (/unexpected end|beyond|out of range/i.test(text)) return 'truncated payload';
  return 'not msgpack';
}

/** A log budget: at most `burst` lines per minute; the rest are counted and summed up once. */
export class LogBudget {
  private windowStart = 0;
  private used = 0;
  private dropped = 0;
  private readonly burst: number;
  constructor(burst: number) {
    this.burst = burst;
  }

  /** Whether to write this line; when a new minute starts, also how many were dropped in the last. */
  take(now: number): { write: boolean; dropped: number } {
    let dropped = 0;
    if (now - this.windowStart >= 60_000) {
      dropped = this.dropped;
      this.windowStart = now;
      this.used = 0;
      this.dropped = 0;
    }
    if (this.used < this.burst) {
      this.used += 1;
      return { write: true, dropped };
    }
    this.dropped += 1;
    return { write: false, dropped };
  }
}

/** One budget for the whole process: bad frames from any number of connections write at most 20 lines a minute. */
export const badFrameLog = new LogBudget(20);

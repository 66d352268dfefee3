import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, TEAM_CODE_LENGTH } from '@aspf/shared/protocol';

/**
 * Credentials (docs/PROTOCOL.md "Credentials"). Every secret is 128 bits from the CSPRNG, written
 * as 22 base64url characters; only its SHA-256 is stored, and a presented secret is compared with
 * the stored hash in constant time. 128 random bits need no slow hash: nothing can be guessed.
 */

/** A facilitator key or a seat token. */
export const newSecret = (): string => randomBytes(16).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time: whether `secret` hashes to `storedHash`. */
export function matchesHash(secret: string, storedHash: string): boolean {
  const given = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/** A join code: JOIN_CODE_LENGTH characters drawn uniformly from the unambiguous alphabet. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/**
 * A delegation's team code: HMAC-SHA256 of the member id under the session's stored secret (the
 * facilitator key's hash, which never leaves the server), written in the join-code alphabet. It is
 * the same in every process and after every restart, and tells nothing about other delegations'.
 * 23^5 ≈ 6.4 million codes; wrong ones count as refused joins (docs/SECURITY.md).
 */
export function teamCode(sessionSecret: string, member: string): string {
  const mac = createHmac('sha256', sessionSecret).update(`team:${member}`).digest();
  let code = '';
  for (let i = 0; i < TEAM_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[mac.readUInt32BE(i * 4) % JOIN_CODE_ALPHABET.length];
  return code;
}

/** Constant-time comparison of two short codes. */
export const sameCode = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The public id of a seat (the key of the `players` map): random, short, and not a credential. */
export const newPlayerId = (): string => randomBytes(6).toString('base64url');

/** A session seed when the creator gives none. */
export const newSeed = (): number => randomInt(0, 2 ** 32 - 1);

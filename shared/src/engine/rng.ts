/**
 * The seeded PRNG that lives inside the game state (R8.1): mulberry32 over a uint32 state.
 * Pure: each draw returns the value and the next state, so replay reproduces every draw.
 */
export function nextRandom(state: number): [value: number, next: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** A uint32 seed from any integer or string (FNV-1a), so `--seed 7` and `"7"` agree. */
export function seedFrom(input: number | string): number {
  const text = String(input);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A mutable cursor over the state's RNG, for use inside one `apply` on a draft. */
export class Rng {
  state: number;
  constructor(state: number) {
    this.state = state;
  }
  next(): number {
    const [value, next] = nextRandom(this.state);
    this.state = next;
    return value;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

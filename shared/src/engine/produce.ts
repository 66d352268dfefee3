/**
 * Copy-on-write by structural sharing: `produce(base, recipe)` runs `recipe` on a draft of `base`
 * and returns the next value, in which only the objects and arrays the recipe wrote to (and their
 * ancestors) are new; every other row keeps its identity (`next.members.de === base.members.de`),
 * so a projection can skip what did not change. `base` is never written. Handlers stay plain
 * mutating code: no list of what may change is kept anywhere.
 *
 * How: each object or array read through the draft is wrapped in a Proxy on first access; its first
 * write makes a shallow copy of it and of each ancestor (path copying). At the end, drafts that were
 * written become their copies and untouched drafts become their bases again. Only plain objects and
 * arrays are drafted (the game state holds nothing else). `extra` values the recipe produced (the
 * events) are cleaned of drafts the same way, so no Proxy leaves this module.
 */

interface Node {
  base: object;
  /** The shallow copy, once this node or one of its descendants was written. */
  copy: Record<PropertyKey, unknown> | null;
  /** Child drafts read while this node was still unwritten (moved into `copy` on first write). */
  children: Map<PropertyKey, object> | null;
  parent: Node | null;
  proxy: object;
  /** Finalized: `copy` is now part of the published value. */
  done: boolean;
  /** Shared by every draft of one produce; closed when it returns, after which writes throw. */
  scope: Scope;
}

interface Scope {
  open: boolean;
  /** Values the recipe only reads: handed out as they are, never drafted (see `produce`). */
  readOnly: ReadonlySet<object>;
}

/** A draft answers this key with its node; any other value has no such property. */
const NODE = Symbol('draft');
type Target = { [NODE]: Node };

const isDraftable = (value: unknown): value is object => {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const nodeOf = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null ? (value as Partial<Target>)[NODE] : undefined;

function draftOf(base: object, parent: Node | null, scope: Scope): object {
  const node: Node = { base, copy: null, children: null, parent, proxy: null as never, done: false, scope };
  // The target only carries the node (an array for arrays, so Array.isArray sees one).
  const target = (Array.isArray(base) ? [] : {}) as Target;
  target[NODE] = node;
  node.proxy = new Proxy(target, TRAPS);
  return node.proxy;
}

const source = (node: Node): Record<PropertyKey, unknown> => (node.copy ?? node.base) as Record<PropertyKey, unknown>;

function markWritten(node: Node): void {
  if (node.copy) return;
  node.copy = (Array.isArray(node.base) ? node.base.slice() : { ...node.base }) as Record<PropertyKey, unknown>;
  if (node.children) for (const [key, child] of node.children) node.copy[key] = child;
  node.children = null;
  if (node.parent) markWritten(node.parent);
}

// Reading a draft that escaped is harmless (it reads the published value); writing would change it.
function assertOpen(node: Node): void {
  if (!node.scope.open) throw new TypeError('a draft was written after its produce() returned');
}

function read(node: Node, key: PropertyKey): unknown {
  const value = source(node)[key];
  if (typeof value !== 'object' || value === null || (value as Partial<Target>)[NODE] || !isDraftable(value)) return value;
  if (node.scope.readOnly.has(value)) return value;
  const base = node.base as Record<PropertyKey, unknown>;
  if (node.copy) {
    // A value assigned during this produce is the recipe's own object: no draft needed.
    if (value !== base[key]) return value;
    const child = draftOf(value, node, node.scope);
    node.copy[key] = child;
    return child;
  }
  const known = node.children?.get(key);
  if (known) return known;
  const child = draftOf(value, node, node.scope);
  (node.children ??= new Map()).set(key, child);
  return child;
}

const TRAPS: ProxyHandler<Target> = {
  get(target, key) {
    const node = target[NODE];
    return key === NODE ? node : read(node, key);
  },
  set(target, key, value) {
    const node = target[NODE];
    assertOpen(node);
    const from = source(node);
    if (Object.hasOwn(from, key)) {
      const current = node.copy ? from[key] : (node.children?.get(key) ?? from[key]);
      if (Object.is(current, value)) return true;
    }
    markWritten(node);
    node.copy![key] = value;
    return true;
  },
  deleteProperty(target, key) {
    const node = target[NODE];
    assertOpen(node);
    if (!Object.hasOwn(source(node), key)) return true;
    markWritten(node);
    delete node.copy![key];
    return true;
  },
  has: (target, key) => key in source(target[NODE]),
  ownKeys: (target) => Reflect.ownKeys(source(target[NODE])),
  getOwnPropertyDescriptor(target, key) {
    const node = target[NODE];
    const desc = Reflect.getOwnPropertyDescriptor(source(node), key);
    if (!desc) return undefined;
    const lengthOfArray = Array.isArray(node.base) && key === 'length';
    return { value: read(node, key), writable: true, enumerable: desc.enumerable, configurable: !lengthOfArray };
  },
  getPrototypeOf: (target) => Object.getPrototypeOf(target[NODE].base),
  defineProperty() {
    throw new TypeError('defineProperty on a draft is not supported');
  },
  setPrototypeOf() {
    throw new TypeError('setPrototypeOf on a draft is not supported');
  },
};

/** The final value of a draft: its base when nothing under it was written, else its copy, cleaned. */
function finalize(node: Node): object {
  if (!node.copy) return node.base;
  if (node.done) return node.copy;
  node.done = true;
  const copy = node.copy;
  const base = node.base as Record<PropertyKey, unknown>;
  for (const key of Object.keys(copy)) {
    const value = copy[key];
    const child = nodeOf(value);
    if (child) copy[key] = finalize(child);
    else if (value !== base[key] && typeof value === 'object' && value !== null) clean(value, new Set());
  }
  return copy;
}

/** Replaces drafts nested in a value the recipe built (in place: the value is the recipe's own). */
function clean(value: object, seen: Set<object>): void {
  if (seen.has(value) || !isDraftable(value) || Object.isFrozen(value)) return;
  seen.add(value);
  const record = value as Record<PropertyKey, unknown>;
  for (const key of Object.keys(record)) {
    const inner = record[key];
    const child = nodeOf(inner);
    if (child) record[key] = finalize(child);
    else if (typeof inner === 'object' && inner !== null) clean(inner, seen);
  }
}

/**
 * `readOnly`: values inside `base` that the recipe reads but never writes (configuration), handed
 * to it as they are: reading through a draft costs a trap per property. A write to one of them would
 * not be copied, so callers list only data nothing writes (tests run on deep-frozen states, where
 * such a write throws).
 */
export function produce<T extends object, E extends object>(base: T, recipe: (draft: T) => E, readOnly: readonly object[] = []): { value: T; extra: E } {
  const scope: Scope = { open: true, readOnly: new Set(readOnly) };
  const proxy = draftOf(base, null, scope);
  try {
    const extra = recipe(proxy as T);
    const value = finalize(nodeOf(proxy)!) as T;
    const extraNode = nodeOf(extra);
    if (extraNode) return { value, extra: finalize(extraNode) as E };
    clean(extra, new Set());
    return { value, extra };
  } finally {
    scope.open = false;
  }
}

// The names a binding list sets, hashed while it is parsed: when none
// repeats and all are plain identifiers, the list cannot hold a duplicate or
// a dynamic name, and the post-parse checks (checks/) can skip it.
import { SyntaxKind as K, isTrivia } from "../kinds.js";
import type { TokenCursor } from "../parser/cursor.js";

// What a hashed attribute path was in a binding list (see notePath).
const PATH_FULL = 1;
const PATH_PREFIX = 2;

/** FNV-1a hash of token j's text, read in place. */
export function nameHash(c: TokenCursor, j: number): number {
  const src = c.src;
  let h = 0x811c9dc5;
  for (let q = c.starts[j]!, e = c.starts[j + 1]!; q < e; q++) h = Math.imul(h ^ src.charCodeAt(q), 16777619);
  return h;
}

/**
 * The hashed paths of the binding lists being parsed (see notePath), all in one open-addressed
 * table: a Map per list was most of the garbage a parse made. Lists nest (a value holds a set),
 * so each entry carries its list's number, and a list's entries are taken out when it ends, last
 * in first out, which leaves every other entry's probe run as it was.
 */
export class SeenPaths {
  // (small at first: the incremental re-parse makes a parser per keystroke; grown by doubling)
  private keys: Int32Array = new Int32Array(64);
  private owners: Int32Array = new Int32Array(64);
  /** 0: an empty slot, else PATH_FULL / PATH_PREFIX bits. */
  private vals: Uint8Array = new Uint8Array(64);
  /** The slots filled, in order. */
  private order: Int32Array = new Int32Array(32);
  private used = 0;
  private lists = 0;

  /** A new list's number. */
  newList(): number {
    return ++this.lists;
  }
  /** Where the entries added from now on start (for drop). */
  mark(): number {
    return this.used;
  }
  /** Takes out the entries added since `mark`. */
  drop(mark: number): void {
    const order = this.order,
      vals = this.vals;
    while (this.used > mark) vals[order[--this.used]!] = 0;
  }
  get(list: number, h: number): number {
    const slot = this.slotOf(list, h);
    return this.vals[slot]!;
  }
  set(list: number, h: number, v: number): void {
    const slot = this.slotOf(list, h);
    if (this.vals[slot] === 0) {
      this.keys[slot] = h;
      this.owners[slot] = list;
      if (this.used === this.order.length) this.order = grown(this.order, this.used * 2);
      this.order[this.used++] = slot;
    }
    this.vals[slot] = v;
    // at most half full, so that probe runs stay short
    if (this.used * 2 > this.vals.length) this.rehash();
  }
  /** The slot holding (list, h), or the empty one where it would go. */
  private slotOf(list: number, h: number): number {
    const mask = this.vals.length - 1;
    let i = (h ^ Math.imul(list, 0x9e3779b1)) & mask;
    while (this.vals[i] !== 0 && (this.keys[i] !== h || this.owners[i] !== list)) i = (i + 1) & mask;
    return i;
  }
  /** Twice the room; entries go back in their order, so drop() stays exact. */
  private rehash(): void {
    const { keys, owners, vals, used } = this;
    const order = this.order.slice(0, used);
    const size = vals.length * 2;
    this.keys = new Int32Array(size);
    this.owners = new Int32Array(size);
    this.vals = new Uint8Array(size);
    this.used = 0;
    for (let q = 0; q < used; q++) {
      const at = order[q]!;
      this.set(owners[at]!, keys[at]!, vals[at]!);
    }
  }
}

function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * Record the attribute path of the binding starting at token j in `seen`
 * (path hash -> PATH_FULL / PATH_PREFIX bits). True when the set needs the
 * full check: a path equal to, or a prefix of, another one (`a.b` after
 * `a`), or a name that is not a plain identifier. Paths that are all
 * distinct and prefix-free (`boot.loader.x`, `boot.kernel`) cannot clash.
 */
export function notePath(c: TokenCursor, j: number, seen: SeenPaths, list: number): boolean {
  let h = 0;
  for (let steps = 0; steps < 256; steps++) {
    const k = c.kinds[j];
    let part: number;
    if (k === K.Ident || k === K.OrKw) part = nameHash(c, j);
    else if (k === K.Quote) {
      // "name": one plain fragment (or none) reads like an identifier
      const f = c.kinds[j + 1];
      if (f === K.Quote) {
        part = 0x811c9dc5;
        j += 1;
      }
      else if (f === K.StrFragment && c.kinds[j + 2] === K.Quote && !hasCR(c, j + 1)) {
        part = nameHash(c, j + 1);
        j += 2;
      } else return true;
    } else if (k === K.DollarCurly) {
      // `${x}`: Nix checks nothing at or below a computed name; `${"a"}` is static, though
      const e = c.kinds[c.skipTrivia(j + 1)];
      return e === K.Quote || e === K.LParen || e === K.IndQuote;
    } else return true;
    h = Math.imul(h ^ part, 16777619) ^ 0x2e;
    j = c.skipTrivia(j + 1);
    const next = c.kinds[j];
    const m = seen.get(list, h);
    if (next === K.Dot) {
      if (m & PATH_FULL) return true;
      seen.set(list, h, m | PATH_PREFIX);
      j = c.skipTrivia(j + 1);
      continue;
    }
    if (next !== K.Assign || m !== 0) return true;
    seen.set(list, h, PATH_FULL);
    return false;
  }
  return true;
}

function hasCR(c: TokenCursor, j: number): boolean {
  for (let q = c.starts[j]!, e = c.starts[j + 1]!; q < e; q++) if (c.src.charCodeAt(q) === 13) return true;
  return false;
}

/** Record the names an `inherit` (tokens from..to) adds, as notePath does. */
export function noteInheritNames(c: TokenCursor, from: number, to: number, seen: SeenPaths, list: number): boolean {
  let depth = 0;
  for (let j = from + 1; j < to; j++) {
    const k = c.kinds[j]!;
    if (k === K.LParen) depth++;
    else if (k === K.RParen) depth--;
    else if (depth > 0 || isTrivia(k)) continue;
    else if (k === K.Ident || k === K.OrKw) {
      const h = Math.imul(nameHash(c, j), 16777619) ^ 0x2e;
      if (seen.get(list, h) !== 0) return true;
      seen.set(list, h, PATH_FULL);
    } else if (k === K.Quote || k === K.DollarCurly) return true;
  }
  return false;
}

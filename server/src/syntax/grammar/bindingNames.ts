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
 * Record the attribute path of the binding starting at token j in `seen`
 * (path hash -> PATH_FULL / PATH_PREFIX bits). True when the set needs the
 * full check: a path equal to, or a prefix of, another one (`a.b` after
 * `a`), or a name that is not a plain identifier. Paths that are all
 * distinct and prefix-free (`boot.loader.x`, `boot.kernel`) cannot clash.
 */
export function notePath(c: TokenCursor, j: number, seen: Map<number, number>): boolean {
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
    const m = seen.get(h) ?? 0;
    if (next === K.Dot) {
      if (m & PATH_FULL) return true;
      seen.set(h, m | PATH_PREFIX);
      j = c.skipTrivia(j + 1);
      continue;
    }
    if (next !== K.Assign || m !== 0) return true;
    seen.set(h, PATH_FULL);
    return false;
  }
  return true;
}

function hasCR(c: TokenCursor, j: number): boolean {
  for (let q = c.starts[j]!, e = c.starts[j + 1]!; q < e; q++) if (c.src.charCodeAt(q) === 13) return true;
  return false;
}

/** Record the names an `inherit` (tokens from..to) adds, as notePath does. */
export function noteInheritNames(c: TokenCursor, from: number, to: number, seen: Map<number, number>): boolean {
  let depth = 0;
  for (let j = from + 1; j < to; j++) {
    const k = c.kinds[j]!;
    if (k === K.LParen) depth++;
    else if (k === K.RParen) depth--;
    else if (depth > 0 || isTrivia(k)) continue;
    else if (k === K.Ident || k === K.OrKw) {
      const h = Math.imul(nameHash(c, j), 16777619) ^ 0x2e;
      if (seen.has(h)) return true;
      seen.set(h, PATH_FULL);
    } else if (k === K.Quote || k === K.DollarCurly) return true;
  }
  return false;
}

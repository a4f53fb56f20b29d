// Where, after an edit, the rest of the new text is known from the old tree to
// lex as it did: a `"` typed with nothing after it pairs the quotes after it
// the other way round, and the cut of a runaway string (lexer/lex.ts) must know
// how the rest of the file lexes then. Once the quotes pair up as before (a
// comment or a `''` string a few lines on takes the odd one), the rest is the
// old text's, which lexed with no error: it need not be lexed again.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken, lastStartingBy } from "./tree.js";
import type { SyntaxError } from "./parser/result.js";
import { childHolding } from "./treeSplice.js";

/** Nodes inside which the lexer is not in code with only plain `{` open. */
const NOT_CODE = new Set<K>([K.String, K.IndString, K.Interpolation, K.Path, K.Dynamic]);

/**
 * For an edit that made [start, newEnd) of the new text out of the old text
 * (`delta` = new length - old length): a test of offsets p of the new text
 * (asked in ascending order; see PrefixStrings.settled) that holds where p is
 * past the edit (the text from p on is the old text from q = p - delta on), a
 * token of the old tree starts at q outside every string, path and
 * interpolation (so the old lexer stood in code with only plain `{` open
 * there, and from there on lexed as from the start of a file), and no old
 * error lies at or after q (so none of the old lexer's errors or cuts did).
 */
export function settledPoints(root: SyntaxNode, errors: readonly SyntaxError[], newEnd: number, delta: number): (p: number) => boolean {
  let last = -1;
  for (const e of errors) last = Math.max(last, e.start, e.end);
  // the nodes from the root down to the last one reached (the next point is further on)
  const path: SyntaxNode[] = [root];
  return (p) => {
    if (p < newEnd) return false;
    const q = p - delta;
    if (q <= last || q < root.start || q >= root.end) return false;
    for (let top = path[path.length - 1]!; path.length > 1 && !(top.start <= q && q < top.end); top = path[path.length - 1]!) path.pop();
    let n = path[path.length - 1]!;
    for (let c = childHolding(n, q, q + 1); c !== undefined; c = childHolding(n, q, q + 1)) {
      path.push(c);
      n = c;
    }
    for (const a of path) if (NOT_CODE.has(a.kind)) return false;
    // the token holding q must start there (a line break inside a block comment is no token's start)
    const cs = n.children;
    const i = lastStartingBy(cs, q);
    return i >= 0 && cs[i] instanceof SyntaxToken && cs[i]!.start === q;
  };
}

// Expand selection: for each offset, ranges from the innermost meaningful one
// (the name or token under the cursor) outwards to the whole file. Each range
// contains the one before it; equal ranges appear once.
//
// Extra levels besides the syntax nodes:
//   - attribute path prefixes: in `a.b.c = v;` with the cursor on `b`: `b`, `a.b`, `a.b.c`, the binding
//   - string contents without the quotes, before the string with quotes
//   - the inside of `{ ... }`, `[ ... ]`, `( ... )` without the brackets
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokenAt, isTrivia } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { TextRange } from './types.js';

const OPENERS = new Set([K.LBrace, K.LBrack, K.LParen, K.Quote, K.IndQuote]);
const CLOSERS = new Set([K.RBrace, K.RBrack, K.RParen, K.Quote, K.IndQuote]);

/** The range between the first opening and the last closing token, trimmed of whitespace. */
function innerRange(a: Analysis, n: SyntaxNode, trim: boolean): TextRange | undefined {
  const first = n.children[0];
  const last = n.children[n.children.length - 1];
  if (!(first instanceof SyntaxToken) || !(last instanceof SyntaxToken) || first === last) return undefined;
  if (!OPENERS.has(first.kind) || !CLOSERS.has(last.kind)) return undefined;
  let start = first.end;
  let end = last.start;
  if (trim) {
    while (start < end && /\s/.test(a.text[start]!)) start++;
    while (end > start && /\s/.test(a.text[end - 1]!)) end--;
  }
  return end > start ? { start, end } : undefined;
}

function chainAt(a: Analysis, offset: number): TextRange[] {
  const out: TextRange[] = [];
  const push = (r: TextRange | undefined) => {
    if (!r) return;
    const prev = out[out.length - 1];
    if (prev && prev.start === r.start && prev.end === r.end) return;
    if (prev && (r.start > prev.start || r.end < prev.end)) return; // must grow
    out.push({ start: r.start, end: r.end });
  };

  let tok: SyntaxToken | undefined = tokenAt(a.tree, offset);
  // Between tokens (or in whitespace/comment), prefer the token just before when it ends here.
  if (tok && (isTrivia(tok.kind) || offset === tok.start) && offset > 0) {
    const before = tokenAt(a.tree, offset - 1);
    if (before && !isTrivia(before.kind) && before.end === offset && (isTrivia(tok.kind) || !/\w/.test(a.text[offset] ?? ''))) tok = before;
  }
  let node: SyntaxNode | null = null;
  if (tok) {
    if (tok.kind === K.Comment || tok.kind === K.BlockComment || !isTrivia(tok.kind)) push(tok);
    node = tok.parent;
  }
  let child: SyntaxNode | SyntaxToken | undefined = tok;
  for (let n = node; n; child = n, n = n.parent) {
    if (n.kind === K.String || n.kind === K.IndString) push(innerRange(a, n, false));
    else if (n.kind === K.AttrSet || n.kind === K.List || n.kind === K.Paren) push(innerRange(a, n, true));
    if (n.kind === K.AttrPath && child) {
      // Prefixes `a`, `a.b`, ... up to the part holding the cursor, then the whole path.
      const parts = n.childNodes();
      const idx = parts.findIndex((p) => p === child || (p.start <= child!.start && child!.end <= p.end));
      if (idx >= 0) push({ start: parts[0]!.start, end: parts[idx]!.end });
    }
    push(n);
  }
  push({ start: 0, end: a.text.length });
  return out;
}

/** For each offset, the selection chain innermost first, ending with the whole file. */
export function selectionRanges(a: Analysis, offsets: number[]): TextRange[][] {
  return offsets.map((o) => chainAt(a, Math.max(0, Math.min(o, a.text.length))));
}

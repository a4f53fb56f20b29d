// `a < b < c`  ->  error comparison-chain, fix `(a < b) < c`
import { SyntaxKind as K, SyntaxNode, SyntaxToken, BinaryOp, tokenAt, type SyntaxError } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Fix, TextEdit } from '../types.js';

const EQUALITY_OPS: ReadonlySet<K> = new Set([K.EqEq, K.NotEq]);
const ORDER_OPS: ReadonlySet<K> = new Set([K.Lt, K.Le, K.Gt, K.Ge]);

/** `lhs op rhs`, when the node is a BinaryOp with both operands and nothing broken among its children. */
function completeBinary(n: SyntaxNode): { lhs: SyntaxNode; op: SyntaxToken; rhs: SyntaxNode } | undefined {
  if (n.kind !== K.BinaryOp || n.node(K.Error)) return undefined;
  const b = new BinaryOp(n);
  const lhs = b.lhs(),
    op = b.opToken,
    rhs = b.rhs();
  return lhs && op && rhs ? { lhs, op, rhs } : undefined;
}

/**
 * `a < b < c` -> `(a < b) < c`: the error is at the second operator, whose
 * left operand is the first comparison; in parentheses that is one operand.
 */
export function comparisonChainFix(a: Analysis, e: SyntaxError): Fix | undefined {
  const t = tokenAt(a.tree, e.start);
  if (!t || t.start !== e.start || t.end !== e.end || !t.parent) return undefined;
  const outer = completeBinary(t.parent);
  if (!outer || outer.op !== t) return undefined;
  const inner = completeBinary(outer.lhs);
  if (!inner) return undefined;
  const same = EQUALITY_OPS.has(t.kind) ? EQUALITY_OPS : ORDER_OPS.has(t.kind) ? ORDER_OPS : undefined;
  if (!same || !same.has(inner.op.kind)) return undefined;
  // `a < b < c < d` at the last `<`: `((a < b) < c) < d`, or the chain on the left stays
  const closes: TextEdit[] = [];
  let l = outer.lhs;
  for (;;) {
    closes.push({ start: l.end, end: l.end, newText: ')' });
    const b = completeBinary(l);
    const next = b && completeBinary(b.lhs);
    if (!b || !next || !same.has(next.op.kind)) break;
    l = b.lhs;
  }
  return {
    title: 'Add parentheses around the left comparison',
    edits: [{ start: l.start, end: l.start, newText: '('.repeat(closes.length) }, ...closes.reverse()],
    preferred: true,
  };
}

// What the incremental re-parsing ways (incremental.ts, reparseParen.ts) share
// to put a part parsed again into the old tree: where the full parser stood
// there, and moving what lies after the edit.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken, lastStartingBy } from "./tree.js";
import type { Lineage } from "./parser/lineage.js";

/** Parser depth a tree level may take (expression, operator, atom): over-estimated on purpose. */
export const DEPTH_PER_LEVEL = 4;

/** Move every token start at or after `from` (old offsets) by `delta`, in every store of the tree. */
export function shiftStores(lineage: Lineage, from: number, delta: number): void {
  for (const st of lineage.stores) {
    // a store's starts ascend: find the first to move, then move the rest without a test each
    const starts = st.starts;
    let lo = 0,
      hi = st.count + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j <= st.count; j++) starts[j]! += delta;
  }
}

/** Whether the lexer is in code outside every interpolation at `list`. */
export function inCode(list: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = list; n !== null; n = n.parent) if (n.kind === K.Interpolation || n.kind === K.Dynamic) return false;
  return true;
}

/** The child node of `n` holding [start, end). */
export function childHolding(n: SyntaxNode, start: number, end: number): SyntaxNode | undefined {
  const cs = n.rawChildNodes();
  let found = lastStartingBy(cs, start);
  if (found < 0) return undefined;
  // the first child in order that holds it, as a scan finds: children before may end right
  // at `start` (an empty span there), and zero-width ones share a start
  while (found > 0 && end <= cs[found - 1]!.end) found--;
  for (let i = found; i < cs.length && cs[i]!.start <= start; i++) if (end <= cs[i]!.end) return cs[i];
  return undefined;
}

/** Adds to `counts` the closers the constructs enclosing `node` wait for there; false where that cannot be told. */
export function awaitedAbove(node: SyntaxNode, counts: Map<K, number>): boolean {
  const add = (k: K) => counts.set(k, (counts.get(k) ?? 0) + 1);
  let child: SyntaxNode = node;
  for (let p: SyntaxNode | null = node.parent; p !== null; child = p, p = p.parent) {
    switch (p.kind) {
      case K.Binding:
        if (tokenBefore(p, K.Assign, child)) add(K.Semicolon);
        break;
      case K.AttrSet:
      case K.LegacyLet:
      case K.Pattern:
        add(K.RBrace);
        break;
      case K.LetIn:
        if (tokenAfter(p, K.In, child)) add(K.In);
        else if (!tokenBefore(p, K.In, child)) return false;
        break;
      case K.IfElse:
        if (tokenAfter(p, K.Then, child)) add(K.Then);
        else if (tokenAfter(p, K.Else, child)) add(K.Else);
        else if (!tokenBefore(p, K.Else, child)) return false;
        break;
      case K.WithExpr:
      case K.AssertExpr:
        if (tokenAfter(p, K.Semicolon, child)) add(K.Semicolon);
        else if (!tokenBefore(p, K.Semicolon, child)) return false;
        break;
      case K.Paren:
      case K.InheritFrom:
        add(K.RParen);
        break;
      case K.List:
        add(K.RBrack);
        break;
      case K.Interpolation:
      case K.Dynamic:
        add(K.InterpEnd);
        break;
      case K.PatEntry:
        if (tokenBefore(p, K.Question, child)) add(K.Comma);
        break;
      case K.Error:
        return false;
    }
  }
  return true;
}

/** Whether `n` has a token of `kind` ending at or before `child` starts. */
export function tokenBefore(n: SyntaxNode, kind: K, child: SyntaxNode): boolean {
  for (const c of n.children) {
    if (c === child) return false;
    if (c instanceof SyntaxToken && c.kind === kind) return true;
  }
  return false;
}
/** Whether `n` has a token of `kind` after `child`. */
export function tokenAfter(n: SyntaxNode, kind: K, child: SyntaxNode): boolean {
  let seen = false;
  for (const c of n.children) {
    if (c === child) seen = true;
    else if (seen && c instanceof SyntaxToken && c.kind === kind) return true;
  }
  return false;
}


// What the editor features ask of an analysis: the name at an offset, the
// definition it stands for, and the names in scope at an offset.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokenAt, lastStartingBy, type TextRange } from '../syntax/index.js';
import { rangeOf, type Analysis, type Definition, type Reference } from './model.js';

/** The identifier-like name node (IdentExpr, or a String attr name) at or just before `offset`. */
export function nameNodeAt(a: Analysis, offset: number): SyntaxNode | undefined {
  for (const o of [offset, offset - 1]) {
    if (o < 0) continue;
    const n = identOrAttrAt(a, o);
    if (n) return n;
  }
  return undefined;
}

function identOrAttrAt(a: Analysis, offset: number): SyntaxNode | undefined {
  const t = tokenAt(a.tree, offset);
  if (!t || offset < t.start || offset >= t.end) return undefined;
  const p = t.parent;
  if (!p) return undefined;
  if ((t.kind === K.Ident || t.kind === K.OrKw) && p.kind === K.IdentExpr) return p;
  // `"x" = 1;` in a let, or `inherit "x";`
  if ((t.kind === K.StrFragment || t.kind === K.Quote) && (a.definitionOfName.has(p) || a.referenceOfNode.has(p))) return p;
  return undefined;
}

export interface SymbolAt {
  node: SyntaxNode;
  range: TextRange;
  name: string;
  /** The definition this name writes (e.g. the `x` of `x = 1;`). */
  defines?: Definition;
  /** The reference this name makes (an `inherit x;` name does both). */
  reference?: Reference;
}

/** The variable name under the cursor, with what it defines and/or references. */
export function symbolAt(a: Analysis, offset: number): SymbolAt | undefined {
  const node = nameNodeAt(a, offset);
  if (!node) return undefined;
  const defines = a.definitionOfName.get(node);
  const reference = a.referenceOfNode.get(node);
  if (!defines && !reference) return undefined;
  const name = defines?.name ?? reference!.name;
  const out: SymbolAt = { node, range: rangeOf(node), name };
  if (defines) out.defines = defines;
  if (reference) out.reference = reference;
  return out;
}

/** The definition a symbol stands for: what it defines, else what it refers to. */
export function targetDefinition(s: SymbolAt): Definition | undefined {
  if (s.defines) return s.defines;
  return s.reference?.resolution.kind === 'local' ? s.reference.resolution.definition : undefined;
}

export interface NameInScope {
  name: string;
  definition?: Definition;
  builtin?: boolean;
}

/**
 * Names visible at `offset`, innermost first (a shadowed name appears once),
 * and the `with`s active there. With `want`, only the names it holds for
 * (completion passes the word typed so far: a big `let` has thousands of
 * names, most of which it would drop).
 */
export function scopeAt(a: Analysis, offset: number, want?: (name: string) => boolean): { names: NameInScope[]; withs: SyntaxNode[] } {
  // in whitespace, the token before it decides (`let a = 1; in |` is inside the let)
  while (offset > 0) {
    const t = tokenAt(a.tree, offset - 1);
    if (t && t.kind <= K.BlockComment && t.start < offset && t.end >= offset) offset = t.start;
    else break;
  }
  const path: SyntaxNode[] = [];
  let n: SyntaxNode = a.tree;
  path.push(n);
  for (;;) {
    const next = childAround(n, offset);
    if (!next) break;
    path.push(next);
    n = next;
  }
  const seen = new Set<string>();
  const names: NameInScope[] = [];
  const withs: SyntaxNode[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    const child = path[i + 1];
    if (node.kind === K.WithExpr) {
      const semi = node.token(K.Semicolon);
      if (semi && offset >= semi.end) withs.push(node);
      continue;
    }
    const s = a.scopeOf.get(node);
    if (!s) continue;
    // `inherit x;` looks outside the binding list it is in
    if (child && child.kind === K.Inherit_ && s.kind !== 'lambda') {
      const from = child.node(K.InheritFrom);
      if (!from || offset < from.start || offset > from.end) continue;
    }
    for (const d of s.defs.values()) {
      // (a name not wanted is not wanted further out either: it need not be seen)
      if ((want !== undefined && !want(d.name)) || seen.has(d.name)) continue;
      seen.add(d.name);
      names.push({ name: d.name, definition: d });
    }
  }
  return { names, withs };
}

// The last child node containing offset, or ending at it without a closing token.
function childAround(n: SyntaxNode, offset: number): SyntaxNode | undefined {
  const cs = n.children;
  for (let i = lastStartingBy(cs, offset); i >= 0; i--) {
    const c = cs[i]!;
    if (c.end < offset) break;
    if (c instanceof SyntaxNode && (offset < c.end || !closed(c))) return c;
  }
  return undefined;
}

// Whether a node ends with a closing token, so an offset at its end is outside it.
function closed(n: SyntaxNode): boolean {
  const last = n.children[n.children.length - 1];
  if (!last) return false;
  if (last instanceof SyntaxToken)
    return [K.RBrace, K.RBrack, K.RParen, K.Quote, K.IndQuote, K.InterpEnd, K.Semicolon].includes(last.kind);
  return closed(last);
}

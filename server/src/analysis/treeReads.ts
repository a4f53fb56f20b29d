// Reads of a node's children that the syntax views also offer, made without
// them: the resolver runs on every keystroke over the whole file, and a view
// allocates an object, often an array, per call.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, EXPR_KINDS, attrStaticName } from '../syntax/index.js';

/** Expression kinds as a table indexed by kind (EXPR_KINDS without a Set lookup per child). */
export const IS_EXPR: Uint8Array = (() => {
  let max = 0;
  for (const v of Object.values(K)) if (typeof v === 'number' && v > max) max = v;
  const t = new Uint8Array(max + 1);
  for (const k of EXPR_KINDS) t[k] = 1;
  return t;
})();

/** A part of an AttrPath (`AttrPath.parts()`). */
export function isPathPart(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic || k === K.IndString;
}

/** A name of an `inherit` (`Inherit.attrs()`). */
export function isInheritAttr(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic;
}

/** The first expression child after the first child token of kind `after` (`exprsAfter(n, after)[0]`). */
export function exprAfter(n: SyntaxNode, after: K): SyntaxNode | undefined {
  const cs = n.children;
  let seen = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c instanceof SyntaxToken) {
      if (c.kind === after) seen = true;
    } else if (seen && IS_EXPR[c.kind] === 1) return c;
  }
  return undefined;
}

/** The first expression child (`exprChildren(n)[0]`). */
export function firstExpr(n: SyntaxNode): SyntaxNode | undefined {
  const cs = n.children;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c instanceof SyntaxNode && IS_EXPR[c.kind] === 1) return c;
  }
  return undefined;
}

/** `unparen`, without the array per level. */
export function stripParens(n: SyntaxNode | undefined): SyntaxNode | undefined {
  while (n && n.kind === K.Paren) n = firstExpr(n);
  return n;
}

/** `new Binding(b).attrPath()?.parts()[0]?.name`, without the views. */
export function firstPathPartName(b: SyntaxNode): string | undefined {
  const path = b.node(K.AttrPath);
  if (!path) return undefined;
  for (const c of path.children)
    if (c instanceof SyntaxNode && isPathPart(c.kind)) return attrStaticName(c);
  return undefined;
}

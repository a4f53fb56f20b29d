// Small lookups several checks share: references grouped by a key, parse errors in a node, a binding's first name.
import { SyntaxKind as K, SyntaxNode, EXPR_KINDS, attrStaticName } from '../../syntax/index.js';
import type { Analysis, Reference } from '../../analysis/index.js';

/**
 * The references of `a` grouped under the keys `keysOf` gives each, made on
 * the first call: one pass over the references serves every later question.
 */
export function referencesBy<K>(a: Analysis, keysOf: (r: Reference, add: (key: K) => void) => void): (key: K) => readonly Reference[] {
  let m: Map<K, Reference[]> | undefined;
  return (key) => {
    if (!m) {
      const built = new Map<K, Reference[]>();
      let cur: Reference;
      const add = (k: K) => {
        let list = built.get(k);
        if (!list) built.set(k, (list = []));
        list.push(cur);
      };
      for (const r of a.references) {
        cur = r;
        keysOf(r, add);
      }
      m = built;
    }
    return m.get(key) ?? [];
  };
}

/** Whether the parser reported an error inside `n`. */
export function hasParseErrorIn(a: Analysis, n: SyntaxNode): boolean {
  for (const e of a.parse.errors) if (e.start >= n.start && e.start < n.end) return true;
  return false;
}

/** A name of an `inherit` (`Inherit.attrs()`). */
export function isInheritAttr(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic;
}

/** `new Binding(b).attrPath()?.parts()[0]?.name`, without the views. */
export function firstPathPartName(b: SyntaxNode): string | undefined {
  const path = b.node(K.AttrPath);
  if (!path) return undefined;
  for (const c of path.children)
    if (c instanceof SyntaxNode && (c.kind === K.IdentExpr || c.kind === K.String || c.kind === K.Dynamic || c.kind === K.IndString)) return attrStaticName(c);
  return undefined;
}

/** `exprChildren(n)[0]`, without the array. */
export function firstExpr(n: SyntaxNode): SyntaxNode | undefined {
  for (const c of n.children) if (c instanceof SyntaxNode && EXPR_KINDS.has(c.kind)) return c;
  return undefined;
}

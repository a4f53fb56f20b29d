// The static names of attribute nodes, as the parse-time checks read them.
import { SyntaxKind as K } from "../kinds.js";
import { SyntaxNode, SyntaxToken } from "../tree.js";
import { attrStaticName } from "../views.js";

/** The static name of an attribute node (identifier, string, `${"s"}`), or undefined. */
export function nameOf(n: SyntaxNode): string | undefined {
  if (n.kind === K.IdentExpr) {
    for (const c of n.children) if (c instanceof SyntaxToken && (c.kind === K.Ident || c.kind === K.OrKw)) return c.text;
    return "";
  }
  return attrStaticName(n);
}

function isAttrNode(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic || k === K.IndString;
}

/** Attribute name nodes of an AttrPath or an inherit. */
export function attrNodes(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children) if (c instanceof SyntaxNode && isAttrNode(c.kind)) out.push(c);
  return out;
}

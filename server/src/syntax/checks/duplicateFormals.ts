// Duplicate function arguments: `{ a, a }: ...` and `{ a } @ a: ...`.
import { SyntaxKind as K } from "../kinds.js";
import type { SyntaxError } from "../parser/result.js";
import { SyntaxNode, SyntaxToken } from "../tree.js";

function identName(n: SyntaxNode | undefined): string | undefined {
  if (!n) return undefined;
  for (const c of n.children) if (c instanceof SyntaxToken && c.kind === K.Ident) return c.text;
  return undefined;
}

export function checkFormals(lambda: SyntaxNode, errors: SyntaxError[]) {
  const pat = lambda.node(K.Pattern);
  if (!pat) return;
  const seen = new Set<string>();
  let bind: SyntaxNode | undefined;
  for (const c of pat.children) {
    if (!(c instanceof SyntaxNode)) continue;
    if (c.kind === K.PatBind) {
      bind ??= c.node(K.IdentExpr);
      continue;
    }
    if (c.kind !== K.PatEntry) continue;
    const id = c.node(K.IdentExpr);
    const name = identName(id);
    if (!id || name === undefined) continue;
    if (seen.has(name)) {
      errors.push({
        code: "duplicate-formal",
        message: `duplicate function argument '${name}'`,
        start: id.start,
        end: id.end,
      });
    } else seen.add(name);
  }
  const b = identName(bind);
  if (bind && b !== undefined && seen.has(b)) {
    errors.push({
      code: "duplicate-formal",
      message: `duplicate function argument '${b}' (the '@' name is also a formal)`,
      start: bind.start,
      end: bind.end,
    });
  }
}

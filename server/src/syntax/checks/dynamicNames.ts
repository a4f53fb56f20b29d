// Dynamic attribute names where Nix does not allow them: at the top of a
// `let` binding (`let ${x} = 1; in ...`) and in `inherit ${x};`.
import { SyntaxKind as K } from "../kinds.js";
import type { SyntaxError } from "../parser/result.js";
import { SyntaxNode } from "../tree.js";
import { attrNodes, nameOf } from "./attrNames.js";

export function checkLetNames(letIn: SyntaxNode, errors: SyntaxError[]): void {
  for (const c of letIn.children) {
    if (c instanceof SyntaxNode && c.kind === K.Binding) {
      const path = c.node(K.AttrPath);
      const p = path ? attrNodes(path)[0] : undefined;
      if (p && nameOf(p) === undefined) {
        errors.push({
          code: "dynamic-attr-in-let",
          message: "dynamic attribute names are not allowed in 'let'",
          start: p.start,
          end: p.end,
        });
      }
    }
  }
}

export function checkInheritNames(inherit: SyntaxNode, errors: SyntaxError[]): void {
  for (const a of attrNodes(inherit)) {
    if (nameOf(a) === undefined)
      errors.push({
        code: "dynamic-attr-in-inherit",
        message: "dynamic attribute names are not allowed in 'inherit'",
        start: a.start,
        end: a.end,
      });
  }
}

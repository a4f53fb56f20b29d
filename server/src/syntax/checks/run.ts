// The checks Nix makes while parsing (before evaluation): duplicate
// attributes (with Nix's merging of nested paths), duplicate formals, and
// dynamic attribute names where they are not allowed. Positions follow what
// Nix reports, so editors and `nix-instantiate --parse` agree.
// They walk children arrays directly (no views): they run on every parse.
import { SyntaxKind as K } from "../kinds.js";
import type { SyntaxError } from "../parser/result.js";
import type { SyntaxNode } from "../tree.js";
import { AttrSetModels } from "./duplicateAttrs.js";
import { checkFormals } from "./duplicateFormals.js";
import { checkInheritNames, checkLetNames } from "./dynamicNames.js";

/**
 * Runs the checks over the nodes the parser collected (attribute sets, lets,
 * inherits, lambdas), appending to `errors`. `only` may name, for a binding
 * list among them, the elements to model: the others cannot clash (see
 * PathIndex.checkedElements), so leaving them out changes nothing reported.
 */
export function runChecks(nodes: readonly (SyntaxNode | undefined)[], src: string, errors: SyntaxError[], only?: ReadonlyMap<SyntaxNode, readonly SyntaxNode[]>): void {
  const sets = new AttrSetModels(src, errors, only);
  // `nodes` is in pre-order: outer sets first, as Nix builds them, so nested
  // set literals are modelled from their enclosing binding when they merge.
  // The parser leaves out (as holes) the nodes where nothing can be wrong.
  for (const n of nodes) {
    if (n === undefined) continue;
    switch (n.kind) {
      case K.AttrSet:
      case K.LegacyLet:
        sets.modelOf(n);
        break;
      case K.LetIn: {
        sets.modelOf(n);
        // Nix only sees a dynamic name at the top of a let binding (a list given in `only` has none)
        if (only?.has(n)) break;
        checkLetNames(n, errors);
        break;
      }
      case K.Inherit_:
        checkInheritNames(n, errors);
        break;
      case K.Lambda:
        checkFormals(n, errors);
        break;
    }
  }
}

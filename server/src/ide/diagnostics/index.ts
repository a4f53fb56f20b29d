// Diagnostics from the parse and from name resolution: one file per check,
// run here. Codes are stable and documented in docs/analysis.md; every
// message says what to do next.
import { SyntaxKind as K, SyntaxNode, With } from '../../syntax/index.js';
import { seenNodes, type Analysis, type Definition, type Scope } from '../../analysis/index.js';
import type { Diagnostic } from '../types.js';
import { parseErrors } from './parseErrors.js';
import { undefinedVariable, withResolvedByName } from './undefinedVariable.js';
import { unusedLet } from './unusedLet.js';
import { unusedArg } from './unusedArg.js';
import { unusedWith } from './unusedWith.js';
import { checkRec } from './unnecessaryRec.js';
import { checkEmptyInherit } from './emptyInherit.js';
import { checkEmptyLet } from './emptyLet.js';
import { legacyLet } from './legacyLet.js';
import { uriLiteral } from './uriLiteral.js';
import { localsInWiths, withShadowsLocal, type LocalsInWith } from './withShadowsLocal.js';
import { nixosChecks } from './nixosChecks.js';
import { EMPTY_INDEX } from '../nixosContext.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';

export { MODULE_ARGS } from './undefinedVariable.js';
export { removeDefinitionFix } from './unusedLet.js';
export { removeWithEdit } from './unusedWith.js';
export { removeRecEdit } from './unnecessaryRec.js';

/**
 * Every diagnostic of a file. `index` is the NixOS knowledge the option and package checks read;
 * the empty default keeps them silent.
 */
export function computeDiagnostics(a: Analysis, index: NixosIndex = EMPTY_INDEX): Diagnostic[] {
  const out: Diagnostic[] = [];
  parseErrors(a, out);
  const withNames = withResolvedByName(a);
  for (const r of a.references) if (r.resolution.kind === 'undefined') out.push(undefinedVariable(a, r, withNames, index));
  const dead = new Map<Scope, Set<Definition>>();
  for (const d of a.definitions) {
    const diag = unusedLet(a, d, dead) ?? unusedArg(a, d);
    if (diag) out.push(diag);
  }
  for (const w of a.withs) {
    // (a `with` with no body is the syntax error already reported there)
    if (w.references.length === 0 && new With(w.node).body()) out.push(unusedWith(a, w.node));
  }
  nixosChecks(a, index, out);
  // The checks below only need some kinds of nodes. `analyze` lists those it
  // handled, and the few subtrees it did not look into are walked here;
  // only an Analysis from elsewhere has its whole tree walked. Order does not
  // matter (`out` is sorted) except between diagnostics with the same range,
  // which only nested `with`s make: `a.withs` has the outer one first, as a
  // walk does.
  const seen = seenNodes(a);
  if (seen) {
    for (const s of a.scopes) if (s.kind === 'rec') checkRec(a, s.node, out);
    for (const n of seen.inherits) checkEmptyInherit(a, n, out);
    for (const n of seen.letIns) checkEmptyLet(a, n, out);
    for (const n of seen.legacyLets) out.push(legacyLet(a, n));
    for (const n of seen.uris) out.push(uriLiteral(a, n));
    const locals = localsInWiths(a);
    for (const w of a.withs) withShadowsLocal(a, w.node, locals, out);
    // a rec set in these has no scope (the resolver makes those), so checkRec would find nothing
    for (let i = 0; i < seen.unvisited.length; i++) checkSubtree(a, seen.unvisited[i]!, seen.skip[i], false, locals, out);
  } else checkSubtree(a, a.tree, undefined, true, localsInWiths(a), out);
  out.sort((x, y) => x.start - y.start || x.end - y.end);
  return out;
}

/**
 * The node checks over a whole subtree (without `skip`'s), in pre-order like
 * `walk`, iteratively: one walk serves every check that looks at nodes.
 * `rec` sets are checked only with `withRec`.
 */
function checkSubtree(a: Analysis, root: SyntaxNode, skip: SyntaxNode | undefined, withRec: boolean, locals: LocalsInWith, out: Diagnostic[]): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case K.AttrSet:
        if (withRec && n.token(K.Rec)) checkRec(a, n, out);
        break;
      case K.Inherit_:
        checkEmptyInherit(a, n, out);
        break;
      case K.LetIn:
        checkEmptyLet(a, n, out);
        break;
      case K.LegacyLet:
        out.push(legacyLet(a, n));
        break;
      case K.UriExpr:
        out.push(uriLiteral(a, n));
        break;
      case K.WithExpr:
        withShadowsLocal(a, n, locals, out);
        break;
    }
    const cs = n.children;
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode && c !== skip) stack.push(c);
    }
  }
}

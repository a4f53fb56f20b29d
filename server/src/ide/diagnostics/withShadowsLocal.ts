// `let x = 1; in with { x = 2; }; x`  ->  warning with-shadows-local on the last `x` (it is 1)
import { SyntaxKind as K, SyntaxNode, Inherit, unparen } from '../../syntax/index.js';
import type { Analysis, Reference } from '../../analysis/index.js';
import type { Diagnostic } from '../types.js';
import { firstExpr, firstPathPartName } from '../../analysis/index.js';
import { referencesBy } from './support.js';

/**
 * The references that resolved to a local name, by the `with`s whose body
 * holds them (a reference lists those: Reference.withs): gone over once per
 * computeDiagnostics, not once for each `with`.
 */
export type LocalsInWith = (w: SyntaxNode) => readonly Reference[];

export function localsInWiths(a: Analysis): LocalsInWith {
  return referencesBy<SyntaxNode>(a, (r, add) => {
    if (r.resolution.kind === 'local') for (const x of r.withs) add(x);
  });
}

/**
 * `let x = 1; in with { x = 2; }; x` is 1: `with` never overrides a variable
 * that is in scope, which surprises people. Reported when the namespace's
 * attributes are visible in the file (a literal set, or a let-bound one).
 */
export function withShadowsLocal(a: Analysis, w: SyntaxNode, locals: LocalsInWith, out: Diagnostic[]): void {
  const ns = namespaceAttrNames(a, w);
  if (!ns) return;
  const semi = w.token(K.Semicolon);
  if (!semi) return;
  for (const r of locals(w)) {
    if (r.resolution.kind !== 'local' || !ns.has(r.name)) continue;
    const d = r.resolution.definition;
    // defined inside the with body: that one is meant
    if (d.range.start >= semi.end && d.range.end <= w.end) continue;
    out.push({
      ...r.range,
      severity: 'warning',
      code: 'with-shadows-local',
      message: `\`${r.name}\` here is the ${d.kind === 'formal' || d.kind === 'param' ? 'function argument' : 'binding'} defined outside, not the \`${r.name}\` of this \`with\`: \`with\` never overrides variables in scope. Write the attribute out (e.g. \`ns.${r.name}\`) if that is the one meant.`,
      related: [{ ...d.range, message: `\`${r.name}\` is defined here` }],
    });
  }
}

function namespaceAttrNames(a: Analysis, w: SyntaxNode): Set<string> | undefined {
  let e = unparen(firstExpr(w));
  if (e && e.kind === K.IdentExpr) {
    const ref = a.referenceOfNode.get(e);
    if (ref?.resolution.kind === 'local') e = unparen(ref.resolution.definition.value);
    else return undefined;
  }
  if (!e || e.kind !== K.AttrSet) return undefined;
  const names = new Set<string>();
  for (const c of e.childNodes()) {
    if (c.kind === K.Binding) {
      const first = firstPathPartName(c);
      if (first !== undefined) names.add(first);
    } else if (c.kind === K.Inherit_) for (const at of new Inherit(c).attrs()) if (at.name !== undefined) names.add(at.name);
  }
  return names;
}

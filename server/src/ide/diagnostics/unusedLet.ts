// `let x = 1; in 2`  ->  warning unused-let on `x`, fix: remove `x = 1;`
import { SyntaxKind as K, SyntaxNode, Inherit } from '../../syntax/index.js';
import type { Analysis, Definition, Scope } from '../../analysis/index.js';
import type { Diagnostic, Fix, TextEdit } from '../types.js';
import { removalEdit, removeInheritedNameEdit } from '../editing.js';
import { deadDefinitions, isLetName } from '../../analysis/index.js';

/** `dead`: the dead let bindings of each scope, filled in as scopes come up. */
export function unusedLet(a: Analysis, d: Definition, dead: Map<Scope, Set<Definition>>): Diagnostic | undefined {
  if (d.name.startsWith('_') || !isLetName(d)) return undefined;
  let inScope = dead.get(d.scope);
  if (!inScope) dead.set(d.scope, (inScope = deadDefinitions(a, d.scope)));
  if (!inScope.has(d)) return undefined;
  const fix = removeDefinitionFix(a, d);
  return {
    ...d.range,
    severity: 'warning',
    code: 'unused-let',
    message:
      d.references.length === 0
        ? `\`${d.name}\` is defined but never used. Remove it, or prefix it with \`_\` to keep it.`
        : `\`${d.name}\` is only used by bindings that are themselves unused. Remove it, or prefix it with \`_\` to keep it.`,
    tags: ['unnecessary'],
    fixes: fix ? [fix] : [],
  };
}

/**
 * A fix removing every binding of a let definition; none while a use of it
 * would stay behind (`b = a;` of a dead `b`: Nix rejects an undefined name
 * even where it is never evaluated), so such a chain goes from its end.
 */
export function removeDefinitionFix(a: Analysis, d: Definition): Fix | undefined {
  const edits: TextEdit[] = [];
  const removed: SyntaxNode[] = [];
  for (let i = 0; i < d.sites.length; i++) {
    const site = d.sites[i]!;
    if (site.kind === K.Binding) {
      edits.push(removalEdit(a.text, site.start, site.end));
      removed.push(site);
    } else if (site.kind === K.Inherit_) {
      const nameNode = d.nameNodes.find((n) => n.parent === site);
      if (nameNode) {
        edits.push(removeInheritedNameEdit(a.text, site, nameNode));
        // the last name takes the whole `inherit (e) x;` with it, `e` too
        if (new Inherit(site).attrs().length <= 1) removed.push(site);
      }
    }
  }
  if (edits.length === 0) return undefined;
  for (const r of d.references) if (!removed.some((n) => r.node.start >= n.start && r.node.end <= n.end)) return undefined;
  return { title: `Remove unused binding \`${d.name}\``, edits, preferred: true };
}

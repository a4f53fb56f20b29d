// `{ inherit; a = 1; }`  ->  warning empty-inherit on `inherit;`, fix `{ a = 1; }`
import { SyntaxKind as K, SyntaxNode } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic } from '../types.js';
import { removalEdit } from '../editing.js';

export function checkEmptyInherit(a: Analysis, n: SyntaxNode, out: Diagnostic[]): void {
  // `new Inherit(n).attrs().length === 0`
  for (const c of n.children) if (c instanceof SyntaxNode && (c.kind === K.IdentExpr || c.kind === K.String || c.kind === K.Dynamic)) return;
  out.push({
    start: n.start,
    end: n.end,
    severity: 'warning',
    code: 'empty-inherit',
    message: 'This `inherit` names no attributes, so it does nothing. Remove it or list the names to inherit.',
    tags: ['unnecessary'],
    fixes: [{ title: 'Remove empty `inherit`', edits: [removalEdit(a.text, n.start, n.end)], preferred: true }],
  });
}

// `let in 1`  ->  warning empty-let on `let in`, fix `1`
import { SyntaxKind as K, SyntaxNode } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic } from '../types.js';

export function checkEmptyLet(a: Analysis, n: SyntaxNode, out: Diagnostic[]): void {
  // `new LetIn(n).bindings().length > 0`, without a view per binding
  for (const c of n.children) if (c instanceof SyntaxNode && (c.kind === K.Binding || c.kind === K.Inherit_)) return;
  const kw = n.token(K.Let);
  const inKw = n.token(K.In);
  if (!kw || !inKw) return;
  // only comments between `let` and `in` still count as empty
  let e = inKw.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  out.push({
    start: kw.start,
    end: inKw.end,
    severity: 'warning',
    code: 'empty-let',
    message: 'This `let` defines nothing. Remove `let ... in`.',
    tags: ['unnecessary'],
    fixes: [{ title: 'Remove empty `let ... in`', edits: [{ start: kw.start, end: e, newText: '' }], preferred: true }],
  });
}

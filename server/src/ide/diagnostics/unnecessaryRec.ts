// `rec { a = 1; }`  ->  warning unnecessary-rec on `rec`, fix `{ a = 1; }`
import { SyntaxKind as K, SyntaxNode } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic, TextEdit } from '../types.js';

/** Deletes the `rec` keyword of an attribute set. */
export function removeRecEdit(a: Analysis, set: SyntaxNode): TextEdit | undefined {
  const rec = set.token(K.Rec);
  if (!rec) return undefined;
  let e = rec.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  return { start: rec.start, end: e, newText: '' };
}

export function checkRec(a: Analysis, set: SyntaxNode, out: Diagnostic[]): void {
  const scope = a.scopeOf.get(set);
  if (!scope) return;
  for (const d of scope.defs.values()) if (d.references.length > 0) return;
  const rec = set.token(K.Rec)!;
  const edit = removeRecEdit(a, set);
  out.push({
    start: rec.start,
    end: rec.end,
    severity: 'warning',
    code: 'unnecessary-rec',
    message: 'No attribute of this set refers to another, so `rec` is not needed. Remove it.',
    tags: ['unnecessary'],
    fixes: edit ? [{ title: 'Remove `rec`', edits: [edit], preferred: true }] : [],
  });
}

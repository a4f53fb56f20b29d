// `x: with x; 1`  ->  warning unused-with on `with x;`, fix `x: 1`
import { SyntaxKind as K, SyntaxNode } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic, TextEdit } from '../types.js';

/** Deletes `with e;` keeping its body. */
export function removeWithEdit(a: Analysis, w: SyntaxNode): TextEdit | undefined {
  const semi = w.token(K.Semicolon);
  if (!semi) return undefined;
  let e = semi.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  return { start: w.start, end: e, newText: '' };
}

export function unusedWith(a: Analysis, w: SyntaxNode): Diagnostic {
  const semi = w.token(K.Semicolon);
  const edit = removeWithEdit(a, w);
  return {
    start: w.start,
    end: semi ? semi.end : w.start + 4,
    severity: 'warning',
    code: 'unused-with',
    message: 'Nothing inside this `with` uses it: every name is already defined elsewhere. Remove the `with`.',
    tags: ['unnecessary'],
    fixes: edit ? [{ title: 'Remove unused `with`', edits: [edit], preferred: true }] : [],
  };
}

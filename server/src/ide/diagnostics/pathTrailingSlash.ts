// `./foo/`  ->  error path-trailing-slash, fix `./foo`
import { SyntaxKind as K, exprChildren, parse, tokenAt, type SyntaxError } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Fix } from '../types.js';

/**
 * `./foo/` -> `./foo`. Only when the path, without that slash, reads as the
 * same one path with no error (`./foo//` would keep a trailing slash).
 */
export function trailingSlashFix(a: Analysis, e: SyntaxError): Fix | undefined {
  const t = tokenAt(a.tree, e.start);
  const path = t?.parent;
  if (!t || t.kind !== K.PathFragment || t.start !== e.start || t.end !== e.end || !path || path.kind !== K.Path) return undefined;
  if (a.text[e.end - 1] !== '/') return undefined;
  const candidate = a.text.slice(path.start, e.end - 1) + a.text.slice(e.end, path.end);
  const p = parse(candidate);
  const only = exprChildren(p.tree);
  if (p.errors.length > 0 || only.length !== 1 || only[0]!.kind !== K.Path || only[0]!.start !== 0 || only[0]!.end !== candidate.length) return undefined;
  return { title: 'Remove the trailing slash', edits: [{ start: e.end - 1, end: e.end, newText: '' }], preferred: true };
}

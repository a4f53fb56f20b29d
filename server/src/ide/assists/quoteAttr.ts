// `{ a.b = 1; }`  <->  `{ "a".b = 1; }`
import { SyntaxKind as K, staticStringValue } from '../../syntax/index.js';
import { isIdentifier } from '../editing.js';
import { innermost, slice, type Assist } from './context.js';

export const quoteAttr: Assist = (a, ctx) => {
  const path = innermost(ctx, K.AttrPath);
  if (!path) return undefined;
  const part = path.childNodes().find((c) => c.start <= ctx.token.start && ctx.token.end <= c.end);
  if (!part) return undefined;
  if (part.kind === K.IdentExpr) {
    const name = slice(a, part);
    return { title: `Quote the attribute name \`${name}\``, kind: 'refactor.rewrite', edits: [{ start: part.start, end: part.end, newText: JSON.stringify(name) }] };
  }
  if (part.kind === K.String) {
    const v = staticStringValue(part);
    if (v === undefined || !isIdentifier(v)) return undefined;
    return { title: `Unquote the attribute name \`${v}\``, kind: 'refactor.rewrite', edits: [{ start: part.start, end: part.end, newText: v }] };
  }
  return undefined;
};

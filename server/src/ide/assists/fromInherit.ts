// `{ inherit (e) x; }`  ->  `{ x = e.x; }`, and `{ inherit x; }`  ->  `{ x = x; }` (plain sets only)
import { SyntaxKind as K, Inherit, unparen } from '../../syntax/index.js';
import { attrNameText, isIdentifier } from '../editing.js';
import { hasComments, innermost, slice, type Assist } from './context.js';

export const fromInherit: Assist = (a, ctx) => {
  const inh = innermost(ctx, K.Inherit_);
  if (!inh || !inh.token(K.Semicolon) || hasComments(inh)) return undefined;
  const view = new Inherit(inh);
  const attrs = view.attrs();
  if (attrs.length === 0 || attrs.some((x) => x.name === undefined)) return undefined;
  const from = view.from();
  const set = inh.parent;
  if (!from && (!set || set.kind !== K.AttrSet || set.token(K.Rec))) return undefined; // `x = x;` in let/rec is a self-reference
  const base = from ? (unparen(from)!.kind === K.IdentExpr || unparen(from)!.kind === K.Select ? slice(a, from) : `(${slice(a, from)})`) : '';
  const ls = a.text.lastIndexOf('\n', inh.start - 1) + 1;
  const lead = a.text.slice(ls, inh.start);
  const sep = /^[ \t]*$/.test(lead) ? `\n${lead}` : ' ';
  const newText = attrs
    .map((x) => {
      const key = attrNameText(x.name!);
      const sel = isIdentifier(x.name!) ? x.name! : JSON.stringify(x.name!);
      return from ? `${key} = ${base}.${sel};` : `${key} = ${x.name};`;
    })
    .join(sep);
  if (!from && attrs.some((x) => !isIdentifier(x.name!))) return undefined;
  return { title: from ? 'Rewrite `inherit (...)` as bindings' : 'Rewrite `inherit` as `name = name;`', kind: 'refactor.rewrite', edits: [{ start: inh.start, end: inh.end, newText }] };
};

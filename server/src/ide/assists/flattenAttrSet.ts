// `{ a = { b = 1; c = 2; }; }`  ->  `{ a.b = 1; a.c = 2; }`
import { SyntaxKind as K, Binding } from '../../syntax/index.js';
import { bindingAtKey, hasComments, slice, type Assist } from './context.js';

export const flattenAttrSet: Assist = (a, ctx) => {
  const b = bindingAtKey(ctx);
  if (!b) return undefined;
  const bind = new Binding(b);
  const value = bind.value();
  const path = bind.attrPath();
  if (!value || !path || value.kind !== K.AttrSet || value.token(K.Rec) || hasComments(value)) return undefined;
  const inner = value.childNodes().filter((c) => c.kind === K.Binding || c.kind === K.Inherit_);
  if (inner.length === 0 || inner.some((c) => c.kind !== K.Binding) || !b.token(K.Semicolon)) return undefined;
  const prefix = slice(a, path);
  const ls = a.text.lastIndexOf('\n', b.start - 1) + 1;
  const indent = /^[ \t]*$/.test(a.text.slice(ls, b.start)) ? a.text.slice(ls, b.start) : undefined;
  const parts = inner.map((c) => `${prefix}.${slice(a, c)}`);
  const newText = indent !== undefined ? parts.join(`\n${indent}`) : parts.join(' ');
  return {
    title: `Flatten \`${prefix} = { ... }\` into \`${prefix}.name = ...\``,
    kind: 'refactor.rewrite',
    edits: [{ start: b.start, end: b.end, newText }],
  };
};

// `{ a.b = 1; a.c = 2; }`  ->  `{ a = { b = 1; c = 2; }; }`
import { SyntaxKind as K, SyntaxNode, Binding, Inherit } from '../../syntax/index.js';
import { removalEdit } from '../editing.js';
import type { TextEdit } from '../types.js';
import { bindingAtKey, hasComments, slice, type Assist } from './context.js';

export const packAttrPath: Assist = (a, ctx) => {
  const b = bindingAtKey(ctx);
  if (!b || !b.parent) return undefined;
  const path = b.node(K.AttrPath)!;
  const parts = path.childNodes();
  if (parts.length < 2) return undefined;
  const head = new Binding(b).attrPath()!.parts()[0]!;
  const name = head.name;
  if (name === undefined || head.kind === 'dynamic') return undefined;
  const set = b.parent;
  const siblings: SyntaxNode[] = [];
  for (const c of set.childNodes()) {
    if (c.kind === K.Inherit_) {
      if (new Inherit(c).attrs().some((x) => x.name === name)) return undefined;
      continue;
    }
    if (c.kind !== K.Binding) continue;
    const ps = new Binding(c).attrPath()?.parts();
    if (!ps || ps[0]?.name !== name) continue;
    if (ps.length < 2 || !c.token(K.Semicolon) || hasComments(c)) return undefined; // `a = ...` too: leave it
    siblings.push(c);
  }
  const ls = a.text.lastIndexOf('\n', b.start - 1) + 1;
  const lead = a.text.slice(ls, b.start);
  const multiline = siblings.length > 1 && /^[ \t]*$/.test(lead);
  const inner = siblings.map((c) => {
    const p = c.node(K.AttrPath)!;
    const rest = p.childNodes()[1]!;
    return a.text.slice(rest.start, c.end);
  });
  const body = multiline ? `{\n${inner.map((x) => `${lead}  ${x}`).join('\n')}\n${lead}}` : `{ ${inner.join(' ')} }`;
  const edits: TextEdit[] = [{ start: siblings[0]!.start, end: siblings[0]!.end, newText: `${slice(a, head)} = ${body};` }];
  for (const s of siblings.slice(1)) edits.push(removalEdit(a.text, s.start, s.end));
  return { title: `Pack \`${slice(a, head)}.*\` into \`${slice(a, head)} = { ... }\``, kind: 'refactor.rewrite', edits };
};

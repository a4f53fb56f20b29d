// `x: { x = x; }`  ->  `x: { inherit x; }`, and `{ x = e.x; }`  ->  `{ inherit (e) x; }`
import { SyntaxKind as K, Binding, Select } from '../../syntax/index.js';
import { hasComments, innermost, slice, type Assist } from './context.js';

export const toInherit: Assist = (a, ctx) => {
  const b = innermost(ctx, K.Binding);
  if (!b || !b.token(K.Semicolon)) return undefined;
  const bind = new Binding(b);
  const names = bind.attrPath()?.parts();
  if (!names || names.length !== 1 || names[0]!.kind !== 'ident') return undefined;
  const name = names[0]!.name!;
  const value = bind.value();
  if (!value || hasComments(b)) return undefined;
  if (value.kind === K.IdentExpr) {
    if (slice(a, value) !== name) return undefined;
    // in a let or rec set, `x = x;` refers to itself: `inherit x;` would change that
    const ref = a.referenceOfNode.get(value);
    if (!ref || (ref.resolution.kind === 'local' && ref.resolution.definition.sites.includes(b))) return undefined;
    return { title: `Rewrite as \`inherit ${name};\``, kind: 'refactor.rewrite', edits: [{ start: b.start, end: b.end, newText: `inherit ${name};` }] };
  }
  if (value.kind === K.Select && !new Select(value).default()) {
    const s = new Select(value);
    const ps = s.attrPath()?.parts();
    const base = s.base();
    if (!ps || ps.length !== 1 || ps[0]!.name !== name || ps[0]!.kind !== 'ident' || !base) return undefined;
    const baseText = slice(a, base);
    return {
      title: `Rewrite as \`inherit (${baseText}) ${name};\``,
      kind: 'refactor.rewrite',
      edits: [{ start: b.start, end: b.end, newText: `inherit (${baseText}) ${name};` }],
    };
  }
  return undefined;
};

// `let { a = 1; body = a; }`  ->  warning legacy-let, fix `let a = 1; in a`
import { SyntaxKind as K, SyntaxNode, Binding } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic, Fix } from '../types.js';

export function legacyLet(a: Analysis, n: SyntaxNode): Diagnostic {
  const kw = n.token(K.Let);
  const fixes: Fix[] = [];
  // `let { a = 1; body = a; }` -> `let a = 1; in a`
  let body: SyntaxNode | undefined;
  const others: SyntaxNode[] = [];
  for (const c of n.childNodes()) {
    if (c.kind === K.Binding) {
      const b = new Binding(c);
      const names = b.attrPath()?.staticNames();
      if (names && names.length === 1 && names[0] === 'body' && !body) body = b.value();
      else others.push(c);
    } else if (c.kind === K.Inherit_) others.push(c);
  }
  if (body) {
    const binds = others.map((c) => '  ' + a.text.slice(c.start, c.end)).join('\n');
    fixes.push({
      title: 'Rewrite as `let ... in`',
      edits: [{ start: n.start, end: n.end, newText: `let\n${binds}\nin\n${a.text.slice(body.start, body.end)}` }],
      preferred: true,
    });
  }
  return {
    start: n.start,
    end: kw ? kw.end : n.start + 3,
    severity: 'warning',
    code: 'legacy-let',
    message: '`let { ... }` is deprecated syntax; write `let ... in body` instead.',
    tags: ['deprecated'],
    fixes,
  };
}

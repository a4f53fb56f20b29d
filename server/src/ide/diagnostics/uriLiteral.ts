// `http://example.org`  ->  warning uri-literal, fix `"http://example.org"`
import type { SyntaxNode } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic } from '../types.js';

export function uriLiteral(a: Analysis, n: SyntaxNode): Diagnostic {
  const t = a.text.slice(n.start, n.end);
  return {
    start: n.start,
    end: n.end,
    severity: 'warning',
    code: 'uri-literal',
    message: 'Unquoted URLs are deprecated and rejected by some Nix settings; write the URL as a string.',
    tags: ['deprecated'],
    fixes: [{ title: 'Quote the URL', edits: [{ start: n.start, end: n.end, newText: JSON.stringify(t) }], preferred: true }],
  };
}

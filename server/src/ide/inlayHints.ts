// Inlay hints: the name of a long binding, shown after the `;` that ends it,
// so the end of a 40-line `services.nginx = { ... };` says what it closes.
import { SyntaxKind as K, walk, Binding, lineIndex } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { TextRange } from './types.js';

/** Bindings spanning at least this many lines get a closing hint. */
export const LONG_BINDING_LINES = 10;

export function inlayHints(a: Analysis, range: TextRange): Array<{ offset: number; label: string }> {
  const li = lineIndex(a.text);
  const out: Array<{ offset: number; label: string }> = [];
  walk(a.tree, (n) => {
    // subtrees entirely outside the range have nothing to show
    if (n.end < range.start || n.start > range.end) return false;
    if (n.kind !== K.Binding) return;
    const semi = n.token(K.Semicolon);
    if (!semi || semi.end < range.start || semi.end > range.end) return;
    const lines = li.positionAt(semi.end).line - li.positionAt(n.start).line + 1;
    if (lines < LONG_BINDING_LINES) return;
    const path = new Binding(n).attrPath();
    if (!path) return;
    out.push({ offset: semi.end, label: `# ${path.toString()}` });
  });
  return out;
}

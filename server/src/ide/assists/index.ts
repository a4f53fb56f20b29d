// Code actions: the quick fixes of the diagnostics in the range, plus the
// assists (one file each) that rewrite the binding, attribute name or string
// under the cursor. Each assist offers itself only when the result means
// exactly the same as the original.
import type { Analysis } from '../../analysis/index.js';
import { touches } from '../editing.js';
import type { Diagnostic, TextRange } from '../types.js';
import { contextAt, type Assist, type CodeAction } from './context.js';
import { flattenAttrSet } from './flattenAttrSet.js';
import { packAttrPath } from './packAttrPath.js';
import { toInherit } from './toInherit.js';
import { fromInherit } from './fromInherit.js';
import { quoteAttr } from './quoteAttr.js';
import { toIndentedString } from './toIndentedString.js';
import { toPlainString } from './toPlainString.js';

export type { CodeAction } from './context.js';

const ASSISTS: Assist[] = [flattenAttrSet, packAttrPath, toInherit, fromInherit, quoteAttr, toIndentedString, toPlainString];

/**
 * `diagnostics` are those of this same analysis (computeDiagnostics), kept
 * with the document version: their fixes are offered, not worked out again.
 */
export function codeActions(a: Analysis, range: TextRange, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (!touches(d, range.start, range.end)) continue;
    for (const f of d.fixes ?? []) out.push({ ...f, kind: 'quickfix', diagnostic: d });
  }
  const ctx = contextAt(a, range.start);
  if (ctx) for (const assist of ASSISTS) {
    const r = assist(a, ctx);
    if (r) out.push(r);
  }
  return out;
}

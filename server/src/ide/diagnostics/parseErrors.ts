// `x = ;`  ->  error at `;` (the parser's code and message), with a fix for the few whose repair is certain
// `{ a = 1\n  b = 2; }`  ->  missing `;` reported at the end of `1`, fix `{ a = 1;\n  b = 2; }`
import { SyntaxKind as K, SyntaxNode, asBinding, tokenAt, type SyntaxError } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic, Fix } from '../types.js';
import { comparisonChainFix } from './comparisonChain.js';
import { trailingSlashFix } from './pathTrailingSlash.js';

export function parseErrors(a: Analysis, out: Diagnostic[]): void {
  for (const e of a.parse.errors) {
    const missing = missingSemicolon(a, e);
    if (missing) {
      out.push(missing);
      continue;
    }
    const d: Diagnostic = { start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message };
    const fix = parseErrorFix(a, e);
    if (fix) d.fixes = [fix];
    out.push(d);
  }
}

/** The fix of a parse error, for the few whose repair is certain. */
function parseErrorFix(a: Analysis, e: SyntaxError): Fix | undefined {
  if (e.code === 'comparison-chain') return comparisonChainFix(a, e);
  if (e.code === 'path-trailing-slash') return trailingSlashFix(a, e);
  return undefined;
}

/**
 * The parser notices a missing `;` at the next binding, often lines below; the person left it
 * out after the value, so that is where it is shown and inserted.
 */
function missingSemicolon(a: Analysis, e: SyntaxError): Diagnostic | undefined {
  if (!/expected ';'/.test(e.message)) return undefined;
  const binding = bindingBefore(a, e.start);
  if (!binding || binding.token(K.Semicolon)) return undefined;
  const value = asBinding(binding)!.value();
  if (!value || value.end > e.start) return undefined;
  const end = value.end;
  // a short literal is covered whole (`"laptop"`), anything longer by its last token (`]`)
  const whole = ATOMS.has(value.kind) && !a.text.slice(value.start, end).includes('\n');
  const start = whole ? value.start : lastTokenStart(a, end);
  return {
    start,
    end,
    severity: 'error',
    code: e.code,
    message: `${e.message}. Insert \`;\` after this value.`.replace('.. ', '. '),
    fixes: [{ title: 'Insert `;`', edits: [{ start: end, end, newText: ';' }], preferred: true }],
  };
}

const ATOMS: ReadonlySet<K> = new Set([K.String, K.Literal, K.IdentExpr, K.Path, K.SearchPathExpr, K.UriExpr, K.Select]);

/** The Binding (with its value) whose end is the last before `offset`. */
function bindingBefore(a: Analysis, offset: number): SyntaxNode | undefined {
  let best: SyntaxNode | undefined;
  const visit = (n: SyntaxNode): void => {
    for (const c of n.childNodes()) {
      if (c.start > offset) break;
      if (c.kind === K.Binding && c.end <= offset && (!best || c.end >= best.end)) best = c;
      if (c.end >= offset - 1 || c.kind === K.Binding) visit(c);
    }
  };
  visit(a.tree);
  return best;
}

/** The start of the last token of a value ending at `end`: what the squiggle covers. */
function lastTokenStart(a: Analysis, end: number): number {
  const t = tokenAt(a.tree, end - 1);
  return t && t.end === end ? t.start : end - 1;
}

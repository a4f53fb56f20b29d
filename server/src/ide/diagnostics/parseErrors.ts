// `x = ;`  ->  error at `;` (the parser's code and message), with a fix for the few whose repair is certain
import type { Analysis } from '../../analysis/index.js';
import type { SyntaxError } from '../../syntax/index.js';
import type { Diagnostic, Fix } from '../types.js';
import { comparisonChainFix } from './comparisonChain.js';
import { trailingSlashFix } from './pathTrailingSlash.js';

export function parseErrors(a: Analysis, out: Diagnostic[]): void {
  for (const e of a.parse.errors) {
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

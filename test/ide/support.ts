// Fixture helpers: `$0` marks the cursor; edits are applied to show results as text.
import { analyze, type Analysis } from '../../server/src/analysis/index.js';
import type { TextEdit, TextRange } from '../../server/src/ide/types.js';

export { expect, type Expect } from '../support/expect.js';

export function withCursor(src: string): { text: string; offset: number; a: Analysis } {
  const offset = src.indexOf('$0');
  if (offset < 0) throw new Error(`fixture has no $0 marker: ${src}`);
  const text = src.slice(0, offset) + src.slice(offset + 2);
  return { text, offset, a: analyze(text) };
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => y.start - x.start || y.end - x.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Shows ranges inline as `[[...]]` so expectations read like the source. */
export function markRanges(text: string, ranges: TextRange[]): string {
  const sorted = [...ranges].sort((x, y) => y.start - x.start);
  let out = text;
  for (const r of sorted) out = out.slice(0, r.start) + '[[' + out.slice(r.start, r.end) + ']]' + out.slice(r.end);
  return out;
}

export const slice = (text: string, r: TextRange) => text.slice(r.start, r.end);

// Small text-edit builders shared by diagnostics fixes, code actions and rename.
// They keep the surrounding layout tidy: removing the only thing on a line
// removes the line, and list separators go with the element they follow.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, Inherit, Pattern } from '../syntax/index.js';
import type { TextEdit, TextRange } from './types.js';

const isBlank = (s: string) => /^[ \t]*$/.test(s);

function lineStartOf(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}
function lineEndOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/**
 * Deletes [start, end); the whole line(s) when nothing else is on them. Reads only the spaces
 * around the range (not the whole line: a file on one line gives thousands of these fixes).
 */
export function removalEdit(text: string, start: number, end: number): TextEdit {
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  const blankBefore = s === 0 || text[s - 1] === '\n';
  const blankAfter = e === text.length || text[e] === '\n';
  if (blankBefore && blankAfter) {
    const to = e < text.length ? e + 1 : e;
    // the last line of the file: take the newline before it instead
    const from = e >= text.length && s > 0 ? s - 1 : s;
    return { start: from, end: to, newText: '' };
  }
  // otherwise also swallow the spaces after (or, at a line end, before) the element
  if (e === end || blankAfter) {
    if (blankAfter) return { start: s, end: e, newText: '' };
    return { start: s, end, newText: '' };
  }
  return { start, end: e, newText: '' };
}

/** Removes one name from `inherit a b c;`, or the whole `inherit` when it is the last one. */
export function removeInheritedNameEdit(text: string, inherit: SyntaxNode, nameNode: SyntaxNode): TextEdit {
  const attrs = new Inherit(inherit).attrs();
  if (attrs.length <= 1) return removalEdit(text, inherit.start, inherit.end);
  let s = nameNode.start;
  while (s > 0 && /\s/.test(text[s - 1]!)) s--;
  return { start: s, end: nameNode.end, newText: '' };
}

/** Removes a formal (with its comma) from a `{ a, b, ... }` pattern. */
export function removeFormalEdit(text: string, entry: SyntaxNode): TextEdit {
  const pat = entry.parent!;
  const i = pat.children.indexOf(entry);
  // the comma after the entry, skipping trivia
  let j = i + 1;
  while (j < pat.children.length && isTriviaEl(pat.children[j]!)) j++;
  const after = pat.children[j];
  if (after instanceof SyntaxToken && after.kind === K.Comma) {
    let e = after.end;
    while (e < text.length && /[ \t]/.test(text[e]!)) e++;
    const le = lineEndOf(text, entry.start);
    const ls = lineStartOf(text, entry.start);
    if (isBlank(text.slice(ls, entry.start)) && e === le) return { start: ls, end: le < text.length ? le + 1 : le, newText: '' };
    return { start: entry.start, end: e, newText: '' };
  }
  // last entry: take the comma before it
  let k = i - 1;
  while (k >= 0 && isTriviaEl(pat.children[k]!)) k--;
  const before = pat.children[k];
  if (before instanceof SyntaxToken && before.kind === K.Comma) return { start: before.start, end: entry.end, newText: '' };
  return removalEdit(text, entry.start, entry.end);
}

function isTriviaEl(e: SyntaxNode | SyntaxToken): boolean {
  return e instanceof SyntaxToken && e.kind <= K.BlockComment;
}

/** Adds `name` to a `{ ... }` pattern, following the layout it already has. */
export function addFormalEdit(text: string, pattern: SyntaxNode, name: string): TextEdit {
  const pat = new Pattern(pattern);
  const entries = pat.entries();
  const ell = pattern.token(K.Ellipsis);
  if (ell) {
    const ls = lineStartOf(text, ell.start);
    const prefix = text.slice(ls, ell.start);
    if (isBlank(prefix) && ls > pattern.start) return { start: ls, end: ls, newText: `${prefix}${name},\n` };
    if (/^[ \t]*,[ \t]*$/.test(prefix)) return { start: ls, end: ls, newText: `${prefix}${name}\n` };
    return { start: ell.start, end: ell.start, newText: `${name}, ` };
  }
  const last = entries[entries.length - 1];
  if (last) {
    const ls = lineStartOf(text, last.start);
    const prefix = text.slice(ls, last.start);
    if (/^[ \t]*,[ \t]*$/.test(prefix)) return { start: last.end, end: last.end, newText: `\n${prefix}${name}` };
    return { start: last.end, end: last.end, newText: `, ${name}` };
  }
  const lb = pattern.token(K.LBrace);
  const rb = pattern.token(K.RBrace);
  if (lb && rb) return { start: lb.end, end: rb.start, newText: ` ${name} ` };
  return { start: pattern.start, end: pattern.start, newText: '' };
}

/** Whether `r` and `[start, end)` overlap or touch. */
export function touches(r: TextRange, start: number, end: number): boolean {
  return r.start <= end && start <= r.end;
}

// The identifier and quoting rule lives in syntax/attrNames.ts; these names stay for ide/ callers.
export { isIdentifier, attrNameText } from '../syntax/index.js';

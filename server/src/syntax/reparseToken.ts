// Incremental re-parsing, the fourth way (see incremental.ts): an edit inside
// one literal run of a "..." string that leaves it one literal run ending at
// the same following text. The lexer then makes the same tokens, but for that
// one's length, and the parser, which decides on token kinds (the text it
// quotes in messages is checked below), makes the same tree: the tree is only
// moved, whatever errors it has. That is the case the other ways refuse: while
// a `"` typed with nothing auto-closed is open, the file's later quotes pair up
// the other way, its string runs on to the next quote hundreds of lines down,
// and each letter typed into it re-parsed the whole file.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import type { Lineage } from "./parser/lineage.js";
import type { ParseResult, SyntaxError } from "./parser/result.js";
import { childHolding, shiftStores } from "./treeSplice.js";
import { CH_CR, CH_NL, CH_SP, CH_TAB } from "./lexer/charClass.js";
import { dquoteLiteralEnd } from "./lexer/strings.js";
import { isLexTrigger } from "./lexer/runaway.js";

/** The changed span: old[start, oldEnd) became new[start, newEnd). */
interface Span {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The whole tree's errors after the edit, the tree moved in place (the old
 * tree is the new one), or undefined with nothing touched.
 */
export function reparseToken(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: Span): SyntaxError[] | undefined {
  const { start, oldEnd, newEnd } = span;
  const delta = newEnd - oldEnd;
  // no line break in or out: every line number stays, and the literal run stays on its lines
  if (hasBreak(oldText, start, oldEnd) || hasBreak(newText, start, newEnd)) return undefined;
  // a string cut short is cut by the whole text's lexer, from what its literal text holds
  // and one the quotes after it pair up into lexer errors for may be cut (lex), by what its text holds
  for (const e of old.errors) if (e.code.startsWith("unterminated") || isLexTrigger(e)) return undefined;

  // the literal run holding the edit (an insertion at its end joins it)
  let n: SyntaxNode = old.tree;
  for (let c = childHolding(n, start, oldEnd); c; c = childHolding(n, start, oldEnd)) n = c;
  if (n.kind !== K.String) return undefined;
  const cs = n.children;
  let i = -1;
  for (let j = 0; j < cs.length; j++) {
    const c = cs[j]!;
    if (c.kind === K.StrFragment && c.start <= start && oldEnd <= c.end) {
      i = j;
      break;
    }
  }
  if (i < 0) return undefined;
  const token = cs[i] as SyntaxToken;
  const tokenStart = token.start,
    tokenEnd = token.end;
  // at its start, only after the opening quote: what came before it was lexed without looking at it
  if (start === tokenStart && cs[i - 1]?.kind !== K.Quote) return undefined;
  // its text must mean nothing but a value: not a name a binding, `inherit` or pattern defines
  for (let p: SyntaxNode | null = n.parent; p !== null; p = p.parent) {
    if (p.kind === K.Inherit_ || p.kind === K.Pattern || p.kind === K.InheritFrom) return undefined;
    if (p.kind === K.AttrPath && p.parent?.kind !== K.Select && p.parent?.kind !== K.HasAttr) return undefined;
  }
  // the new text from the run's start lexes as one literal run (lexer/strings.ts lexStrPart)
  // stopping where the old one stopped: then the lexer stands there as it stood before
  if (dquoteLiteralEnd(newText, tokenStart, false) !== tokenEnd + delta || tokenEnd + delta === tokenStart) return undefined;
  // the indentation of the edited line, which unclosed-brace messages read, stays
  if (!textBefore(newText, start)) return undefined;
  // messages naming a column on the edited line would change
  let line = -1;
  for (const e of old.errors) {
    const m = /line (\d+), column/.exec(e.message);
    if (!m) continue;
    if (line < 0) line = lineNumber(oldText, start);
    if (Number(m[1]) === line) return undefined;
  }

  // from here on the old tree becomes the new one
  lineage.source.text = newText;
  token.end = tokenEnd + delta;
  if (delta !== 0) {
    n.shiftChildrenAfterIndex(i, delta);
    n.end += delta;
    let child: SyntaxNode = n;
    for (let a: SyntaxNode | null = n.parent; a !== null; child = a, a = a.parent) {
      a.end += delta;
      a.shiftChildrenAfter(child, delta);
    }
    shiftStores(lineage, oldEnd, delta);
  }
  // an offset at the edit's end moves with what follows it, unless that is the run's own start
  const moved = (x: number) => (x > oldEnd || (x === oldEnd && oldEnd === tokenEnd) ? x + delta : x);
  return delta === 0 ? old.errors.slice() : old.errors.map((e) => ({ ...e, start: moved(e.start), end: moved(e.end) }));
}

function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_NL || c === CH_CR) return true;
  }
  return false;
}

/** Whether the line holding `at` has something other than spaces and tabs before it. */
function textBefore(s: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === CH_NL || c === CH_CR) return false;
    if (c !== CH_SP && c !== CH_TAB) return true;
  }
  return false;
}

/** 1-based line of `at`, counting `\n` as the parser's messages do. */
function lineNumber(s: string, at: number): number {
  let line = 1;
  for (let q = s.indexOf("\n"); q >= 0 && q < at; q = s.indexOf("\n", q + 1)) line++;
  return line;
}

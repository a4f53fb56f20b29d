// Strings: "..." and ''...'' with their escapes and `${` interpolations. A
// string the caller chose to cut short (see lex) ends at a line break ("...")
// or before the first later line indented no deeper than its own (''...'').
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import { Frame, Mode, type LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_APOS, CH_BACKSLASH, CH_CR, CH_DOLLAR, CH_LBRACE, CH_NL, CH_QUOTE, CH_SP, CH_TAB, isHighSurrogate, isLowSurrogate } = charClass;

// Strings and paths are only entered from code, so closing one returns to code.

/** In code at a `"` or `''`: the string's opening quote. */
export function openString(st: LexState, i: number, c: number): number {
  st.strOpen = i;
  if (c === CH_QUOTE) {
    st.push(K.Quote, i);
    st.mode = Mode.Str;
    return i + 1;
  }
  st.push(K.IndQuote, i);
  st.mode = Mode.Ind;
  return i + 2;
}

/** Inside a "..." string: its closing quote, an escape, a `${`, or a run of literal text. */
export function lexStrPart(st: LexState, i: number): number {
  const s = st.s,
    n = st.n;
  const start = i;
  const c = s.charCodeAt(i);
  if (c === CH_QUOTE) {
    st.push(K.Quote, i);
    st.closedStrings.push(st.strOpen, i);
    st.mode = Mode.Code;
    return i + 1;
  }
  if (c === CH_BACKSLASH) {
    st.push(K.StrEscape, i);
    i += i + 1 < n ? 2 : 1;
    // keep surrogate pairs whole
    if (i < n && isLowSurrogate(s.charCodeAt(i)) && isHighSurrogate(s.charCodeAt(i - 1))) i++;
    return i;
  }
  if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
    st.push(K.DollarCurly, i);
    st.stack.push(Frame.InterpStr);
    st.openers.push(st.strOpen);
    st.mode = Mode.Code;
    return i + 2;
  }
  // literal run
  const cutHere = st.cut.size > 0 && st.cut.has(st.strOpen);
  i = dquoteLiteralEnd(s, i, cutHere);
  const atNl = cutHere && i < n && (s.charCodeAt(i) === CH_NL || s.charCodeAt(i) === CH_CR);
  if (i > start) st.push(K.StrFragment, start);
  if (atNl) {
    st.err("unterminated-string", 'unterminated string: expected a closing " before the end of the line', st.strOpen, i);
    st.mode = Mode.Code;
  }
  return i;
}

/** Inside a ''...'' string: its closing `''`, an escape, a `${`, or a run of literal text. */
export function lexIndPart(st: LexState, i: number): number {
  const s = st.s,
    n = st.n;
  const start = i;
  const c = s.charCodeAt(i);
  if (c === CH_APOS && s.charCodeAt(i + 1) === CH_APOS) {
    const e = s.charCodeAt(i + 2);
    if (e === CH_DOLLAR || e === CH_APOS) {
      st.push(K.StrEscape, i);
      return i + 3;
    }
    if (e === CH_BACKSLASH && i + 3 < n) {
      st.push(K.StrEscape, i);
      i += 4;
      if (i < n && isLowSurrogate(s.charCodeAt(i)) && isHighSurrogate(s.charCodeAt(i - 1))) i++;
      return i;
    }
    st.push(K.IndQuote, i);
    st.mode = Mode.Code;
    return i + 2;
  }
  if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
    st.push(K.DollarCurly, i);
    st.stack.push(Frame.InterpInd);
    st.openers.push(st.strOpen);
    st.mode = Mode.Code;
    return i + 2;
  }
  const cutInd = st.cut.size > 0 && st.cut.has(st.strOpen) ? lineIndent(s, st.strOpen) : -1;
  let cutAt = -1;
  while (i < n) {
    const d = s.charCodeAt(i);
    if (d === CH_NL && cutInd >= 0 && dedentedLine(s, i + 1, cutInd)) {
      cutAt = i;
      break;
    }
    if (d === CH_APOS) {
      if (s.charCodeAt(i + 1) === CH_APOS) break;
      i++;
      continue;
    }
    if (d === CH_DOLLAR) {
      const e = s.charCodeAt(i + 1);
      if (e === CH_LBRACE) break;
      i += e === CH_DOLLAR ? 2 : 1;
      continue;
    }
    i++;
  }
  if (i > start) st.push(K.StrFragment, start);
  if (cutAt >= 0) {
    st.err("unterminated-string", "unterminated string: expected a closing '' (the string is cut before the next line indented like its start)", st.strOpen, cutAt);
    st.mode = Mode.Code;
  }
  return i;
}

/** Leading spaces/tabs of the line holding offset `at`. */
function lineIndent(s: string, at: number): number {
  let b = at;
  while (b > 0 && s.charCodeAt(b - 1) !== CH_NL) b--;
  let k = 0;
  while (s.charCodeAt(b + k) === CH_SP || s.charCodeAt(b + k) === CH_TAB) k++;
  return k;
}

/** Is the line starting at `at` non-blank and indented at most `indent`? */
function dedentedLine(s: string, at: number, indent: number): boolean {
  let k = 0;
  while (s.charCodeAt(at + k) === CH_SP || s.charCodeAt(at + k) === CH_TAB) k++;
  const c = s.charCodeAt(at + k);
  if (Number.isNaN(c) || c === CH_NL || c === CH_CR) return false;
  // the closing `''` itself is usually indented like the opening line
  if (c === CH_APOS && s.charCodeAt(at + k + 1) === CH_APOS) return false;
  return k <= indent;
}

/**
 * Where a literal run of a "..." string starting at `i` ends: at a `"`, a `\\`, a `${`, the
 * end of the text, or (`cutAtLineEnd`, a string the lexer cuts) a line break. Also used by the
 * re-parse of one string token (reparseToken.ts), which must stop exactly where the lexer does.
 */
export function dquoteLiteralEnd(s: string, i: number, cutAtLineEnd: boolean): number {
  const n = s.length;
  while (i < n) {
    const d = s.charCodeAt(i);
    if (d === CH_QUOTE || d === CH_BACKSLASH) break;
    if (cutAtLineEnd && (d === CH_NL || d === CH_CR)) break;
    if (d === CH_DOLLAR) {
      const e = s.charCodeAt(i + 1);
      if (e === CH_LBRACE) break;
      // `$$` is literal as a pair, so `$${` stays literal
      i += e === CH_DOLLAR ? 2 : 1;
      continue;
    }
    i++;
  }
  return Math.min(i, n);
}

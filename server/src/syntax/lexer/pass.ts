// One pass of the lexer over a text: a mode stack decides which family of
// tokens the text at the cursor belongs to (see strings.ts, paths.ts,
// words.ts, operators.ts, trivia.ts). No IO, no recursion.
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import { lexOperator } from "./operators.js";
import { endOfPass, type Pass } from "./runaway.js";
import { lexPathPart, lexSearchPath } from "./paths.js";
import { Frame, LexState, Mode } from "./state.js";
import { lexIndPart, lexStrPart, openString } from "./strings.js";
import { keywordAt } from "./keywords.js";
import { lexBlockComment, lexLineComment } from "./trivia.js";
import { lexWord, longestMatch } from "./words.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_APOS, CH_COLON, CH_CR, CH_DOLLAR, CH_DOT, CH_EQ, CH_HASH, CH_LBRACE, CH_LT, CH_NL, CH_PLUS, CH_QUOTE, CH_RBRACE, CH_SLASH, CH_SP, CH_STAR, CH_TAB, CH_TILDE, C_IDCONT, C_IDSTART, C_PATH, cls } = charClass;

/**
 * Lexes `s`, cutting short the strings opened at the offsets in `cut`.
 * `from`/`to`: see lexRegion. `keep` false: only find where strings run
 * open (the stream comes back empty). `wantCutClose`: also find `cutClose`.
 * `stopAfter` (>= 0): stop at the first token boundary at or after it where
 * the lexer stands in code with only plain `{` open (no string, no
 * interpolation): from there on the text lexes as it would from the start of
 * a file (see lexRegionCut). The pass ends there as if the text did
 * (`stoppedAt`), or runs to the end if there is no such point.
 * `stopAtError`: with stopAfter, stop instead at the first token boundary
 * after a lexer error (see restOpenString).
 * `settled`: asked at a line break in code with only plain `{` open, where a
 * token starts; true if from there to its end the text lexes as from the
 * start of a file with no lexer error and no string left open (see
 * PrefixStrings.settled). The pass stops there (`stoppedAt`, `settled` set).
 */
export function lexPass(s: string, cut: ReadonlySet<number>, from = -1, to = -1, keep = true, wantCutClose = false, stopAfter = -1, stopAtError = false, settled?: (at: number) => boolean): Pass {
  const n = s.length;
  const st = new LexState(s, cut, keep);
  const stack = st.stack;
  // (see lexRegion) the stack depth at `from`, the lowest since, and whether [from, to) was self-contained
  let depthFrom = -2;
  let low = 0;
  let between = false;
  let i = 0;
  let stoppedAt = -1;
  let settledAt = false;
  while (i < n) {
    const mode = st.mode;
    if (stopAfter >= 0 && i >= stopAfter && (stopAtError ? st.errors.length > 0 : mode === Mode.Code && onlyBraces(stack))) {
      stoppedAt = i;
      break;
    }
    if (settled !== undefined && mode === Mode.Code && s.charCodeAt(i) === CH_NL && onlyBraces(stack) && settled(i)) {
      stoppedAt = i;
      settledAt = true;
      break;
    }
    if (i === from && mode === Mode.Code) low = depthFrom = stack.length;
    if (i === to) between = depthFrom >= 0 && mode === Mode.Code && stack.length === depthFrom && low >= depthFrom;

    if (mode === Mode.Str) {
      i = lexStrPart(st, i);
      continue;
    }
    if (mode === Mode.Ind) {
      i = lexIndPart(st, i);
      continue;
    }
    if (mode === Mode.Path) {
      i = lexPathPart(st, i);
      continue;
    }

    // Code: trivia, string openers and braces (which change mode or stack), then words and operators.
    // The commonest tokens (whitespace, identifiers, a `.` between names) are lexed here, in the
    // loop: a call per token was a fifth of the lexer's time.
    const c = s.charCodeAt(i);
    if (c === CH_SP || c === CH_TAB || c === CH_NL || c === CH_CR) {
      const start = i;
      i++;
      for (let d = s.charCodeAt(i); d === CH_SP || d === CH_TAB || d === CH_NL || d === CH_CR; d = s.charCodeAt(++i));
      st.push(K.Whitespace, start);
      continue;
    }
    const cl = cls(c);
    if (cl & C_IDSTART) {
      let j = i + 1;
      while (j < n && cls(s.charCodeAt(j)) & C_IDCONT) j++;
      // only `.` `+` `/` `:` can make it the start of a longer path or URI (see lexWord)
      const e = s.charCodeAt(j);
      if (e !== CH_DOT && e !== CH_PLUS && e !== CH_SLASH && e !== CH_COLON) {
        st.push(keywordAt(s, i, j), i);
        i = j;
        continue;
      }
      i = longestMatch(st, i, c, cl, j);
      continue;
    }
    // a `.` inside a run known to hold no path, before a name: `a.b` (see longestMatch)
    if (c === CH_DOT && i < st.noPathBefore && cls(s.charCodeAt(i + 1)) & C_IDSTART) {
      st.push(K.Dot, i);
      i++;
      continue;
    }
    // punctuation that is a token of one character wherever it stands in code
    const one = c < 128 ? SINGLE[c]! : 0;
    if (one !== 0) {
      st.push(one, i);
      i++;
      continue;
    }
    if (c === CH_EQ) {
      if (s.charCodeAt(i + 1) === CH_EQ) {
        st.push(K.EqEq, i);
        i += 2;
      } else {
        st.push(K.Assign, i);
        i++;
      }
      continue;
    }
    if (c === CH_HASH) {
      i = lexLineComment(st, i);
      continue;
    }
    if (c === CH_SLASH && s.charCodeAt(i + 1) === CH_STAR) {
      i = lexBlockComment(st, i);
      continue;
    }
    if (c === CH_QUOTE || (c === CH_APOS && s.charCodeAt(i + 1) === CH_APOS)) {
      i = openString(st, i, c);
      continue;
    }
    if (c === CH_LBRACE) {
      st.push(K.LBrace, i);
      i++;
      stack.push(Frame.Brace);
      continue;
    }
    if (c === CH_RBRACE) {
      if (stack.length - 1 < low) low = stack.length - 1;
      const top = stack.length > 0 ? stack.pop()! : Frame.Brace;
      st.push(top === Frame.Brace ? K.RBrace : K.InterpEnd, i);
      i++;
      st.mode =
        top === Frame.InterpStr ? Mode.Str : top === Frame.InterpInd ? Mode.Ind : top === Frame.InterpPath ? Mode.Path : Mode.Code;
      if (top === Frame.InterpStr || top === Frame.InterpInd) st.strOpen = st.openers.pop() ?? -1;
      continue;
    }
    if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
      st.push(K.DollarCurly, i);
      i += 2;
      stack.push(Frame.InterpCode);
      continue;
    }
    if (cl & C_PATH || c === CH_SLASH || c === CH_TILDE) {
      const j = lexWord(st, i, c, cl);
      if (j > i) {
        i = j;
        continue;
      }
    }
    if (c === CH_LT) {
      const j = lexSearchPath(st, i);
      if (j > i) {
        i = j;
        continue;
      }
    }
    i = lexOperator(st, i, c);
  }

  // (a region ending at the end of the text: whether it was self-contained there, unless a string is cut)
  const betweenAtEnd = to === n ? depthFrom >= 0 && st.mode === Mode.Code && stack.length === depthFrom && low >= depthFrom : between;
  const pass = endOfPass(st, between, betweenAtEnd, wantCutClose);
  pass.stoppedAt = stoppedAt;
  pass.settled = settledAt;
  return pass;
}

// The token kind of characters that in code are always a token of their own (see lexOperator).
const SINGLE = new Uint8Array(128);
SINGLE[40] = K.LParen;
SINGLE[41] = K.RParen;
SINGLE[91] = K.LBrack;
SINGLE[93] = K.RBrack;
SINGLE[59] = K.Semicolon;
SINGLE[CH_COLON] = K.Colon;
SINGLE[44] = K.Comma;
SINGLE[64] = K.At;
SINGLE[63] = K.Question;
SINGLE[CH_STAR] = K.Star;

function onlyBraces(stack: Frame[]): boolean {
  for (let f = 0; f < stack.length; f++) if (stack[f] !== Frame.Brace) return false;
  return true;
}

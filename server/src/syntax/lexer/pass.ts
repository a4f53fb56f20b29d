// One pass of the lexer over a text: a mode stack decides which family of
// tokens the text at the cursor belongs to (see strings.ts, paths.ts,
// words.ts, operators.ts, trivia.ts). No IO, no recursion.
import { SyntaxKind as K } from "../kinds.js";
import {
  CH_APOS,
  CH_CR,
  CH_DOLLAR,
  CH_HASH,
  CH_LBRACE,
  CH_LT,
  CH_NL,
  CH_QUOTE,
  CH_RBRACE,
  CH_SLASH,
  CH_SP,
  CH_STAR,
  CH_TAB,
  CH_TILDE,
  C_IDSTART,
  C_PATH,
  cls,
} from "./charClass.js";
import { lexOperator } from "./operators.js";
import { lexPathPart, lexSearchPath } from "./paths.js";
import { Frame, LexState, Mode } from "./state.js";
import { lexIndPart, lexStrPart, openString } from "./strings.js";
import type { TokenStream } from "./tokenStream.js";
import { lexBlockComment, lexLineComment, lexWhitespace } from "./trivia.js";
import { lexWord } from "./words.js";

export interface Pass {
  stream: TokenStream;
  /** The string to cut short next (see lex), or -1. */
  openString: number;
  /** (see lexRegion) whether [from, to) was self-contained. */
  between: boolean;
  /** (for prefixCutClose) the first close of a string the cut would prefer; Infinity otherwise. */
  cutClose: number;
}

/**
 * Lexes `s`, cutting short the strings opened at the offsets in `cut`.
 * `from`/`to`: see lexRegion. `keep` false: only find where strings run
 * open (the stream comes back empty). `wantCutClose`: also find `cutClose`.
 */
export function lexPass(s: string, cut: ReadonlySet<number>, from = -1, to = -1, keep = true, wantCutClose = false): Pass {
  const n = s.length;
  const st = new LexState(s, cut, keep);
  const stack = st.stack;
  // (see lexRegion) the stack depth at `from`, the lowest since, and whether [from, to) was self-contained
  let depthFrom = -2;
  let low = 0;
  let between = false;
  let i = 0;
  while (i < n) {
    const mode = st.mode;
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
    const c = s.charCodeAt(i);
    if (c === CH_SP || c === CH_TAB || c === CH_NL || c === CH_CR) {
      i = lexWhitespace(st, i);
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
    const cl = cls(c);
    if (cl & (C_PATH | C_IDSTART) || c === CH_SLASH || c === CH_TILDE) {
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

  // The innermost string still open at the end: in a string now, or in an interpolation inside one.
  let open = -1;
  let openInd = false;
  const mode = st.mode;
  if (mode === Mode.Str || mode === Mode.Ind) {
    open = st.strOpen;
    openInd = mode === Mode.Ind;
  } else {
    for (let f = stack.length - 1; f >= 0; f--) {
      if (stack[f] === Frame.InterpStr || stack[f] === Frame.InterpInd) {
        open = st.openers[st.openers.length - 1] ?? -1;
        openInd = stack[f] === Frame.InterpInd;
        break;
      }
    }
  }
  const stream = st.stream();
  // A "..." string that runs over lines into code (`;` or `=` after a line
  // break) most likely lacks its closing quote: the quotes after it paired
  // up wrongly. Cut that one first; else the one still open.
  const closedStrings = st.closedStrings;
  const prefers = (q: number): boolean => {
    const a = closedStrings[q]!;
    const nl = s.indexOf("\n", a);
    if (nl < 0 || nl > closedStrings[q + 1]!) return false;
    const rest = s.slice(nl, closedStrings[q + 1]!);
    return rest.includes(";") || rest.includes("=");
  };
  // (for prefixCutClose: the first close of such a string, wherever it is)
  let cutClose = Infinity;
  if (wantCutClose) for (let q = 0; q < closedStrings.length; q += 2) if (closedStrings[q + 1]! < cutClose && prefers(q)) cutClose = closedStrings[q + 1]!;
  if (open >= 0 && !cut.has(open)) {
    for (let q = 0; q < closedStrings.length; q += 2) {
      const a = closedStrings[q]!;
      if (a >= open || cut.has(a)) continue;
      if (prefers(q)) return { stream, openString: a, between, cutClose };
    }
    return { stream, openString: open, between, cutClose };
  }
  if (open >= 0)
    st.err("unterminated-string", "unterminated string: expected a closing " + (openInd ? "''" : '"'), open, n);
  if (to === n) between = depthFrom >= 0 && mode === Mode.Code && stack.length === depthFrom && low >= depthFrom;
  return { stream, openString: -1, between, cutClose };
}

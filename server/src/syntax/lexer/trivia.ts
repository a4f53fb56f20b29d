// Trivia: whitespace and comments, kept as tokens so the tree stays lossless.
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import type { LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_CR } = charClass;

/** At a `#`: the comment up to the end of its line, which is a LF or a CR (as in Nix's lexer: `#[^\r\n]*`). */
export function lexLineComment(st: LexState, i: number): number {
  const s = st.s;
  const start = i;
  const nl = s.indexOf("\n", i);
  const end = nl < 0 ? st.n : nl;
  // a lone CR ends the comment too (the old Mac line break); a CR before the LF belongs to the line break
  i = start + 1;
  while (i < end && s.charCodeAt(i) !== CH_CR) i++;
  st.push(K.Comment, start);
  return i;
}

/** At a `/*`: the comment up to its `*\/`, or to the end of the text. */
export function lexBlockComment(st: LexState, i: number): number {
  const start = i;
  const close = st.s.indexOf("*/", i + 2);
  if (close < 0) {
    i = st.n;
    st.err("unterminated-comment", "unterminated block comment: expected '*/'", start, st.n);
  } else i = close + 2;
  st.push(K.BlockComment, start);
  return i;
}

// The end of a pass: which string still runs open, and so which one the
// next pass cuts short (see lex), or the error for one that stays open.
import { Frame, Mode, type LexState } from "./state.js";
import type { TokenStream } from "./tokenStream.js";

export interface Pass {
  stream: TokenStream;
  /** The string to cut short next (see lex), or -1. */
  openString: number;
  /** (see lexRegion) whether [from, to) was self-contained. */
  between: boolean;
  /** (for prefixCutClose) the first close of a string the cut would prefer; Infinity otherwise. */
  cutClose: number;
  /** (for prefixCutClose) the opening quote of the string cutClose closes; -1 otherwise. */
  cutOpen: number;
  /** (see lexPass's stopAfter) where the pass stopped, or -1. */
  stoppedAt: number;
}

/**
 * `between`: see lexRegion, as the loop found it; `betweenAtEnd`: the same
 * for a region that ends at the end of the text (used when no string is cut).
 */
export function endOfPass(st: LexState, between: boolean, betweenAtEnd: boolean, wantCutClose: boolean): Pass {
  const s = st.s,
    n = st.n,
    cut = st.cut,
    stack = st.stack;
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
  let cutOpen = -1;
  if (wantCutClose)
    for (let q = 0; q < closedStrings.length; q += 2)
      if (closedStrings[q + 1]! < cutClose && prefers(q)) {
        cutClose = closedStrings[q + 1]!;
        cutOpen = closedStrings[q]!;
      }
  if (open >= 0 && !cut.has(open)) {
    for (let q = 0; q < closedStrings.length; q += 2) {
      const a = closedStrings[q]!;
      if (a >= open || cut.has(a)) continue;
      if (prefers(q)) return { stream, openString: a, between, cutClose, cutOpen, stoppedAt: -1 };
    }
    return { stream, openString: open, between, cutClose, cutOpen, stoppedAt: -1 };
  }
  if (open >= 0)
    st.err("unterminated-string", "unterminated string: expected a closing " + (openInd ? "''" : '"'), open, n);
  return { stream, openString: -1, between: betweenAtEnd, cutClose, cutOpen, stoppedAt: -1 };
}

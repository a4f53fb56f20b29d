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
  /** (see lexPass's settled) it stopped where the rest of the text is known to lex cleanly. */
  settled?: boolean;
  /** The pass's lexer errors that tell the text is broken whatever is cut (see isLexTrigger). */
  triggers: number;
  /** Start of the last of those, or -1. */
  lastTrigger: number;
  /** (open, close) offsets of the "..." strings the pass closed, in the order they closed. */
  closed: readonly number[];
}

/**
 * A lexer error that no cut of a runaway string makes: a character that starts no
 * token, a `/*` never closed, a path ending in `/`, an integer too large. Nix
 * rejects a text that has one, so where one lies after a string that runs over
 * lines, the lexer may cut that string (see lex) without ever disagreeing with
 * Nix on a file it accepts.
 */
export function isLexTrigger(e: { code: string; message: string }): boolean {
  return (
    e.code === "unterminated-comment" ||
    e.code === "path-trailing-slash" ||
    e.code === "invalid-int" ||
    (e.code === "syntax" && e.message.startsWith(UNEXPECTED_CHARACTER))
  );
}
/** How lexer/operators.ts begins its message for a character that starts no token (the tests hold them together). */
export const UNEXPECTED_CHARACTER = "unexpected character";

/**
 * Whether the "..." string closed[q] .. closed[q + 1] of `s` runs over a line
 * break into code (`;` or `=` after the break): most likely it lacks its
 * closing quote, and the quotes after it paired up the wrong way round.
 */
export function runsIntoCode(s: string, closed: readonly number[], q: number): boolean {
  const a = closed[q]!;
  const nl = s.indexOf("\n", a);
  if (nl < 0 || nl > closed[q + 1]!) return false;
  for (let i = nl; i < closed[q + 1]!; i++) {
    const c = s.charCodeAt(i);
    if (c === 59 /* ; */ || c === 61 /* = */) return true;
  }
  return false;
}

/** Whether the "..." string closed[q] .. closed[q + 1] of `s` runs over a line break. */
export function spansLines(s: string, closed: readonly number[], q: number): boolean {
  const nl = s.indexOf("\n", closed[q]!);
  return nl >= 0 && nl < closed[q + 1]!;
}

/** The first "..." string of `closed` (in the order they closed) that runs over a line break: its opening quote, or -1. */
export function firstSpanning(s: string, closed: readonly number[]): number {
  for (let q = 0; q < closed.length; q += 2) if (spansLines(s, closed, q)) return closed[q]!;
  return -1;
}

/**
 * (see lex) In a pass that left no string open but has lexer errors telling the
 * text is broken: the first "..." string, in the order they closed, that runs
 * over a line break (cutting it changes how the rest pairs up), opens before
 * the last such error, and is neither cut nor in `skip`. Its opening quote, or -1.
 */
export function flipSuspect(s: string, pass: Pass, cut: ReadonlySet<number>, skip: ReadonlySet<number>): number {
  if (pass.openString >= 0 || pass.triggers === 0) return -1;
  const closed = pass.closed;
  for (let q = 0; q < closed.length; q += 2) {
    const a = closed[q]!;
    if (a >= pass.lastTrigger) continue;
    if (cut.has(a) || skip.has(a)) continue;
    if (spansLines(s, closed, q)) return a;
  }
  return -1;
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
  const prefers = (q: number): boolean => runsIntoCode(s, closedStrings, q);
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
      if (prefers(q)) return { stream, openString: a, between, cutClose, cutOpen, stoppedAt: -1, ...triggersOf(st.errors), closed: closedStrings };
    }
    return { stream, openString: open, between, cutClose, cutOpen, stoppedAt: -1, ...triggersOf(st.errors), closed: closedStrings };
  }
  if (open >= 0)
    st.err("unterminated-string", "unterminated string: expected a closing " + (openInd ? "''" : '"'), open, n);
  return { stream, openString: -1, between: betweenAtEnd, cutClose, cutOpen, stoppedAt: -1, ...triggersOf(st.errors), closed: closedStrings };
}

function triggersOf(errors: ReadonlyArray<{ code: string; message: string; start: number }>): { triggers: number; lastTrigger: number } {
  let triggers = 0,
    lastTrigger = -1;
  for (const e of errors)
    if (isLexTrigger(e)) {
      triggers++;
      if (e.start > lastTrigger) lastTrigger = e.start;
    }
  return { triggers, lastTrigger };
}

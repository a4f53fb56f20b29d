// The lexer's entry points: a whole text (lex), and a region of one for
// incremental re-parsing (lexRegion, lexRegionCut).
import { CH_QUOTE } from "./charClass.js";
import { lexPass } from "./pass.js";
import { firstSpanning, flipSuspect, spansLines } from "./runaway.js";
import type { TokenStream } from "./tokenStream.js";
import { commonPrefix } from "../commonPrefix.js";

/**
 * Lexes `s`. A string left open at the end of the file would swallow
 * everything after it, so the text is lexed again with that string cut
 * short: a "..." string at the end of its first line, a ''...'' string before
 * the first later line indented no deeper than the line it opened on. Nix
 * rejects the file either way; this keeps the rest of it parseable.
 *
 * A `"` typed with nothing after it usually leaves no string open: the quotes
 * after it pair up the other way round until something (a `''` string, a
 * comment) evens them out, and string text becomes code. That code seldom
 * lexes: so when a pass leaves no string open but has lexer errors (isLexTrigger:
 * Nix rejects the file then, whatever we cut), the first "..." string before
 * the last of them that runs over lines into code is cut at the end of its
 * line, and that is kept if it leaves fewer such errors and no string open
 * (else the next such string is tried). A file Nix accepts has no lexer error,
 * so it is never cut.
 */
export function lex(s: string): TokenStream {
  let cut: ReadonlySet<number> = NO_CUTS;
  let skip: Set<number> | undefined;
  let r = lexPass(s, cut);
  for (let pass = 0; pass < 16; pass++) {
    if (r.openString >= 0) {
      cut = new Set(cut).add(r.openString);
      r = lexPass(s, cut);
      continue;
    }
    const suspect = flipSuspect(s, r, cut, skip ?? NO_CUTS);
    if (suspect < 0) break;
    const withCut = new Set(cut).add(suspect);
    const t = lexPass(s, withCut);
    if (t.openString < 0 && t.triggers < r.triggers) {
      cut = withCut;
      r = t;
    } else (skip ??= new Set()).add(suspect);
  }
  if (cut.size === 0) r.stream.closed = r.closed;
  return r.stream;
}

/**
 * Lexes a region of a text for incremental re-parsing: `s` is the region
 * alone, starting in code outside any string. `clean` tells whether, at
 * offset `probe` of it, the lexer stands at a token boundary in code with no
 * `{` or `${` left open and none closed that the region did not open. Then
 * the region's tokens up to `probe` are the ones a lexer of the whole text
 * makes there, and what follows lexes as before. Runaway strings are not cut
 * (that is decided over the whole text): such a region is never clean.
 */
export function lexRegion(s: string, probe: number): { stream: TokenStream; clean: boolean } {
  const r = lexPass(s, NO_CUTS, 0, probe);
  return { stream: r.stream, clean: r.between };
}
const NO_CUTS: ReadonlySet<number> = new Set();

/**
 * For a region of `s` that lexRegion found not clean because a "..." string
 * opened in it runs on: where the lexer of the whole text cuts that string short,
 * and the region's tokens with that cut. The whole text is lexed once (the
 * string must still be open at the end of the file, or the quotes after it must
 * pair up into lexer errors, and the one to cut must be in the region: the
 * whole-text lexer chooses it so), then the region alone with the cut; that
 * must be clean at `to` (see lexRegion) and hold no lexer error that would have
 * the whole-text lexer cut on, so that the rest of the text lexes as before
 * and no further cut follows. The caller knows the text outside the region has
 * no lexer error (every error of the old tree lies in the region). Undefined
 * otherwise. Offsets in the result are the region's, as lexRegion's.
 */
export function lexRegionCut(s: string, from: number, to: number, end: number, prefix?: PrefixStrings): TokenStream | undefined {
  const open = cutInRegion(s, from, to, prefix);
  if (open < 0) return undefined;
  const r = lexPass(s.slice(from, end), new Set([open - from]), 0, to - from);
  return r.between && r.triggers === 0 ? r.stream : undefined;
}

/**
 * (see lexRegionCut) The "..." string the whole-text lexer cuts first, when it
 * opens in s[from, to); else -1.
 */
export function cutInRegion(s: string, from: number, to: number, prefix?: PrefixStrings): number {
  // The string to cut must open with a `"` in [from, to): with none there, nothing can be cut,
  // and the rest of the text need not be lexed to find out (a `{` typed with nothing
  // auto-closed leaves a run that is not clean for want of its `}`: 3-5 ms for the tail).
  const quote = s.indexOf('"', from);
  if (quote < 0 || quote >= to) return -1;
  // (its tokens are not needed: only which string it finds open at the end, or to cut for the errors)
  let open: number;
  if (prefix) {
    // The text before `from` lexes as it did (it did not change, and ends in code with no
    // interpolation open): what matters of it is whether it holds a string the cut would
    // prefer (see lexPass's end), which `prefix` remembers. Only the rest is lexed.
    if (prefixCutClose(s, from, prefix) < from) return -1;
    open = restOpenString(s, from, to, prefix);
  } else {
    const whole = lexPass(s, NO_CUTS, -1, -1, false);
    open = whole.openString >= 0 ? whole.openString : flipSuspect(s, whole, NO_CUTS, NO_CUTS);
  }
  // (a '' string is cut by the indentation of its line, which may start before the region)
  return open < from || open >= to || s.charCodeAt(open) !== CH_QUOTE ? -1 : open;
}

/**
 * For a region lexRegion found clean whose tokens hold a lexer error (isLexTrigger):
 * whether the whole-text lexer still cuts no string for it (see lex), that is,
 * no "..." string running over lines into code opens before the region's last
 * such error, in the region or before it (`prefix`: see lexRegionCut). The
 * text after the region holds no lexer error (the caller's) and its strings
 * open after that one. False when that is not known.
 */
export function regionCutsNothing(s: string, from: number, to: number, prefix?: PrefixStrings): boolean {
  if (!prefix || prefixCutClose(s, from, prefix) < from) return false;
  return firstSpanningClose(s.slice(from, to)) === Infinity;
}

/**
 * What a lexer of a text's start found that the cut of a runaway string
 * depends on, kept from one edit to the next (incremental re-parsing holds
 * one per tree): `text` lexed up to `end` (a point in code, outside any
 * string or interpolation) closes no "..." string over lines before
 * `minClose` (Infinity: none). Such a string is the one either cut would take
 * first (one running into code for a string left open at the end, any for
 * lexer errors), so a run after it is left to the whole-text lexer.
 */
export interface PrefixStrings {
  text: string;
  end: number;
  minClose: number;
  /**
   * (from a whole parse) minClose not found yet: `text`'s strings as lex found them
   * (TokenStream.closed), end being its length. Reading these once is a fraction of
   * lexing the text again at the first string left open.
   */
  closed?: readonly number[];
  /**
   * (see restOpenString) the string the whole-text lexer would cut in a
   * text's tail, lexed from its start: `open` counted from the end of the
   * tail (-1: none; OPEN_UNKNOWN: lexed up to its first lexer error only), and
   * how many lexer errors it has (isLexTrigger), for the tail `text`.
   */
  tail?: { text: string; open: number; triggers: number };
  /**
   * (see prefixCutClose) A whole text lexed with no cut and the first close of a
   * "..." string over lines in it (Infinity: none). `end`/`minClose` cover one
   * prefix, the last asked for, and an edit before a later one made them lex the
   * text between again (100-140 KB when the next edit is far down a large
   * file); this answers for any prefix the text still shares with it.
   */
  whole?: { text: string; minClose: number };
  /**
   * Set by the caller for one edit, from the tree of the text before it: true
   * at an offset of the new text where a token starts in code with only plain
   * `{` open, from which to its end the text lexes as from the start of a file
   * with no lexer error and no string left open. The quotes a typed `"` pairs
   * the other way usually pair up as before again after a comment or a `''`
   * string a few lines on: the tail is lexed up to there, not to its end.
   */
  settled?: (at: number) => boolean;
}

/**
 * The string the whole-text lexer finds to cut in s[from, end) (from in
 * code, outside any string), as an offset of s, or -1. Typing in a string
 * that runs on (`x = "perf-h`) pairs every later quote of the file the other
 * way round, so the tail has to be lexed to find the string left open at its
 * end; but the first point after the run where the lexer stands in code
 * with only plain `{` open lexes from there on as from the start of a file,
 * and while the string is typed that point (just after the quote that now
 * closes it) and the text after it stay the same. So the head, from `from`
 * to that point, is lexed each time (a line or two), and the tail once, its
 * answer kept with its text in `known`.
 */
function restOpenString(s: string, from: number, to: number, known: PrefixStrings): number {
  const rest = s.slice(from);
  const head = lexPass(rest, NO_CUTS, -1, -1, false, true, to - from);
  if (head.stoppedAt < 0) {
    if (head.openString >= 0) return head.openString + from;
    const suspect = flipSuspect(rest, head, NO_CUTS, NO_CUTS);
    return suspect < 0 ? -1 : suspect + from;
  }
  const at = from + head.stoppedAt;
  const tail = s.slice(at);
  // the head's first string that runs into code (which the cut for a string left open at the end
  // takes) and its first string over lines (which the cut for lexer errors takes; see lex)
  const intoCode = head.cutOpen;
  const spanning = firstSpanning(rest, head.closed);
  // when both are one string, the tail's first lexer error settles it: that string is cut whether
  // the tail leaves a string open at its end or not. The quotes paired the other way usually give
  // one within a few hundred lines; else the whole tail is lexed (once: kept with its text)
  const early = intoCode >= 0 && intoCode === spanning;
  let t = known.tail && known.tail.text.length === tail.length && known.tail.text === tail ? known.tail : undefined;
  if (!t || (t.open === OPEN_UNKNOWN && !early)) {
    const settled = known.settled;
    const r = lexPass(tail, NO_CUTS, -1, -1, false, false, early ? 0 : -1, early, settled && ((j) => settled(at + j)));
    // (stopped where the rest lexes cleanly: no string open at the end, no lexer error after)
    const open = r.settled ? -1 : r.stoppedAt >= 0 ? OPEN_UNKNOWN : r.openString < 0 ? -1 : tail.length - r.openString;
    t = known.tail = { text: tail, open, triggers: r.triggers };
  }
  // as lexPass's end: the first string before the open one that runs into code on a later line, else the open one
  if (t.open >= 0) return intoCode >= 0 ? intoCode + from : s.length - t.open;
  if (t.open === OPEN_UNKNOWN) return intoCode + from;
  // a lexer error in the tail (after the head's strings): the head's first string over lines (see lex)
  if (t.triggers > 0) return spanning >= 0 ? spanning + from : -1;
  const suspect = flipSuspect(rest, head, NO_CUTS, NO_CUTS);
  return suspect < 0 ? -1 : suspect + from;
}

/** Where the first "..." string of `s` (lexed from its start) that runs over a line break closes, or Infinity. */
function firstSpanningClose(s: string): number {
  const closed = lexPass(s, NO_CUTS, -1, -1, false).closed;
  for (let q = 0; q < closed.length; q += 2) if (spansLines(s, closed, q)) return closed[q + 1]!;
  return Infinity;
}

/** (PrefixStrings.tail.open) the tail was lexed up to its first lexer error only. */
const OPEN_UNKNOWN = -2;


/** (closeBefore) the whole text does not tell. */
const UNKNOWN = -1;

/**
 * prefixCutClose's answer from a whole text's record, when s[0, from) is a
 * prefix of it, or one with blanks after the part they share (the line a new
 * binding starts on: the blanks typed before it); UNKNOWN otherwise. In
 * blanks no string closes, and the text they share lexes alike up to a few
 * characters before it ends (a token may look a few characters ahead): a
 * string closing there is left to the lexer.
 */
function closeBefore(s: string, from: number, whole: { text: string; minClose: number }): number {
  const e = commonPrefix(whole.text, s, from);
  for (let i = e; i < from; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return UNKNOWN;
  }
  if (e === from) return whole.minClose < from ? whole.minClose : Infinity;
  if (whole.minClose < e - LOOKAHEAD) return whole.minClose;
  return whole.minClose >= from ? Infinity : UNKNOWN;
}
/** The most characters past a token's end its lexing reads (`'''`, `''$`, `''\\`): 3, with a margin. */
const LOOKAHEAD = 8;


/**
 * The first close of a string in s[0, from) that the cut would take before
 * a string opened at or after `from` (Infinity: none), lexing only what
 * `known` does not already tell; `known` is updated to cover s up to `from`.
 * s[0, from) must end in code, outside any string or interpolation.
 */
function prefixCutClose(s: string, from: number, known: PrefixStrings): number {
  if (known.closed) {
    const closed = known.closed;
    known.closed = undefined;
    known.minClose = Infinity;
    // (closed in order: the first over lines closes first)
    for (let q = 0; q < closed.length; q += 2)
      if (spansLines(known.text, closed, q)) {
        known.minClose = closed[q + 1]!;
        break;
      }
    known.whole = { text: known.text, minClose: known.minClose };
  }
  const sameAs = (t: string, k: number) => t.length >= k && s.length >= k && (t === s || t.slice(0, k) === s.slice(0, k));
  const same = (k: number) => sameAs(known.text, k);
  // (the prefix lexes as in a text sharing it: a string closing before `from` closes there in both)
  const whole = known.whole;
  let minClose: number;
  if (known.end >= from && same(from)) minClose = known.minClose < from ? known.minClose : Infinity;
  else if (whole && (minClose = closeBefore(s, from, whole)) !== UNKNOWN) {
    // (answered from the whole text)
  }
  else if (known.end > 0 && known.end < from && same(known.end)) {
    const more = firstSpanningClose(s.slice(known.end, from));
    minClose = Math.min(known.minClose, more + known.end);
  } else {
    // lexed from the start anyway: the whole text, so that later edits before other prefixes of it need no lexing
    const all = firstSpanningClose(s);
    known.whole = { text: s, minClose: all };
    minClose = all < from ? all : Infinity;
  }
  known.text = s;
  known.end = from;
  known.minClose = minClose;
  return minClose;
}

// The lexer's entry points: a whole text (lex), and a region of one for
// incremental re-parsing (lexRegion, lexRegionCut).
import { CH_QUOTE } from "./charClass.js";
import { lexPass } from "./pass.js";
import type { TokenStream } from "./tokenStream.js";

/**
 * Lexes `s`. A string left open at the end of the file would swallow
 * everything after it, so the text is lexed again with that string cut
 * short: a "..." string at the end of its first line, a ''...'' string before
 * the first later line indented no deeper than the line it opened on. Nix
 * rejects the file either way; this keeps the rest of it parseable.
 */
export function lex(s: string): TokenStream {
  let cut = new Set<number>();
  for (let pass = 0; ; pass++) {
    const r = lexPass(s, cut);
    if (r.openString < 0 || pass >= 16) return r.stream;
    cut = new Set(cut).add(r.openString);
  }
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
 * string must still be open at the end of the file, and the one to cut must be
 * in the region: the whole-text lexer chooses it so), then the region alone
 * with the cut; that must be clean at `to` (see lexRegion), so that the rest
 * of the text lexes as before and no further cut follows. Undefined otherwise.
 * Offsets in the result are the region's, as lexRegion's.
 */
export function lexRegionCut(s: string, from: number, to: number, end: number, prefix?: PrefixStrings): TokenStream | undefined {
  // The string to cut must open with a `"` in [from, to): with none there, nothing can be cut,
  // and the rest of the text need not be lexed to find out (a `{` typed with nothing
  // auto-closed leaves a run that is not clean for want of its `}`: 3-5 ms for the tail).
  const quote = s.indexOf('"', from);
  if (quote < 0 || quote >= to) return undefined;
  // (its tokens are not needed: only which string it finds open at the end)
  let open: number;
  if (prefix) {
    // The text before `from` lexes as it did (it did not change, and ends in code with no
    // interpolation open): what matters of it is whether it holds a string the cut would
    // prefer (see lexPass's end), which `prefix` remembers. Only the rest is lexed.
    if (prefixCutClose(s, from, prefix) < from) return undefined;
    open = restOpenString(s, from, to, prefix);
  } else open = lexPass(s, NO_CUTS, -1, -1, false).openString;
  // (a '' string is cut by the indentation of its line, which may start before the region)
  if (open < from || open >= to || s.charCodeAt(open) !== CH_QUOTE) return undefined;
  const r = lexPass(s.slice(from, end), new Set([open - from]), 0, to - from);
  return r.between ? r.stream : undefined;
}

/**
 * What a lexer of a text's start found that the cut of a runaway string
 * depends on, kept from one edit to the next (incremental re-parsing holds
 * one per tree): `text` lexed up to `end` (a point in code, outside any
 * string or interpolation) closes no "..." string the cut would prefer
 * before `minClose` (Infinity: none).
 */
export interface PrefixStrings {
  text: string;
  end: number;
  minClose: number;
  /**
   * (see restOpenString) the string the whole-text lexer would cut in a
   * text's tail, lexed from its start: `open` counted from the end of the
   * tail (-1: none), for the tail `text`.
   */
  tail?: { text: string; open: number };
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
  if (head.stoppedAt < 0) return head.openString < 0 ? -1 : head.openString + from;
  const at = from + head.stoppedAt;
  const tail = s.slice(at);
  let open: number;
  if (known.tail && known.tail.text.length === tail.length && known.tail.text === tail) open = known.tail.open;
  else {
    const r = lexPass(tail, NO_CUTS, -1, -1, false).openString;
    open = r < 0 ? -1 : tail.length - r;
    known.tail = { text: tail, open };
  }
  if (open < 0) return -1;
  // as lexPass's end: the first string before the open one that runs into code on a later line, else the open one
  return head.cutOpen >= 0 ? head.cutOpen + from : s.length - open;
}

/**
 * The first close of a string in s[0, from) that the cut would take before
 * a string opened at or after `from` (Infinity: none), lexing only what
 * `known` does not already tell; `known` is updated to cover s up to `from`.
 * s[0, from) must end in code, outside any string or interpolation.
 */
function prefixCutClose(s: string, from: number, known: PrefixStrings): number {
  const same = (k: number) => known.text.length >= k && s.length >= k && (known.text === s || known.text.slice(0, k) === s.slice(0, k));
  let minClose: number;
  if (known.end >= from && same(from)) minClose = known.minClose < from ? known.minClose : Infinity;
  else if (known.end > 0 && known.end < from && same(known.end)) {
    const more = lexPass(s.slice(known.end, from), NO_CUTS, -1, -1, false, true).cutClose;
    minClose = Math.min(known.minClose, more + known.end);
  } else minClose = lexPass(s.slice(0, from), NO_CUTS, -1, -1, false, true).cutClose;
  known.text = s;
  known.end = from;
  known.minClose = minClose;
  return minClose;
}

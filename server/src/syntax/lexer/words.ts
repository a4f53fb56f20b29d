// Words: identifiers and keywords, numbers, URIs and paths, which can start
// alike (`a.b`, `a/b`, `a:b`, `1.5`, `./x`): the longest match wins, as in Nix.
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import { keywordAt } from "./keywords.js";
import { checkInt, floatLen, intLen } from "./numbers.js";
import { pathLen, pathRun, pushPathStart, uriLen } from "./paths.js";
import type { LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_COLON, CH_DOT, CH_SLASH, C_DIGIT, C_IDCONT, C_IDSTART, cls } = charClass;

/**
 * At a character that may start a word (`cl` its class): the end of the word
 * lexed there, or i when there is none (the caller tries the operators).
 */
export function lexWord(st: LexState, i: number, c: number, cl: number): number {
  if (cl & C_IDSTART) {
    const s = st.s,
      n = st.n;
    let j = i + 1;
    while (j < n && cls(s.charCodeAt(j)) & C_IDCONT) j++;
    // Fast path: a path or URI can only be longer than the identifier if
    // it goes on with `.`, `+`, `/` or `:`; otherwise this is an identifier.
    const e = s.charCodeAt(j);
    if (e !== CH_DOT && e !== 43 && e !== CH_SLASH && e !== CH_COLON) {
      st.push(keywordAt(s, i, j), i);
      return j;
    }
    return longestMatch(st, i, c, cl, j);
  }
  return longestMatch(st, i, c, cl, -1);
}

/** The longest of identifier (ending at identEnd, -1: none), number, URI and path at i. */
export function longestMatch(st: LexState, i: number, c: number, cl: number, identEnd: number): number {
  const s = st.s;
  const start = i;
  let best = 0;
  let kind: K = K.ErrorToken;
  let runEnd = -1;
  if (identEnd >= 0) {
    best = identEnd - i;
    kind = K.Ident;
    let schemeEnd = -1;
    if (i >= st.noUriBefore && i >= st.noPathBefore) {
      const run = pathRun(s, i);
      runEnd = run.runEnd;
      schemeEnd = run.schemeEnd;
    }
    let u = i < st.noUriBefore ? 0 : uriLen(s, i, schemeEnd);
    if (u < 0) {
      st.noUriBefore = -u - 1;
      u = 0;
    }
    if (u > best) {
      best = u;
      kind = K.Uri;
    }
  } else if (cl & C_DIGIT || c === CH_DOT) {
    const f = floatLen(s, i);
    if (f > 0) {
      best = f;
      kind = K.Float;
    } else if (cl & C_DIGIT) {
      best = intLen(s, i);
      kind = K.Int;
    }
  }
  // A path cannot start inside a run already known not to hold one: this
  // keeps runs like `-----` or `a.a.a.a` linear.
  let p = i < st.noPathBefore ? 0 : pathLen(s, i, runEnd);
  if (p < 0) {
    st.noPathBefore = -p - 1;
    p = 0;
  }
  if (p > best) {
    pushPathStart(st, start, i + p);
    return i + p;
  }
  if (best > 0) {
    i += best;
    if (kind === K.Ident) {
      kind = keywordAt(s, start, i);
    } else if (kind === K.Int) {
      checkInt(st, start, i);
    }
    st.push(kind, start);
    return i;
  }
  if (c === CH_DOT && s.charCodeAt(i + 1) === CH_DOT && s.charCodeAt(i + 2) === CH_DOT) {
    st.push(K.Ellipsis, i);
    return i + 3;
  }
  return i;
}

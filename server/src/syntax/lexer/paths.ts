// Paths (`./a/b`, `~/x`, `a/${b}`), search paths (`<nixpkgs/lib>`) and URIs.
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import { Frame, Mode, type LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_COLON, CH_DOLLAR, CH_GT, CH_LBRACE, CH_SLASH, CH_TILDE, C_PATH, C_URI, C_URISCHEME, cls } = charClass;

/**
 * Length of a path literal starting at i per Nix's PATH / HPATH / PATH_SEG${ rules.
 * The returned length never includes a following `${`. No path: 0 at a `~`,
 * else -(end + 1) with `end` where the run of path characters from i ends
 * (no path can start inside that run: the caller skips it without scanning it again).
 */
export function pathLen(s: string, i: number, knownRunEnd = -1): number {
  const n = s.length;
  let j = i;
  if (s.charCodeAt(j) === CH_TILDE) {
    j++;
    if (s.charCodeAt(j) !== CH_SLASH) return 0;
  } else if (knownRunEnd >= 0) {
    // (known to the caller: see pathRun)
    j = knownRunEnd;
  } else {
    while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
  }
  const runEnd = j;
  let groups = 0;
  while (s.charCodeAt(j) === CH_SLASH && cls(s.charCodeAt(j + 1)) & C_PATH) {
    j += 2;
    while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
    groups++;
  }
  const none = s.charCodeAt(i) === CH_TILDE ? 0 : -runEnd - 1;
  if (s.charCodeAt(j) === CH_SLASH) {
    // a trailing slash is part of the token (an error unless `${` follows)
    if (groups > 0) return j + 1 - i;
    if (s.charCodeAt(j + 1) === CH_DOLLAR && s.charCodeAt(j + 2) === CH_LBRACE) return j + 1 - i;
    return none;
  }
  return groups > 0 ? j - i : none;
}

/**
 * Length of a URI at i (an identifier start), or 0 when there is none. With
 * no `:` after the scheme characters, -(end + 1) with `end` where they stop:
 * no URI can start before that.
 */
export function uriLen(s: string, i: number, schemeEnd = -1): number {
  const n = s.length;
  let j = i + 1;
  if (schemeEnd >= 0) j = schemeEnd;
  else while (j < n && cls(s.charCodeAt(j)) & C_URISCHEME) j++;
  if (s.charCodeAt(j) !== CH_COLON) return -j - 1;
  if (s.charCodeAt(i) === 95 /* _ */) return 0;
  j++;
  const k = j;
  while (j < n && cls(s.charCodeAt(j)) & C_URI) j++;
  return j > k ? j - i : 0;
}

/**
 * Where the run of path characters from i ends, and (the same run less `_`, which a URI scheme
 * cannot hold) where the URI scheme characters from i + 1 end: pathLen's and uriLen's first
 * loops in one, for an identifier at i that may go on as a path or URI (`a.b.c` is scanned once).
 */
export function pathRun(s: string, i: number): { runEnd: number; schemeEnd: number } {
  const n = s.length;
  let j = i + 1;
  let under = -1;
  while (j < n) {
    const d = s.charCodeAt(j);
    if (!(cls(d) & C_PATH)) break;
    if (d === 95 && under < 0) under = j;
    j++;
  }
  RUN.runEnd = j;
  RUN.schemeEnd = under < 0 ? j : under;
  return RUN;
}
// (one object, reused: pathRun's answer is read at once)
const RUN = { runEnd: 0, schemeEnd: 0 };

/** A path's first fragment, s[start, end): after it, more fragments or `${` may follow. */
export function pushPathStart(st: LexState, start: number, end: number): void {
  st.push(K.PathFragment, start);
  checkTrailingSlash(st, start, end);
  st.mode = Mode.Path;
}

/** After a path fragment: another one, a `${`, or the end of the path. */
export function lexPathPart(st: LexState, i: number): number {
  const s = st.s,
    n = st.n;
  const start = i;
  const c = s.charCodeAt(i);
  if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
    st.push(K.DollarCurly, i);
    st.stack.push(Frame.InterpPath);
    st.mode = Mode.Code;
    return i + 2;
  }
  if (c === CH_SLASH || cls(c) & C_PATH) {
    while (i < n && (s.charCodeAt(i) === CH_SLASH || cls(s.charCodeAt(i)) & C_PATH)) i++;
    st.push(K.PathFragment, start);
    checkTrailingSlash(st, start, i);
    return i;
  }
  // paths are only entered from code
  st.mode = Mode.Code;
  return i;
}

/** At a `<`: the end of a search path `<a/b>` there, or i when there is none. */
export function lexSearchPath(st: LexState, i: number): number {
  const s = st.s,
    n = st.n;
  let j = i + 1;
  while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
  if (j === i + 1) return i;
  while (s.charCodeAt(j) === CH_SLASH && cls(s.charCodeAt(j + 1)) & C_PATH) {
    j += 2;
    while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
  }
  if (s.charCodeAt(j) !== CH_GT) return i;
  st.push(K.SearchPath, i);
  return j + 1;
}

function checkTrailingSlash(st: LexState, from: number, to: number) {
  const s = st.s;
  if (s.charCodeAt(to - 1) !== CH_SLASH) return;
  if (s.charCodeAt(to) === CH_DOLLAR && s.charCodeAt(to + 1) === CH_LBRACE) return;
  st.err("path-trailing-slash", "path has a trailing slash", from, to);
}

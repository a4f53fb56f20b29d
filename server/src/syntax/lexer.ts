// Hand-written Nix lexer with a mode stack. Produces a compact token stream
// (kinds in a Uint8Array, offsets in an Int32Array) covering every UTF-16 code
// unit of the input exactly once, trivia included. No IO, no recursion.
import { SyntaxKind as K } from "./kinds.js";

export interface LexError {
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface TokenStream {
  /** kinds[i] is the kind of token i. */
  kinds: Uint8Array;
  /** starts[i] is where token i starts; starts[count] === text.length. */
  starts: Int32Array;
  count: number;
  errors: LexError[];
}

// Modes: what the text at the cursor means.
const enum Mode {
  Code,
  Str,
  Ind,
  Path, // after the first fragment of a path: more fragments or `${`
}

// Stack entries: what a `}` closes.
const enum Frame {
  Brace, // `{` in code
  InterpCode, // `${` in code (dynamic attribute name): back to code
  InterpStr,
  InterpInd,
  InterpPath,
}

// Character classes as a lookup table over ASCII.
const C_IDSTART = 1;
const C_IDCONT = 2;
const C_PATH = 4; // [a-zA-Z0-9._\-+]
const C_URISCHEME = 8; // [a-zA-Z0-9+.-]
const C_URI = 16; // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
const C_DIGIT = 32;
const CLS = new Uint8Array(128);
(() => {
  const set = (chars: string, bit: number) => {
    for (let i = 0; i < chars.length; i++) CLS[chars.charCodeAt(i)] |= bit;
  };
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const alpha = lower + lower.toUpperCase();
  const digits = "0123456789";
  set(alpha + "_", C_IDSTART);
  set(alpha + digits + "_'-", C_IDCONT);
  set(alpha + digits + "._-+", C_PATH);
  set(alpha + digits + "+.-", C_URISCHEME);
  set(alpha + digits + "%/?:@&=+$,_.!~*'-", C_URI);
  set(digits, C_DIGIT);
})();

function cls(c: number): number {
  return c < 128 ? CLS[c]! : 0;
}

/** The keyword kind of the identifier s[i..j), or Ident. Compares in place: no slice per identifier. */
function keywordAt(s: string, i: number, j: number): K {
  const len = j - i;
  if (len < 2 || len > 7) return K.Ident;
  switch (s.charCodeAt(i)) {
    case 105: // i
      if (len === 2) {
        const c = s.charCodeAt(i + 1);
        return c === 102 ? K.If : c === 110 ? K.In : K.Ident;
      }
      return len === 7 && s.startsWith("inherit", i) ? K.Inherit : K.Ident;
    case 116: // t
      return len === 4 && s.startsWith("then", i) ? K.Then : K.Ident;
    case 101: // e
      return len === 4 && s.startsWith("else", i) ? K.Else : K.Ident;
    case 97: // a
      return len === 6 && s.startsWith("assert", i) ? K.Assert : K.Ident;
    case 119: // w
      return len === 4 && s.startsWith("with", i) ? K.With : K.Ident;
    case 108: // l
      return len === 3 && s.startsWith("let", i) ? K.Let : K.Ident;
    case 114: // r
      return len === 3 && s.startsWith("rec", i) ? K.Rec : K.Ident;
    case 111: // o
      return len === 2 && s.charCodeAt(i + 1) === 114 ? K.OrKw : K.Ident;
    default:
      return K.Ident;
  }
}

const CH_NL = 10,
  CH_CR = 13,
  CH_SP = 32,
  CH_TAB = 9,
  CH_QUOTE = 34,
  CH_HASH = 35,
  CH_DOLLAR = 36,
  CH_APOS = 39,
  CH_SLASH = 47,
  CH_STAR = 42,
  CH_BACKSLASH = 92,
  CH_LBRACE = 123,
  CH_RBRACE = 125,
  CH_DOT = 46,
  CH_TILDE = 126,
  CH_LT = 60,
  CH_GT = 62,
  CH_COLON = 58;

/**
 * Length of a path literal starting at i per Nix's PATH / HPATH / PATH_SEG${ rules.
 * The returned length never includes a following `${`. No path: 0 at a `~`,
 * else -(end + 1) with `end` where the run of path characters from i ends
 * (no path can start inside that run: the caller skips it without scanning it again).
 */
function pathLen(s: string, i: number): number {
  const n = s.length;
  let j = i;
  if (s.charCodeAt(j) === CH_TILDE) {
    j++;
    if (s.charCodeAt(j) !== CH_SLASH) return 0;
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
function uriLen(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n && cls(s.charCodeAt(j)) & C_URISCHEME) j++;
  if (s.charCodeAt(j) !== CH_COLON) return -j - 1;
  if (s.charCodeAt(i) === 95 /* _ */) return 0;
  j++;
  const k = j;
  while (j < n && cls(s.charCodeAt(j)) & C_URI) j++;
  return j > k ? j - i : 0;
}

/** Length of a float at i per Nix's FLOAT rule, or 0. */
function floatLen(s: string, i: number): number {
  const n = s.length;
  let j = i;
  const c = s.charCodeAt(i);
  if (c >= 49 && c <= 57) {
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
    if (s.charCodeAt(j) !== CH_DOT) return 0;
    j++;
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
  } else {
    if (c === 48) j++;
    if (s.charCodeAt(j) !== CH_DOT || !(cls(s.charCodeAt(j + 1)) & C_DIGIT)) return 0;
    j += 2;
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
  }
  const e = s.charCodeAt(j);
  if (e === 69 || e === 101) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (cls(s.charCodeAt(k)) & C_DIGIT) {
      while (k < n && cls(s.charCodeAt(k)) & C_DIGIT) k++;
      j = k;
    }
  }
  return j - i;
}

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
  // (its tokens are not needed: only which string it finds open at the end)
  let open: number;
  if (prefix) {
    // The text before `from` lexes as it did (it did not change, and ends in code with no
    // interpolation open): what matters of it is whether it holds a string the cut would
    // prefer (see lexPass's end), which `prefix` remembers. Only the rest is lexed.
    if (prefixCutClose(s, from, prefix) < from) return undefined;
    const rest = lexPass(s.slice(from), NO_CUTS, -1, -1, false).openString;
    open = rest < 0 ? -1 : rest + from;
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

/** `keep` false: only find where strings run open (the stream comes back empty). */
/** `wantCutClose`: also find `cutClose` (for prefixCutClose; Infinity otherwise). */
function lexPass(
  s: string,
  cut: ReadonlySet<number>,
  from = -1,
  to = -1,
  keep = true,
  wantCutClose = false,
): { stream: TokenStream; openString: number; between: boolean; cutClose: number } {
  const n = s.length;
  // Generous first guess; grown on demand.
  let cap = keep ? Math.max(16, (n >> 2) + 16) : 16;
  let kinds = new Uint8Array(cap);
  let starts = new Int32Array(cap + 1);
  let count = 0;
  const errors: LexError[] = [];
  const stack: Frame[] = [];
  let mode: Mode = Mode.Code;
  // Offset of the quote that opened the string being lexed, and those of the
  // strings around it (one per string interpolation frame on the stack).
  let strOpen = -1;
  const openers: number[] = [];
  // (open, close) offsets of the "..." strings lexed, to find a runaway one.
  const closedStrings: number[] = [];
  let noPathBefore = 0;
  let noUriBefore = 0;
  // In Path mode: whether the previous fragment ended with `/`.
  let i = 0;

  const push = (kind: K, start: number) => {
    if (!keep) return;
    if (count === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kinds);
      kinds = k2;
      const s2 = new Int32Array(cap + 1);
      s2.set(starts);
      starts = s2;
    }
    kinds[count] = kind;
    starts[count] = start;
    count++;
  };
  const err = (code: string, message: string, start: number, end: number) => {
    errors.push({ code, message, start, end });
  };

  // (see lexRegion) the stack depth at `from`, the lowest since, and whether [from, to) was self-contained
  let depthFrom = -2;
  let low = 0;
  let between = false;
  while (i < n) {
    const start = i;
    const c = s.charCodeAt(i);
    if (i === from && mode === Mode.Code) low = depthFrom = stack.length;
    if (i === to) between = depthFrom >= 0 && mode === Mode.Code && stack.length === depthFrom && low >= depthFrom;

    if (mode === Mode.Str) {
      if (c === CH_QUOTE) {
        push(K.Quote, i);
        closedStrings.push(strOpen, i);
        i++;
        mode = modeBelow();
        continue;
      }
      if (c === CH_BACKSLASH) {
        push(K.StrEscape, i);
        i += i + 1 < n ? 2 : 1;
        // keep surrogate pairs whole
        if (i < n && isLowSurrogate(s.charCodeAt(i)) && isHighSurrogate(s.charCodeAt(i - 1))) i++;
        continue;
      }
      if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
        push(K.DollarCurly, i);
        i += 2;
        stack.push(Frame.InterpStr);
        openers.push(strOpen);
        mode = Mode.Code;
        continue;
      }
      // literal run
      const cutHere = cut.size > 0 && cut.has(strOpen);
      let atNl = false;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d === CH_QUOTE || d === CH_BACKSLASH) break;
        if (cutHere && (d === CH_NL || d === CH_CR)) {
          atNl = true;
          break;
        }
        if (d === CH_DOLLAR) {
          const e = s.charCodeAt(i + 1);
          if (e === CH_LBRACE) break;
          // `$$` is literal as a pair, so `$${` stays literal
          i += e === CH_DOLLAR ? 2 : 1;
          continue;
        }
        i++;
      }
      if (i > start) push(K.StrFragment, start);
      if (atNl) {
        err("unterminated-string", 'unterminated string: expected a closing " before the end of the line', strOpen, i);
        mode = Mode.Code;
      }
      continue;
    }

    if (mode === Mode.Ind) {
      if (c === CH_APOS && s.charCodeAt(i + 1) === CH_APOS) {
        const e = s.charCodeAt(i + 2);
        if (e === CH_DOLLAR || e === CH_APOS) {
          push(K.StrEscape, i);
          i += 3;
          continue;
        }
        if (e === CH_BACKSLASH && i + 3 < n) {
          push(K.StrEscape, i);
          i += 4;
          if (i < n && isLowSurrogate(s.charCodeAt(i)) && isHighSurrogate(s.charCodeAt(i - 1))) i++;
          continue;
        }
        push(K.IndQuote, i);
        i += 2;
        mode = modeBelow();
        continue;
      }
      if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
        push(K.DollarCurly, i);
        i += 2;
        stack.push(Frame.InterpInd);
        openers.push(strOpen);
        mode = Mode.Code;
        continue;
      }
      const cutInd = cut.size > 0 && cut.has(strOpen) ? lineIndent(s, strOpen) : -1;
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
      if (i > start) push(K.StrFragment, start);
      if (cutAt >= 0) {
        err("unterminated-string", "unterminated string: expected a closing '' (the string is cut before the next line indented like its start)", strOpen, cutAt);
        mode = Mode.Code;
      }
      continue;
    }

    if (mode === Mode.Path) {
      if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
        push(K.DollarCurly, i);
        i += 2;
        stack.push(Frame.InterpPath);
        mode = Mode.Code;
        continue;
      }
      if (c === CH_SLASH || cls(c) & C_PATH) {
        while (i < n && (s.charCodeAt(i) === CH_SLASH || cls(s.charCodeAt(i)) & C_PATH)) i++;
        push(K.PathFragment, start);
        checkTrailingSlash(start, i);
        continue;
      }
      mode = modeBelow();
      continue;
    }

    // ---- Code mode
    if (c === CH_SP || c === CH_TAB || c === CH_NL || c === CH_CR) {
      i++;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d === CH_SP || d === CH_TAB || d === CH_NL || d === CH_CR) i++;
        else break;
      }
      push(K.Whitespace, start);
      continue;
    }
    if (c === CH_HASH) {
      const nl = s.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      // a CR before the LF belongs to the line break, not the comment
      if (i > start + 1 && s.charCodeAt(i - 1) === CH_CR && nl >= 0) i--;
      push(K.Comment, start);
      continue;
    }
    if (c === CH_SLASH && s.charCodeAt(i + 1) === CH_STAR) {
      const close = s.indexOf("*/", i + 2);
      if (close < 0) {
        i = n;
        err("unterminated-comment", "unterminated block comment: expected '*/'", start, n);
      } else i = close + 2;
      push(K.BlockComment, start);
      continue;
    }
    if (c === CH_QUOTE) {
      push(K.Quote, i);
      strOpen = i;
      i++;
      mode = Mode.Str;
      continue;
    }
    if (c === CH_APOS && s.charCodeAt(i + 1) === CH_APOS) {
      push(K.IndQuote, i);
      strOpen = i;
      i += 2;
      mode = Mode.Ind;
      continue;
    }
    if (c === CH_LBRACE) {
      push(K.LBrace, i);
      i++;
      stack.push(Frame.Brace);
      continue;
    }
    if (c === CH_RBRACE) {
      if (stack.length - 1 < low) low = stack.length - 1;
      const top = stack.length > 0 ? stack.pop()! : Frame.Brace;
      push(top === Frame.Brace ? K.RBrace : K.InterpEnd, i);
      i++;
      mode =
        top === Frame.InterpStr ? Mode.Str : top === Frame.InterpInd ? Mode.Ind : top === Frame.InterpPath ? Mode.Path : Mode.Code;
      if (top === Frame.InterpStr || top === Frame.InterpInd) strOpen = openers.pop() ?? -1;
      continue;
    }
    if (c === CH_DOLLAR && s.charCodeAt(i + 1) === CH_LBRACE) {
      push(K.DollarCurly, i);
      i += 2;
      stack.push(Frame.InterpCode);
      continue;
    }

    // Longest match among identifier/keyword, number, URI and path.
    const cl = cls(c);
    if (cl & (C_PATH | C_IDSTART) || c === CH_SLASH || c === CH_TILDE) {
      let best = 0;
      let kind: K = K.ErrorToken;
      if (cl & C_IDSTART) {
        let j = i + 1;
        while (j < n && cls(s.charCodeAt(j)) & C_IDCONT) j++;
        // Fast path: a path or URI can only be longer than the identifier if
        // it goes on with `.`, `+`, `/` or `:`; otherwise this is an identifier.
        const e = s.charCodeAt(j);
        if (e !== CH_DOT && e !== 43 && e !== CH_SLASH && e !== CH_COLON) {
          push(keywordAt(s, i, j), i);
          i = j;
          continue;
        }
        best = j - i;
        kind = K.Ident;
        let u = i < noUriBefore ? 0 : uriLen(s, i);
        if (u < 0) {
          noUriBefore = -u - 1;
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
          let j = i + 1;
          while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
          best = j - i;
          kind = K.Int;
        }
      }
      // A path cannot start inside a run already known not to hold one: this
      // keeps runs like `-----` or `a.a.a.a` linear.
      let p = i < noPathBefore ? 0 : pathLen(s, i);
      if (p < 0) {
        noPathBefore = -p - 1;
        p = 0;
      }
      if (p > best) {
        i += p;
        push(K.PathFragment, start);
        checkTrailingSlash(start, i);
        mode = Mode.Path;
        continue;
      }
      if (best > 0) {
        i += best;
        if (kind === K.Ident) {
          kind = keywordAt(s, start, i);
        } else if (kind === K.Int) {
          checkInt(start, i);
        }
        push(kind, start);
        continue;
      }
      if (c === CH_DOT && s.charCodeAt(i + 1) === CH_DOT && s.charCodeAt(i + 2) === CH_DOT) {
        push(K.Ellipsis, i);
        i += 3;
        continue;
      }
      // fall through to operators
    }
    if (c === CH_LT) {
      // search path <a/b>
      let j = i + 1;
      while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
      if (j > i + 1) {
        while (s.charCodeAt(j) === CH_SLASH && cls(s.charCodeAt(j + 1)) & C_PATH) {
          j += 2;
          while (j < n && cls(s.charCodeAt(j)) & C_PATH) j++;
        }
        if (s.charCodeAt(j) === CH_GT) {
          i = j + 1;
          push(K.SearchPath, start);
          continue;
        }
      }
    }
    const c2 = s.charCodeAt(i + 1);
    let op: K = K.ErrorToken;
    let len = 1;
    switch (c) {
      case 40: op = K.LParen; break;
      case 41: op = K.RParen; break;
      case 91: op = K.LBrack; break;
      case 93: op = K.RBrack; break;
      case 59: op = K.Semicolon; break;
      case CH_COLON: op = K.Colon; break;
      case 44: op = K.Comma; break;
      case CH_DOT: op = K.Dot; break;
      case 64: op = K.At; break;
      case 63: op = K.Question; break;
      case CH_STAR: op = K.Star; break;
      case 61:
        if (c2 === 61) { op = K.EqEq; len = 2; } else op = K.Assign;
        break;
      case 33:
        if (c2 === 61) { op = K.NotEq; len = 2; } else op = K.Bang;
        break;
      case CH_LT:
        if (c2 === 61) { op = K.Le; len = 2; } else op = K.Lt;
        break;
      case CH_GT:
        if (c2 === 61) { op = K.Ge; len = 2; } else op = K.Gt;
        break;
      case 43:
        if (c2 === 43) { op = K.Concat; len = 2; } else op = K.Plus;
        break;
      case 45:
        if (c2 === CH_GT) { op = K.Implies; len = 2; } else op = K.Minus;
        break;
      case CH_SLASH:
        if (c2 === CH_SLASH) { op = K.Update; len = 2; } else op = K.Slash;
        break;
      case 38:
        if (c2 === 38) { op = K.AndAnd; len = 2; }
        break;
      case 124:
        if (c2 === 124) { op = K.OrOr; len = 2; }
        break;
    }
    if (op !== K.ErrorToken) {
      push(op, i);
      i += len;
      continue;
    }
    // Invalid characters: take the whole run of them as one token.
    i++;
    while (i < n && isInvalidStart(s.charCodeAt(i))) i++;
    push(K.ErrorToken, start);
    err("syntax", `unexpected character '${s.slice(start, Math.min(i, start + 8))}'`, start, i);
  }

  // The innermost string still open at the end: in a string now, or in an interpolation inside one.
  let open = -1;
  let openInd = false;
  if (mode === Mode.Str || mode === Mode.Ind) {
    open = strOpen;
    openInd = mode === Mode.Ind;
  } else {
    for (let f = stack.length - 1; f >= 0; f--) {
      if (stack[f] === Frame.InterpStr || stack[f] === Frame.InterpInd) {
        open = openers[openers.length - 1] ?? -1;
        openInd = stack[f] === Frame.InterpInd;
        break;
      }
    }
  }
  starts[count] = n;
  const stream = { kinds, starts, count, errors };
  // A "..." string that runs over lines into code (`;` or `=` after a line
  // break) most likely lacks its closing quote: the quotes after it paired
  // up wrongly. Cut that one first; else the one still open.
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
    err("unterminated-string", "unterminated string: expected a closing " + (openInd ? "''" : '"'), open, n);
  if (to === n) between = depthFrom >= 0 && mode === Mode.Code && stack.length === depthFrom && low >= depthFrom;
  return { stream, openString: -1, between, cutClose };

  // Strings and paths are only entered from code, so closing one returns to code.
  function modeBelow(): Mode {
    return Mode.Code;
  }
  function checkTrailingSlash(from: number, to: number) {
    if (s.charCodeAt(to - 1) !== CH_SLASH) return;
    if (s.charCodeAt(to) === CH_DOLLAR && s.charCodeAt(to + 1) === CH_LBRACE) return;
    err("path-trailing-slash", "path has a trailing slash", from, to);
  }
  function checkInt(from: number, to: number) {
    // int64: compare digit strings without BigInt for speed
    let a = from;
    while (a < to - 1 && s.charCodeAt(a) === 48) a++;
    const len = to - a;
    if (len < 19) return;
    if (len > 19 || s.slice(a, to) > "9223372036854775807") {
      err("invalid-int", `invalid integer '${s.slice(from, to)}'`, from, to);
    }
  }
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

function isInvalidStart(c: number): boolean {
  // continuing a run of invalid characters: anything non-ASCII or an ASCII
  // char that starts no token
  return c >= 128 || c === 96 /* ` */ || c === 94 /* ^ */ || c === 37 /* % */ || c === 92 /* \ */;
}
function isHighSurrogate(c: number) {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number) {
  return c >= 0xdc00 && c <= 0xdfff;
}

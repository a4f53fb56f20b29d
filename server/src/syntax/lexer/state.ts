// What one pass of the lexer carries from token to token: the tokens so far,
// the mode, and the stack of what each `}` closes.
import type { SyntaxKind as K } from "../kinds.js";
import type { LexError, TokenStream } from "./tokenStream.js";

// Modes: what the text at the cursor means.
export const enum Mode {
  Code,
  Str,
  Ind,
  Path, // after the first fragment of a path: more fragments or `${`
}

// Stack entries: what a `}` closes.
export const enum Frame {
  Brace, // `{` in code
  InterpCode, // `${` in code (dynamic attribute name): back to code
  InterpStr,
  InterpInd,
  InterpPath,
}

export class LexState {
  readonly n: number;
  private cap: number;
  kinds: Uint8Array;
  starts: Int32Array;
  count = 0;
  readonly errors: LexError[] = [];
  readonly stack: Frame[] = [];
  mode: Mode = Mode.Code;
  // Offset of the quote that opened the string being lexed, and those of the
  // strings around it (one per string interpolation frame on the stack).
  strOpen = -1;
  readonly openers: number[] = [];
  /** (open, close) offsets of the "..." strings lexed, to find a runaway one. */
  readonly closedStrings: number[] = [];
  /** No path starts before this offset (see pathLen). */
  noPathBefore = 0;
  /** No URI starts before this offset (see uriLen). */
  noUriBefore = 0;

  constructor(
    readonly s: string,
    /** Offsets of the opening quotes of strings to cut short (see lex). */
    readonly cut: ReadonlySet<number>,
    /** False: only find where strings run open (no tokens are kept). */
    private readonly keep: boolean,
  ) {
    this.n = s.length;
    // Generous first guess (the corpus has 0.27 tokens a character: a
    // quarter was one doubling, 15 MB allocated and copied for 5 MB); grown on demand.
    this.cap = keep ? Math.max(16, ((this.n / 3) | 0) + 16) : 16;
    this.kinds = new Uint8Array(this.cap);
    this.starts = new Int32Array(this.cap + 1);
  }

  /** Small enough to be inlined into every family's function (the growth is apart). */
  push(kind: K, start: number): void {
    let at = this.count;
    if (at === this.cap) at = this.grow();
    this.kinds[at] = kind;
    this.starts[at] = start;
    this.count = at + 1;
  }

  /** Room for one more token: where it goes. */
  private grow(): number {
    // (not keeping them: the tokens are written over from the start, no test in push)
    if (!this.keep) return 0;
    this.cap *= 2;
    const k2 = new Uint8Array(this.cap);
    k2.set(this.kinds);
    this.kinds = k2;
    const s2 = new Int32Array(this.cap + 1);
    s2.set(this.starts);
    this.starts = s2;
    return this.count;
  }

  err(code: string, message: string, start: number, end: number): void {
    this.errors.push({ code, message, start, end });
  }

  /** The stream so far, closed at the end of the text. */
  stream(): TokenStream {
    if (!this.keep) this.count = 0;
    this.starts[this.count] = this.n;
    return { kinds: this.kinds, starts: this.starts, count: this.count, errors: this.errors };
  }
}

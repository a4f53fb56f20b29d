// The parser's view of the token stream: where it stands and what lies ahead.
import { SyntaxKind as K, isTrivia } from "../kinds.js";
import { lex } from "../lexer/lex.js";
import type { TokenStream } from "../lexer/tokenStream.js";

/**
 * The tokens of text[from, to), lexed unless `lexed` has them already, with
 * offsets into the whole text (a region's lexer counts from its own start).
 */
export function regionTokens(src: string, from: number, to: number, lexed?: TokenStream): TokenStream {
  const ts = lexed ?? lex(from === 0 && to === src.length ? src : src.slice(from, to));
  if (from !== 0) {
    const st = ts.starts;
    for (let j = 0; j <= ts.count; j++) st[j]! += from;
    for (const e of ts.errors) {
      e.start += from;
      e.end += from;
    }
  }
  return ts;
}

export class TokenCursor {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly count: number;
  /** Next raw token not yet in the tree. */
  i = 0;
  /** Next significant token (>= i). */
  s = 0;

  constructor(
    readonly src: string,
    ts: TokenStream,
  ) {
    this.kinds = ts.kinds;
    this.starts = ts.starts;
    this.count = ts.count;
    this.s = this.skipTrivia(0);
  }

  skipTrivia(j: number): number {
    const k = this.kinds;
    while (j < this.count && isTrivia(k[j]!)) j++;
    return j;
  }
  cur(): K {
    return this.s < this.count ? (this.kinds[this.s]! as K) : K.Eof;
  }
  /** Kind of the n-th significant token after the current one (n=0 is current). */
  nth(n: number): K {
    let j = this.s;
    while (n > 0 && j < this.count) {
      j = this.skipTrivia(j + 1);
      n--;
    }
    return j < this.count ? (this.kinds[j]! as K) : K.Eof;
  }
  curStart(): number {
    return this.starts[this.s]!;
  }
  curEnd(): number {
    return this.s < this.count ? this.starts[this.s + 1]! : this.src.length;
  }
  curText(): string {
    return this.src.slice(this.curStart(), this.curEnd());
  }
  /** Is there a line break in the trivia before the current token? */
  newlineBefore(): boolean {
    for (let j = this.s - 1; j >= 0 && isTrivia(this.kinds[j]!); j--) {
      if (this.kinds[j] !== K.Whitespace) continue;
      const a = this.starts[j]!,
        b = this.starts[j + 1]!;
      for (let q = a; q < b; q++) {
        const c = this.src.charCodeAt(q);
        if (c === 10 || c === 13) return true;
      }
    }
    return false;
  }
}

// Recording syntax errors: one per place, none in a cascade the first one
// explains, worded with what was found and where.
import { SyntaxKind as K, displayKind } from "../kinds.js";
import type { TokenStream } from "../lexer/tokenStream.js";
import type { SourceText } from "../tree.js";
import { TreeBuilder } from "./builder.js";
import type { SyntaxError } from "./result.js";

export class ErrorReporter extends TreeBuilder {
  protected readonly errors: SyntaxError[] = [];
  protected readonly lexErrorStarts: Set<number>;
  /** The lexer reported a string or comment running to the end of the file. */
  private readonly unterminated: boolean;
  /** Where the lexer cut runaway strings short (undefined: none). */
  private readonly cutEnds: Set<number> | undefined;
  /** Inside a stray bracket already reported: stay quiet. */
  protected quiet = 0;
  /** Past the depth limit (see tooDeep). */
  protected bailed = false;
  /** (see lineOf) the last offset asked for and its line. */
  private lineMemo = -1;
  private lineMemoLine = 1;

  constructor(src: string, source: SourceText, ts: TokenStream) {
    super(src, source, ts);
    for (const e of ts.errors) this.errors.push({ message: e.message, start: e.start, end: e.end, code: e.code });
    this.lexErrorStarts = new Set(ts.errors.map((e) => e.start));
    const cuts = ts.errors.filter((e) => e.code === "unterminated-string" && e.end < src.length);
    this.cutEnds = cuts.length > 0 ? new Set(cuts.map((e) => e.end)) : undefined;
    // only a string or comment that really runs to the end hides what follows
    this.unterminated = ts.errors.some(
      (e) => (e.code === "unterminated-string" || e.code === "unterminated-comment") && e.end === src.length,
    );
  }

  protected error(message: string, start: number, end: number, code = "syntax") {
    // past the depth limit the rest is one error; the cascade would say nothing new
    if ((this.bailed || this.quiet > 0) && code === "syntax") return;
    const last = this.errors[this.errors.length - 1];
    // one error per place: cascades at the same token add nothing
    if (last && last.start === start && code === "syntax" && last.code === "syntax") return;
    if (code === "syntax" && this.lexErrorStarts.has(start)) return;
    this.errors.push({ message, start, end, code });
  }
  protected errorAtCur(message: string, code = "syntax") {
    // right after a string the lexer cut short: its `;` or `}` is probably inside the string
    if (this.cutEnds !== undefined && this.cutEnds.has(this.lastEnd)) return;
    if (this.s >= this.count) {
      // the lexer already said the string or comment runs to the end: "found end of file" adds nothing
      if (this.unterminated) return;
      // at the end, point just after the last real token, where the missing piece belongs
      // (a squiggle on an empty last line is easy to miss; Nix reports there too)
      this.error(message, this.lastEnd, this.lastEnd, code);
      return;
    }
    this.error(message, this.curStart(), this.curEnd(), code);
  }
  protected found(): string {
    const k = this.cur();
    if (k === K.Eof) return "end of file";
    if (k === K.Ident) return `'${this.curText()}'`;
    return displayKind(k);
  }
  protected lineOf(offset: number): number {
    // Counted from the nearest line asked for before (messages name lines near one another),
    // without an array of every line start: an incremental re-parse of a few lines with an
    // error in it would otherwise scan and keep the whole file's lines on each keystroke.
    const src = this.src;
    let line: number;
    const memo = this.lineMemo;
    if (memo >= 0 && offset < memo && memo - offset < offset) {
      // back from the last one: the breaks in [offset, memo) are taken off
      line = this.lineMemoLine;
      for (let q = src.lastIndexOf("\n", memo - 1); q >= offset; q = q > 0 ? src.lastIndexOf("\n", q - 1) : -1) line--;
    } else {
      let at = 0;
      line = 1;
      if (memo >= 0 && memo <= offset) {
        at = memo;
        line = this.lineMemoLine;
      }
      for (let q = src.indexOf("\n", at); q >= 0 && q < offset; q = src.indexOf("\n", q + 1)) line++;
    }
    this.lineMemo = offset;
    this.lineMemoLine = line;
    return line;
  }
  protected expect(kind: K, message: string): boolean {
    if (this.cur() === kind) {
      this.bump();
      return true;
    }
    this.errorAtCur(`${message}, found ${this.found()}`);
    return false;
  }
  /**
   * Safety net: every loop that parses makes progress (consumes a token) or
   * ends, and the tests hammer that; should a bug ever break it, stop at the
   * end instead of spinning forever (the rest of the text still ends up in
   * the tree, so it stays lossless).
   */
  protected tick(): void {
    if (++this.idle < 1_000_000) return;
    this.error("internal parser error: no progress; the rest of the file was not parsed", this.curStart(), this.src.length, "parser-stuck");
    this.s = this.count;
  }
}

// Strings, their interpolations, and paths (which may interpolate too).
import { SyntaxKind as K } from "../kinds.js";
import type { Built } from "../parser/builder.js";
import { Recovery } from "../parser/recovery.js";

export abstract class StringGrammar extends Recovery {
  /**
   * A full expression (see ExpressionGrammar): `what` names it in messages;
   * for a binding's value, `valueOf` is its attribute path instead.
   */
  protected abstract parseExpr(what0: string, valueOf?: Built): void;

  protected parseInterpolation() {
    this.open(K.Interpolation);
    this.bump(); // ${
    this.ctx[K.InterpEnd]++;
    this.parseExpr("an expression after '${'");
    this.ctx[K.InterpEnd]--;
    if (this.cur() !== K.InterpEnd && this.cur() !== K.Eof) {
      // the lexer knows which `}` closes this `${`: everything before it is junk
      this.errorAtCur(`expected '}' to end the interpolation, found ${this.found()}`);
      this.open(K.Error);
      let balance = 0;
      while (this.cur() !== K.Eof) {
        const k = this.cur();
        if (k === K.DollarCurly) balance++;
        else if (k === K.InterpEnd) {
          if (balance === 0) break;
          balance--;
        }
        this.bump();
      }
      this.close();
    }
    this.expect(K.InterpEnd, "expected '}' to end the interpolation");
    this.close();
  }

  protected parseString() {
    if (this.plainString(K.String, K.Quote) !== undefined) return;
    this.open(K.String);
    this.bump();
    this.parseStringParts(K.Quote, this.lastEnd - 1);
    this.close();
  }

  protected parseStringParts(closer: K, opener: number) {
    for (;;) {
      const k = this.cur();
      if (k === K.StrFragment || k === K.StrEscape) this.bump();
      else if (k === K.DollarCurly) this.parseInterpolation();
      else if (k === closer) {
        this.bump();
        return;
      } else {
        // only reachable at the end of input (the lexer already reported it) or after a broken interpolation
        // (or where the lexer cut a runaway string short: it reported that at the opening quote)
        if (k !== K.Eof && !this.lexErrorStarts.has(opener)) this.errorAtCur(`expected the end of the string, found ${this.found()}`);
        return;
      }
    }
  }

  protected parsePathParts() {
    let end = this.curEnd();
    this.bump();
    let interpolated = false;
    for (;;) {
      // continuation tokens touch the previous one: no trivia can separate them
      if (this.i !== this.s || this.s >= this.count || this.starts[this.s] !== end) break;
      const k = this.cur();
      if (k === K.DollarCurly) {
        this.parseInterpolation();
        interpolated = true;
        if (this.i === 0) break;
        end = this.starts[this.i]!;
        if (this.kinds[this.i - 1] !== K.InterpEnd) break;
      } else if (k === K.PathFragment) {
        if (!interpolated) this.errorAtCur("unexpected path continuation: only '${' may follow a path directly");
        end = this.curEnd();
        this.bump();
      } else break;
    }
  }
}

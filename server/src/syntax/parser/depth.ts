// The recursion limit: past MAX_DEPTH the rest of the nested construct
// becomes one error node, consumed iteratively, so no input overflows the stack.
import { SyntaxKind as K } from "../kinds.js";
import { ErrorReporter } from "./errors.js";

export const MAX_DEPTH = 512;

export class DepthLimit extends ErrorReporter {
  protected depth = 0;

  /** Too deep: swallow the rest of this construct iteratively into one error node. */
  protected tooDeep(): void {
    if (!this.bailed)
      this.errorAtCur("expression nested too deeply: the parser stops here and skips the rest of it", "nested-too-deeply");
    this.bailed = true;
    this.open(K.Error);
    let balance = 0;
    for (;;) {
      const k = this.cur();
      if (k === K.Eof) break;
      if (k === K.LParen || k === K.LBrack || k === K.LBrace || k === K.DollarCurly) balance++;
      else if (k === K.RParen || k === K.RBrack || k === K.RBrace || k === K.InterpEnd) {
        if (balance === 0) break;
        balance--;
      } else if (balance === 0 && (k === K.Semicolon || k === K.Comma || k === K.Then || k === K.Else || k === K.In))
        break;
      this.bump();
    }
    this.close();
  }
}

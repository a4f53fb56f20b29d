// Error recovery: which tokens enclosing constructs wait for, so that stray
// text is skipped up to them and never past them.
import { SyntaxKind as K } from "../kinds.js";
import { DepthLimit } from "./depth.js";

// Tokens error recovery never skips: they belong to an enclosing construct.
export const STOP = new Uint8Array(128);
for (const k of [
  K.Then,
  K.Else,
  K.RParen,
  K.RBrack,
  K.RBrace,
  K.InterpEnd,
  K.Assign,
  K.Semicolon,
  K.Comma,
  K.In,
  K.Inherit,
  K.Eof,
])
  STOP[k] = 1;

export class Recovery extends DepthLimit {
  // How many enclosing constructs are waiting for each closing token.
  protected readonly ctx = new Int32Array(128);

  protected closerAwaited(): boolean {
    const c = this.ctx;
    return c[K.RBrace]! + c[K.In]! + c[K.RParen]! + c[K.RBrack]! + c[K.InterpEnd]! > 0;
  }
  /** Does an enclosing construct wait for this token? Then recovery must stop at it. */
  protected awaited(k: K): boolean {
    return this.ctx[k]! > 0;
  }
  protected bumpAsError() {
    this.open(K.Error);
    this.bump();
    this.close();
  }
  /** Stray tokens up to something recovery must not skip; at least one token. */
  protected bumpStrayRun() {
    this.open(K.Error);
    this.bump();
    while (!STOP[this.cur()] && this.cur() !== K.Ident) this.bump();
    this.close();
  }
}

// Functions: `x: body` and argument patterns `{ a, b ? d, ... } @ args: body`.
import { SyntaxKind as K } from "../kinds.js";
import * as recovery from "../parser/recovery.js";
import { nameHash } from "./bindingNames.js";
import { BindingGrammar } from "./bindings.js";

// Read at every step, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { STOP } = recovery;

export abstract class PatternGrammar extends BindingGrammar {
  protected looksLikePattern(): boolean {
    const t1 = this.nth(1);
    if (t1 === K.Ellipsis) return true;
    if (t1 === K.RBrace) {
      const t2 = this.nth(2);
      return t2 === K.Colon || t2 === K.At;
    }
    if (t1 === K.Ident) {
      const t2 = this.nth(2);
      if (t2 === K.Comma || t2 === K.Question || t2 === K.RBrace) return true;
      // neither reads as a binding (`a =`, `a.b`): broken either way, so let
      // a `}:` / `}@` further on decide (only reached on invalid input)
      if (t2 !== K.Assign && t2 !== K.Dot) return this.closedByColon();
    }
    return false;
  }

  /** Does the `{` at the current token close with a `}` followed by `:` or `@`? Bounded scan. */
  protected closedByColon(): boolean {
    let depth = 0;
    for (let j = this.s, steps = 0; j < this.count && steps < 2000; j++, steps++) {
      const k = this.kinds[j]!;
      if (k === K.LBrace) depth++;
      else if (k === K.RBrace) {
        if (--depth === 0) {
          const n = this.kinds[this.skipTrivia(j + 1)];
          return n === K.Colon || n === K.At;
        }
      }
    }
    return false;
  }

  protected parseSimpleLambda() {
    this.open(K.Lambda);
    this.parseIdentNode();
    this.bump(); // :
    this.parseExpr("the body of the function");
    this.close();
  }

  protected parsePatternLambda() {
    this.open(K.Lambda);
    // hashes of the formals' names (and the `@` name): the duplicate check
    // runs only when two are equal, not on every module's `{ config, ... }:`
    const names: number[] = [];
    this.open(K.Pattern);
    const namedBefore = this.cur() === K.Ident;
    if (namedBefore) {
      names.push(nameHash(this, this.s));
      this.open(K.PatBind);
      this.parseIdentNode();
      this.bump(); // @
      this.close();
    }
    if (this.cur() === K.LBrace) this.parsePatternBody(names);
    else this.errorAtCur(`expected '{' after '@', found ${this.found()}`);
    if (this.cur() === K.At) {
      // Nix's grammar has `name@{...}` or `{...}@name`, never both: it stops at this `@`
      if (namedBefore) this.errorAtCur("expected ':' after the argument pattern: the set is named once, before it (`f@{ ... }`) or after it (`{ ... }@f`), not both");
      this.open(K.PatBind);
      this.bump();
      if (this.cur() === K.Ident) {
        names.push(nameHash(this, this.s));
        this.parseIdentNode();
      } else this.errorAtCur(`expected a name after '@', found ${this.found()}`);
      this.close();
    }
    this.close();
    if (repeats(names)) this.flagOpenNode(); // the Lambda: its formals go to the duplicate check
    if (this.expect(K.Colon, "expected ':' after the function's argument pattern")) this.parseExpr("the body of the function");
    this.close();
  }

  protected parsePatternBody(names: number[]) {
    this.bump(); // {
    this.ctx[K.RBrace]++;
    for (;;) {
      const k = this.cur();
      if (k === K.RBrace || k === K.Eof) break;
      if (k === K.Ellipsis) {
        this.bump();
        if (this.cur() !== K.RBrace) {
          this.errorAtCur(`'...' must be the last entry of an argument pattern, found ${this.found()}`);
          if (this.cur() === K.Comma) this.bumpAsError();
        }
        continue;
      }
      if (k === K.Ident) {
        names.push(nameHash(this, this.s));
        this.open(K.PatEntry);
        this.parseIdentNode();
        if (this.cur() === K.Question) {
          this.bump();
          this.ctx[K.Comma]++;
          this.parseExpr("a default value after '?'");
          this.ctx[K.Comma]--;
        }
        this.close();
        const c = this.cur();
        if (c === K.Comma) {
          this.bump();
          continue;
        }
        if (c === K.RBrace) break;
        this.errorAtCur(`expected ',' or '}' in the argument pattern, found ${this.found()}`);
        if (c === K.Ident) continue;
        if (STOP[c] || c === K.Colon || c === K.At) break;
        this.bumpStrayRun();
        continue;
      }
      this.errorAtCur(`expected an argument name in the pattern, found ${this.found()}`);
      if (k === K.Comma || !STOP[k]) this.bumpStrayRun();
      else break;
    }
    this.ctx[K.RBrace]--;
    this.expect(K.RBrace, "expected '}' to close the argument pattern");
  }
}

/** Does a value occur twice in `xs`? (Patterns are short; sorted when they are not.) */
function repeats(xs: number[]): boolean {
  const n = xs.length;
  if (n <= 16) {
    for (let a = 1; a < n; a++) for (let b = 0; b < a; b++) if (xs[a] === xs[b]) return true;
    return false;
  }
  const sorted = Int32Array.from(xs).sort();
  for (let a = 1; a < n; a++) if (sorted[a] === sorted[a - 1]) return true;
  return false;
}

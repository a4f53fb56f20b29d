// Expressions: `let ... in`, `if`, `with`, `assert`, functions, and the
// operators and function application between atoms.
import { SyntaxKind as K } from "../kinds.js";
import type { Built } from "../parser/builder.js";
import * as depthLimit from "../parser/depth.js";
import * as recovery from "../parser/recovery.js";
import { AtomGrammar } from "./atoms.js";
import * as operators from "./operators.js";
import * as tokenSets from "./tokenSets.js";

// Read at every step, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { MAX_DEPTH } = depthLimit;
const { STOP } = recovery;
const { LEVEL, NEG_OPERAND, NON_ASSOC, NOT_OPERAND, RIGHT_ASSOC } = operators;
const { EXPR_START } = tokenSets;

export abstract class ExpressionGrammar extends AtomGrammar {

  /** expr: a full expression (lambda, let, if, with, assert or operators). */
  /**
   * `what` names the expected expression in messages; for a binding's value
   * pass its attribute path as `valueOf` instead, so the name is only sliced
   * out of the source when there is an error to report.
   */
  protected parseExpr(what0: string, valueOf?: Built): void {
    this.tick();
    let k = this.cur();
    // `name =` never starts an expression: this one is missing, and what
    // follows is the next binding (typically a value not typed yet)
    if ((k === K.Ident || k === K.Quote) && this.looksLikeBinding()) {
      const what = valueOf ? `the value of \`${this.attrPathText(valueOf)}\`` : what0 || "an expression";
      // (a run parsed alone sits in a list, never at the top)
      if (this.openNodes.length <= 1 && this.stopAt < 0)
        this.errorAtCur(`expected an expression, found a binding (\`${this.bindingNameAhead()} = ...\`) outside of { } or let ... in`);
      else this.errorAtCur(`expected ${what}, found the next binding (\`${this.bindingNameAhead()} = ...\`)`);
      return;
    }
    if (!EXPR_START[k]) {
      const what = valueOf ? `the value of \`${this.attrPathText(valueOf)}\`` : what0;
      if (k === K.Eof || STOP[k]) {
        this.errorAtCur(what ? `expected ${what}, found ${this.found()}` : `unexpected ${this.found()}`);
        return;
      }
      // stray tokens: one error node, then try again
      this.errorAtCur(what ? `expected ${what}, found ${this.found()}` : `unexpected ${this.found()}`);
      this.open(K.Error);
      while (!STOP[this.cur()] && !EXPR_START[this.cur()]) this.bump();
      this.close();
      k = this.cur();
      if (!EXPR_START[k]) return;
    }
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return;
    }
    this.depth++;
    switch (k) {
      case K.Let:
        if (this.nth(1) === K.LBrace) this.parseBinary(0);
        else this.parseLetIn();
        break;
      case K.If:
        this.parseIf();
        break;
      case K.With:
        this.parseWithAssert(K.WithExpr);
        break;
      case K.Assert:
        this.parseWithAssert(K.AssertExpr);
        break;
      case K.Ident: {
        const n1 = this.nth(1);
        if (n1 === K.Colon) this.parseSimpleLambda();
        else if (n1 === K.At) this.parsePatternLambda();
        else this.parseBinary(0);
        break;
      }
      case K.LBrace:
        if (this.looksLikePattern()) this.parsePatternLambda();
        else this.parseBinary(0);
        break;
      default:
        this.parseBinary(0);
    }
    this.depth--;
  }

  protected parseLetIn() {
    this.open(K.LetIn);
    const at = this.curStart();
    this.bump(); // let
    this.ctx[K.In]++;
    this.parseBindings(K.In);
    this.ctx[K.In]--;
    if (this.cur() === K.In) {
      this.bump();
      this.parseExpr("the body of 'let ... in'");
    } else this.errorAtCur(`expected 'in' to end the bindings of the 'let' on line ${this.lineOf(at)}, found ${this.found()}`);
    this.close();
  }

  protected parseIf() {
    this.open(K.IfElse);
    this.bump();
    this.ctx[K.Then]++;
    this.parseExpr("a condition after 'if'");
    this.ctx[K.Then]--;
    if (this.expect(K.Then, "expected 'then' after the condition of 'if'")) {
      this.ctx[K.Else]++;
      this.parseExpr("an expression after 'then'");
      this.ctx[K.Else]--;
      if (this.expect(K.Else, "expected 'else' (every 'if' needs one)")) this.parseExpr("an expression after 'else'");
    } else if (this.cur() === K.Else) {
      this.bump();
      this.parseExpr("an expression after 'else'");
    }
    this.close();
  }

  protected parseWithAssert(kind: K) {
    const kw = kind === K.WithExpr ? "with" : "assert";
    this.open(kind);
    this.bump();
    this.ctx[K.Semicolon]++;
    this.parseExpr(kind === K.WithExpr ? "an attribute set after 'with'" : "a condition after 'assert'");
    this.ctx[K.Semicolon]--;
    if (this.expect(K.Semicolon, `expected ';' after the ${kw === "with" ? "attribute set of 'with'" : "condition of 'assert'"}`))
      this.parseExpr(`an expression after '${kw} ...;'`);
    this.close();
  }

  // Pratt loop over binary operators.
  protected parseBinary(min: number): Built | undefined {
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return undefined;
    }
    this.depth++;
    let lhs: Built | undefined;
    const k = this.cur();
    if (k === K.Bang || k === K.Minus) {
      this.open(K.UnaryOp);
      this.bump();
      if (EXPR_START[this.cur()] && !this.startsNonOperand() && !this.bindingAhead())
        this.parseBinary(k === K.Bang ? NOT_OPERAND : NEG_OPERAND);
      else this.missingOperand(k === K.Bang ? "!" : "-");
      lhs = this.close();
    } else {
      lhs = this.parseApp();
    }
    if (!lhs) {
      this.depth--;
      return undefined;
    }
    for (;;) {
      const op = this.cur();
      const level = op < 128 ? LEVEL[op]! : 0;
      if (level === 0 || level < min) break;
      if (op === K.Question) {
        this.precede(lhs, K.HasAttr);
        this.bump();
        this.parseAttrPath("an attribute name after '?'");
        lhs = this.close();
        continue;
      }
      this.precede(lhs, K.BinaryOp);
      const opText = this.curText();
      this.bump();
      if (EXPR_START[this.cur()] && !this.startsNonOperand() && !this.bindingAhead())
        this.parseBinary(RIGHT_ASSOC.has(level) ? level : level + 1);
      else this.missingOperand(opText);
      lhs = this.close();
      if (NON_ASSOC.has(level) && LEVEL[this.cur()] === level) {
        this.errorAtCur(
          `comparison operators do not chain: add parentheses, e.g. (a ${opText} b) ${this.curText()} c`,
          "comparison-chain",
        );
      }
    }
    this.depth--;
    return lhs;
  }

  /** No operand after an operator; an `if`/`let`/lambda there is kept, in an error node. */
  protected missingOperand(op: string) {
    if (this.bindingAhead()) {
      this.errorAtCur(`expected an expression after '${op}', found the next binding (\`${this.bindingNameAhead()} = ...\`)`);
      return;
    }
    if (!this.startsNonOperand()) {
      this.errorAtCur(`expected an expression after '${op}', found ${this.found()}`);
      return;
    }
    const what = this.cur() === K.Ident || this.cur() === K.LBrace ? "a function" : `${this.found()} expression`;
    this.errorAtCur(`${what} after '${op}' needs parentheses, e.g. ${op === "!" || op === "-" ? op : `x ${op}`} (...)`);
    this.open(K.Error);
    this.parseExpr("");
    this.close();
  }

  /** Constructs that cannot be operands without parentheses. */
  protected startsNonOperand(): boolean {
    const k = this.cur();
    if (k === K.If || k === K.With || k === K.Assert) return true;
    if (k === K.Let) return this.nth(1) !== K.LBrace;
    if (k === K.Ident) {
      const n = this.nth(1);
      return n === K.Colon || n === K.At;
    }
    if (k === K.LBrace) return this.looksLikePattern();
    return false;
  }

  protected parseApp(): Built | undefined {
    let lhs = this.parseSelect();
    if (!lhs) {
      // if/let/with/assert/lambda as an operand: Nix wants parentheses
      if (EXPR_START[this.cur()]) {
        this.errorAtCur(`this ${this.found()} expression needs parentheses here`);
        this.open(K.Error);
        this.parseExpr("");
        return this.close();
      }
      this.errorAtCur(`expected an expression, found ${this.found()}`);
      return undefined;
    }
    while (this.canStartAtom() && !this.bindingAhead()) {
      // a real `{ a, b }: ...` ends the application (it needs parentheses); a `{ a, ...`
      // that no `}:` closes is a broken set, reported inside it where Nix reports it
      if (this.cur() === K.LBrace && this.looksLikePattern() && this.closedByColon()) break;
      this.precede(lhs, K.Apply);
      this.parseSelect();
      lhs = this.close();
    }
    // `f if ...`, `f let ...`: no valid expression goes on like this, so say
    // what is wrong and keep the construct (in an error node) as the argument
    const k = this.cur();
    if (k === K.If || k === K.With || k === K.Assert || (k === K.Let && this.nth(1) !== K.LBrace)) {
      this.errorAtCur(`${this.found()} expression as a function argument needs parentheses, e.g. f (${this.curText()} ...)`);
      this.precede(lhs, K.Apply);
      this.open(K.Error);
      this.parseExpr("");
      this.close();
      lhs = this.close();
    }
    return lhs;
  }
}

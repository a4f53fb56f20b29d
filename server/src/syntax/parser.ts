// Hand-written, error-tolerant recursive-descent parser for Nix producing a
// lossless tree. Recursion is bounded by MAX_DEPTH; past it the rest of the
// nested construct becomes one error node (consumed iteratively).
import { SyntaxKind as K, displayKind, isTrivia } from "./kinds.js";
import { lex } from "./lexer.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import { runChecks } from "./checks.js";

export interface SyntaxError {
  message: string;
  /** UTF-16 offset of the first character */
  start: number;
  /** UTF-16 offset just past the last character */
  end: number;
  /** stable machine-readable code: syntax, duplicate-attr, duplicate-formal, ... */
  code: string;
}

export interface ParseResult {
  tree: SyntaxNode;
  errors: SyntaxError[];
}

export const MAX_DEPTH = 512;

// Binary operator levels (higher binds tighter); 0 = not a binary operator.
const LEVEL = new Uint8Array(128);
LEVEL[K.Implies] = 1;
LEVEL[K.OrOr] = 2;
LEVEL[K.AndAnd] = 3;
LEVEL[K.EqEq] = 4;
LEVEL[K.NotEq] = 4;
LEVEL[K.Lt] = 5;
LEVEL[K.Le] = 5;
LEVEL[K.Gt] = 5;
LEVEL[K.Ge] = 5;
LEVEL[K.Update] = 6;
// 7: prefix `!`
LEVEL[K.Plus] = 8;
LEVEL[K.Minus] = 8;
LEVEL[K.Star] = 9;
LEVEL[K.Slash] = 9;
LEVEL[K.Concat] = 10;
LEVEL[K.Question] = 11;
// 12: prefix `-`
const NOT_OPERAND = 8;
const NEG_OPERAND = 13;
const RIGHT_ASSOC = new Set([1, 6, 10]);
const NON_ASSOC = new Set([4, 5]);

// Tokens error recovery never skips: they belong to an enclosing construct.
const STOP = new Uint8Array(128);
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

const ATOM_START = new Uint8Array(128);
for (const k of [
  K.Ident,
  K.Int,
  K.Float,
  K.Uri,
  K.SearchPath,
  K.PathFragment,
  K.Quote,
  K.IndQuote,
  K.LParen,
  K.LBrack,
  K.LBrace,
  K.Rec,
])
  ATOM_START[k] = 1;

const EXPR_START = ATOM_START.slice();
for (const k of [K.Let, K.If, K.With, K.Assert, K.Minus, K.Bang]) EXPR_START[k] = 1;

export function parse(text: string): ParseResult {
  const p = new Parser(text);
  return p.run();
}

class Parser {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly count: number;
  private i = 0; // next raw token not yet in the tree
  private s = 0; // next significant token (>= i)
  private readonly stack: SyntaxNode[] = [];
  private readonly errors: SyntaxError[] = [];
  private depth = 0;
  private bailed = false;
  // How many enclosing constructs are waiting for each closing token.
  private readonly ctx = new Int32Array(128);
  private lexErrorStarts: Set<number>;
  private lineStarts: number[] | undefined;

  constructor(private readonly src: string) {
    const ts = lex(src);
    this.kinds = ts.kinds;
    this.starts = ts.starts;
    this.count = ts.count;
    for (const e of ts.errors) this.errors.push({ message: e.message, start: e.start, end: e.end, code: e.code });
    this.lexErrorStarts = new Set(ts.errors.map((e) => e.start));
    this.s = this.skipTrivia(0);
  }

  run(): ParseResult {
    const root = new SyntaxNode(K.Root);
    this.stack.push(root);
    if (this.cur() === K.Eof) {
      this.error("expected an expression, but the file is empty", this.src.length, this.src.length);
    } else {
      this.parseExpr("an expression");
      if (this.cur() !== K.Eof) {
        this.errorAtCur(`unexpected ${displayKind(this.cur())} after the end of the expression`);
        this.open(K.Error);
        while (this.cur() !== K.Eof) {
          if (EXPR_START[this.cur()]) this.parseExpr("");
          else this.bump();
        }
        this.close();
      }
    }
    // trailing trivia
    this.s = this.count;
    this.flush();
    this.stack.pop();
    root.start = 0;
    root.end = this.src.length;
    runChecks(root, this.src, this.errors);
    this.errors.sort((a, b) => a.start - b.start || a.end - b.end);
    return { tree: root, errors: this.errors };
  }

  // ---------------------------------------------------------------- tokens

  private skipTrivia(j: number): number {
    const k = this.kinds;
    while (j < this.count && isTrivia(k[j]!)) j++;
    return j;
  }
  private cur(): K {
    return this.s < this.count ? (this.kinds[this.s]! as K) : K.Eof;
  }
  /** Kind of the n-th significant token after the current one (n=0 is current). */
  private nth(n: number): K {
    let j = this.s;
    while (n > 0 && j < this.count) {
      j = this.skipTrivia(j + 1);
      n--;
    }
    return j < this.count ? (this.kinds[j]! as K) : K.Eof;
  }
  private curStart(): number {
    return this.starts[this.s]!;
  }
  private curEnd(): number {
    return this.s < this.count ? this.starts[this.s + 1]! : this.src.length;
  }
  private curText(): string {
    return this.src.slice(this.curStart(), this.curEnd());
  }
  /** Is there a line break in the trivia before the current token? */
  private newlineBefore(): boolean {
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

  private top(): SyntaxNode {
    return this.stack[this.stack.length - 1]!;
  }
  private addToken(j: number) {
    const t = new SyntaxToken(this.kinds[j]! as K, this.starts[j]!, this.starts[j + 1]!, this.src);
    const top = this.top();
    t.parent = top;
    top.children.push(t);
  }
  private flush() {
    for (let j = this.i; j < this.s; j++) this.addToken(j);
    this.i = this.s;
  }
  private bump() {
    if (this.s >= this.count) return;
    this.flush();
    this.addToken(this.s);
    this.i = this.s + 1;
    this.s = this.skipTrivia(this.i);
  }
  private open(kind: K): SyntaxNode {
    this.flush();
    const n = new SyntaxNode(kind);
    this.stack.push(n);
    return n;
  }
  private close(): SyntaxNode {
    const n = this.stack.pop()!;
    const cs = n.children;
    if (cs.length > 0) {
      n.start = cs[0]!.start;
      n.end = cs[cs.length - 1]!.end;
    } else {
      n.start = n.end = this.starts[this.i]!;
    }
    const top = this.top();
    n.parent = top;
    top.children.push(n);
    return n;
  }
  /** Wrap the just-closed `n` (the last child of the open node) in a new node. */
  private precede(n: SyntaxNode, kind: K): void {
    const top = this.top();
    top.children.pop();
    const w = new SyntaxNode(kind);
    n.parent = w;
    w.children.push(n);
    this.stack.push(w);
  }

  // ---------------------------------------------------------------- errors

  private error(message: string, start: number, end: number, code = "syntax") {
    // past the depth limit the rest is one error; the cascade would say nothing new
    if (this.bailed && code === "syntax") return;
    const last = this.errors[this.errors.length - 1];
    // one error per place: cascades at the same token add nothing
    if (last && last.start === start && code === "syntax" && last.code === "syntax") return;
    if (code === "syntax" && this.lexErrorStarts.has(start)) return;
    this.errors.push({ message, start, end, code });
  }
  private errorAtCur(message: string, code = "syntax") {
    this.error(message, this.curStart(), this.curEnd(), code);
  }
  private found(): string {
    const k = this.cur();
    if (k === K.Eof) return "end of file";
    if (k === K.Ident) return `'${this.curText()}'`;
    return displayKind(k);
  }
  private lineOf(offset: number): number {
    if (!this.lineStarts) {
      const ls = [0];
      for (let q = 0; q < this.src.length; q++) if (this.src.charCodeAt(q) === 10) ls.push(q + 1);
      this.lineStarts = ls;
    }
    const ls = this.lineStarts;
    let lo = 0,
      hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  private expect(kind: K, message: string): boolean {
    if (this.cur() === kind) {
      this.bump();
      return true;
    }
    this.errorAtCur(`${message}, found ${this.found()}`);
    return false;
  }
  /** Does an enclosing construct wait for this token? Then recovery must stop at it. */
  private awaited(k: K): boolean {
    return this.ctx[k]! > 0;
  }

  /** Too deep: swallow the rest of this construct iteratively into one error node. */
  private tooDeep(): void {
    if (!this.bailed) this.errorAtCur(`expression nested too deeply (more than ${MAX_DEPTH} levels)`, "nested-too-deeply");
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

  // ---------------------------------------------------------------- expressions

  /** expr: a full expression (lambda, let, if, with, assert or operators). */
  private parseExpr(what: string): void {
    let k = this.cur();
    if (!EXPR_START[k]) {
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

  private looksLikePattern(): boolean {
    const t1 = this.nth(1);
    if (t1 === K.Ellipsis) return true;
    if (t1 === K.RBrace) {
      const t2 = this.nth(2);
      return t2 === K.Colon || t2 === K.At;
    }
    if (t1 === K.Ident) {
      const t2 = this.nth(2);
      return t2 === K.Comma || t2 === K.Question || t2 === K.RBrace;
    }
    return false;
  }

  private parseLetIn() {
    this.open(K.LetIn);
    this.bump(); // let
    this.ctx[K.In]++;
    this.parseBindings(K.In);
    this.ctx[K.In]--;
    if (this.expect(K.In, "expected 'in' after the bindings of 'let'")) this.parseExpr("the body of 'let ... in'");
    this.close();
  }

  private parseIf() {
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

  private parseWithAssert(kind: K) {
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

  private parseIdentNode() {
    this.open(K.IdentExpr);
    this.bump();
    this.close();
  }

  private parseSimpleLambda() {
    this.open(K.Lambda);
    this.parseIdentNode();
    this.bump(); // :
    this.parseExpr("the body of the function");
    this.close();
  }

  private parsePatternLambda() {
    this.open(K.Lambda);
    this.open(K.Pattern);
    if (this.cur() === K.Ident) {
      this.open(K.PatBind);
      this.parseIdentNode();
      this.bump(); // @
      this.close();
    }
    if (this.cur() === K.LBrace) this.parsePatternBody();
    else this.errorAtCur(`expected '{' after '@', found ${this.found()}`);
    if (this.cur() === K.At) {
      this.open(K.PatBind);
      this.bump();
      if (this.cur() === K.Ident) this.parseIdentNode();
      else this.errorAtCur(`expected a name after '@', found ${this.found()}`);
      this.close();
    }
    this.close();
    if (this.expect(K.Colon, "expected ':' after the function's argument pattern")) this.parseExpr("the body of the function");
    this.close();
  }

  private parsePatternBody() {
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

  private bumpAsError() {
    this.open(K.Error);
    this.bump();
    this.close();
  }
  /** Stray tokens up to something recovery must not skip; at least one token. */
  private bumpStrayRun() {
    this.open(K.Error);
    this.bump();
    while (!STOP[this.cur()] && this.cur() !== K.Ident) this.bump();
    this.close();
  }

  // Pratt loop over binary operators.
  private parseBinary(min: number): SyntaxNode | undefined {
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return undefined;
    }
    this.depth++;
    let lhs: SyntaxNode | undefined;
    const k = this.cur();
    if (k === K.Bang || k === K.Minus) {
      this.open(K.UnaryOp);
      this.bump();
      if (EXPR_START[this.cur()] && !this.startsNonOperand()) this.parseBinary(k === K.Bang ? NOT_OPERAND : NEG_OPERAND);
      else this.errorAtCur(`expected an expression after '${k === K.Bang ? "!" : "-"}', found ${this.found()}`);
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
      if (EXPR_START[this.cur()] && !this.startsNonOperand())
        this.parseBinary(RIGHT_ASSOC.has(level) ? level : level + 1);
      else this.errorAtCur(`expected an expression after '${opText}', found ${this.found()}`);
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

  /** Constructs that cannot be operands without parentheses. */
  private startsNonOperand(): boolean {
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

  private canStartAtom(): boolean {
    const k = this.cur();
    if (ATOM_START[k]) return true;
    return k === K.Let && this.nth(1) === K.LBrace;
  }

  private parseApp(): SyntaxNode | undefined {
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
      if (this.cur() === K.LBrace && this.looksLikePattern()) break;
      this.precede(lhs, K.Apply);
      this.parseSelect();
      lhs = this.close();
    }
    return lhs;
  }

  /**
   * Recovery for a missing `;`: the current token starts a new line and reads
   * as `name =` / `a.b.c =`. Such a token can never continue a valid
   * expression, so stopping here changes nothing for valid input.
   */
  private bindingAhead(): boolean {
    const k = this.cur();
    if (k !== K.Ident && k !== K.Quote) return false;
    if (!this.newlineBefore()) return false;
    return this.looksLikeBinding();
  }
  private looksLikeBinding(): boolean {
    let j = this.s;
    for (let steps = 0; steps < 64; steps++) {
      const k = this.kinds[j];
      if (k === K.Ident || k === K.OrKw) j = this.skipTrivia(j + 1);
      else if (k === K.Quote) {
        j++;
        while (j < this.count && (this.kinds[j] === K.StrFragment || this.kinds[j] === K.StrEscape)) j++;
        if (this.kinds[j] !== K.Quote) return false;
        j = this.skipTrivia(j + 1);
      } else return false;
      if (j >= this.count) return false;
      if (this.kinds[j] === K.Assign) return true;
      if (this.kinds[j] !== K.Dot) return false;
      j = this.skipTrivia(j + 1);
    }
    return false;
  }

  private parseSelect(): SyntaxNode | undefined {
    const atom = this.parseAtom();
    if (!atom) return undefined;
    const k = this.cur();
    if (k === K.Dot) {
      this.precede(atom, K.Select);
      this.bump();
      this.parseAttrPath("an attribute name after '.'");
      if (this.cur() === K.OrKw) {
        this.bump();
        if (this.depth >= MAX_DEPTH) this.tooDeep();
        else if (this.canStartAtom()) {
          this.depth++;
          this.parseSelect();
          this.depth--;
        } else this.errorAtCur(`expected a default value after 'or', found ${this.found()}`);
      }
      return this.close();
    }
    if (k === K.OrKw) {
      // Nix reads `f or` as `f` applied to a variable named `or`
      this.precede(atom, K.Apply);
      this.parseIdentNode();
      return this.close();
    }
    return atom;
  }

  private parseAtom(): SyntaxNode | undefined {
    const k = this.cur();
    if (k === K.Ident || k === K.Int || k === K.Float || k === K.Uri || k === K.SearchPath) return this.parseAtomInner();
    if (!this.canStartAtom()) return undefined;
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      const top = this.top();
      return top.children[top.children.length - 1] as SyntaxNode;
    }
    this.depth++;
    const n = this.parseAtomInner();
    this.depth--;
    return n;
  }

  private parseAtomInner(): SyntaxNode | undefined {
    switch (this.cur()) {
      case K.Ident:
        this.open(K.IdentExpr);
        this.bump();
        break;
      case K.Int:
      case K.Float:
        this.open(K.Literal);
        this.bump();
        break;
      case K.Uri:
        this.open(K.UriExpr);
        this.bump();
        break;
      case K.SearchPath:
        this.open(K.SearchPathExpr);
        this.bump();
        break;
      case K.PathFragment:
        this.open(K.Path);
        this.parsePathParts();
        break;
      case K.Quote:
        this.open(K.String);
        this.bump();
        this.parseStringParts(K.Quote);
        break;
      case K.IndQuote:
        this.open(K.IndString);
        this.bump();
        this.parseStringParts(K.IndQuote);
        break;
      case K.LParen:
        this.open(K.Paren);
        this.bump();
        this.ctx[K.RParen]++;
        this.parseExpr("an expression after '('");
        this.ctx[K.RParen]--;
        if (this.cur() !== K.RParen) this.recoverUntil(K.RParen);
        this.expect(K.RParen, "expected ')'");
        break;
      case K.LBrack:
        this.parseList();
        break;
      case K.LBrace:
        this.open(K.AttrSet);
        this.parseBracedBindings("attribute set");
        break;
      case K.Rec:
        this.open(K.AttrSet);
        this.bump();
        if (this.cur() === K.LBrace) this.parseBracedBindings("attribute set");
        else this.errorAtCur(`expected '{' after 'rec', found ${this.found()}`);
        break;
      case K.Let:
        if (this.nth(1) !== K.LBrace) return undefined;
        this.open(K.LegacyLet);
        this.bump();
        this.parseBracedBindings("'let { }'");
        break;
      default:
        return undefined;
    }
    return this.close();
  }

  /** Inside (...): stray tokens before the `)` become one error node. */
  private recoverUntil(closer: K) {
    const k = this.cur();
    if (STOP[k] || this.awaited(k)) return;
    this.errorAtCur(`unexpected ${this.found()}`);
    this.open(K.Error);
    while (!STOP[this.cur()] && this.cur() !== closer) {
      if (EXPR_START[this.cur()]) {
        const before = this.s;
        this.parseExpr("");
        if (this.s === before) this.bump();
      } else this.bump();
    }
    this.close();
  }

  private parseBracedBindings(what: string) {
    const open = this.curStart();
    this.bump(); // {
    this.ctx[K.RBrace]++;
    this.parseBindings(K.RBrace);
    this.ctx[K.RBrace]--;
    if (this.cur() === K.RBrace) this.bump();
    else this.errorAtCur(`expected '}' to close the ${what} opened on line ${this.lineOf(open)}, found ${this.found()}`);
  }

  private parseList() {
    this.open(K.List);
    const open = this.curStart();
    this.bump();
    this.ctx[K.RBrack]++;
    for (;;) {
      const k = this.cur();
      if (k === K.RBrack || k === K.Eof) break;
      if (this.canStartAtom()) {
        this.parseSelect();
        continue;
      }
      if (k === K.Comma) {
        this.errorAtCur("list elements are separated by spaces, not commas");
        this.bumpAsError();
        continue;
      }
      if (STOP[k] && (k !== K.RBrace && k !== K.RParen && k !== K.InterpEnd ? true : this.awaited(k))) break;
      if (EXPR_START[k] || LEVEL[k]) {
        this.errorAtCur(
          k === K.Minus
            ? "negative numbers and other operators in a list need parentheses, e.g. [ (-1) ]"
            : `this ${this.found()} needs parentheses inside a list`,
        );
      } else this.errorAtCur(`unexpected ${this.found()} in a list`);
      this.open(K.Error);
      if (EXPR_START[k] && !ATOM_START[k] && k !== K.Minus && k !== K.Bang) this.parseExpr("");
      else this.bump();
      this.close();
    }
    this.ctx[K.RBrack]--;
    if (this.cur() === K.RBrack) this.bump();
    else this.errorAtCur(`expected ']' to close the list opened on line ${this.lineOf(open)}, found ${this.found()}`);
  }

  // ---------------------------------------------------------------- strings and paths

  private parseInterpolation() {
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

  private parseString() {
    this.open(K.String);
    this.bump();
    this.parseStringParts(K.Quote);
    this.close();
  }
  private parseStringParts(closer: K) {
    for (;;) {
      const k = this.cur();
      if (k === K.StrFragment || k === K.StrEscape) this.bump();
      else if (k === K.DollarCurly) this.parseInterpolation();
      else if (k === closer) {
        this.bump();
        return;
      } else {
        // only reachable at the end of input (the lexer already reported it) or after a broken interpolation
        if (k !== K.Eof) this.errorAtCur(`expected the end of the string, found ${this.found()}`);
        return;
      }
    }
  }

  private parsePathParts() {
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

  // ---------------------------------------------------------------- bindings

  private parseBindings(term: K) {
    for (;;) {
      const k = this.cur();
      if (k === term || k === K.Eof) return;
      if (k === K.Inherit) {
        this.parseInherit();
        continue;
      }
      if (k === K.Ident || k === K.OrKw || k === K.Quote || k === K.DollarCurly || k === K.Assign) {
        this.parseBinding();
        continue;
      }
      // a closer some enclosing construct waits for ends these bindings
      if (
        (k === K.RBrace || k === K.In || k === K.RParen || k === K.RBrack || k === K.InterpEnd || k === K.Then || k === K.Else) &&
        this.awaited(k)
      )
        return;
      this.errorAtCur(
        `unexpected ${this.found()}: expected a binding like \`name = value;\`${term === K.In ? " or 'in'" : " or '}'"}`,
      );
      this.open(K.Error);
      this.bump();
      for (;;) {
        const c = this.cur();
        if (c === K.Eof || c === term || c === K.Inherit) break;
        if (c === K.Semicolon) {
          this.bump();
          break;
        }
        if ((c === K.Ident || c === K.Quote || c === K.OrKw) && this.looksLikeBinding()) break;
        if (this.awaited(c) && (STOP[c] || c === K.In)) break;
        this.bump();
      }
      this.close();
    }
  }

  private attrPathText(n: SyntaxNode | undefined): string {
    if (!n) return "";
    const t = this.src.slice(n.start, n.end).replace(/\s+/g, " ");
    return t.length > 60 ? t.slice(0, 57) + "..." : t;
  }

  private parseBinding() {
    this.open(K.Binding);
    let path: SyntaxNode | undefined;
    if (this.cur() === K.Assign) this.errorAtCur("expected an attribute name before '='");
    else path = this.parseAttrPath("an attribute name");
    const name = this.attrPathText(path);
    if (this.cur() === K.Assign) {
      this.bump();
      this.ctx[K.Semicolon]++;
      this.parseExpr(`the value of \`${name}\``);
      this.ctx[K.Semicolon]--;
    } else {
      this.errorAtCur(`expected '=' after \`${name}\`, found ${this.found()}`);
      if (this.cur() === K.Semicolon) this.bump();
      this.close();
      return;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else {
      this.errorAtCur(`expected ';' after the value of \`${name}\`, found ${this.found()}`);
      // junk on the same line before a `;` belongs to this binding
      if (!this.newlineBefore() && !STOP[this.cur()] && !this.awaited(this.cur())) {
        this.open(K.Error);
        while (!STOP[this.cur()] && !this.bindingAhead()) this.bump();
        this.close();
        if (this.cur() === K.Semicolon) this.bump();
      }
    }
    this.close();
  }

  private parseInherit() {
    this.open(K.Inherit_);
    this.bump();
    if (this.cur() === K.LParen) {
      this.open(K.InheritFrom);
      this.bump();
      this.ctx[K.RParen]++;
      this.parseExpr("an expression after 'inherit ('");
      this.ctx[K.RParen]--;
      this.expect(K.RParen, "expected ')' after the source of 'inherit'");
      this.close();
    }
    for (;;) {
      const k = this.cur();
      if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
      else if (k === K.Quote) this.parseString();
      else if (k === K.DollarCurly) this.parseDynamic();
      else break;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else this.errorAtCur(`expected ';' after 'inherit', found ${this.found()}`);
    this.close();
  }

  private parseDynamic() {
    this.open(K.Dynamic);
    this.bump();
    this.ctx[K.InterpEnd]++;
    this.parseExpr("an expression after '${'");
    this.ctx[K.InterpEnd]--;
    this.expect(K.InterpEnd, "expected '}' to end the dynamic attribute name");
    this.close();
  }

  private parseAttrPath(what: string): SyntaxNode | undefined {
    if (!this.isAttrStart()) {
      this.errorAtCur(`expected ${what}, found ${this.found()}`);
      return undefined;
    }
    this.open(K.AttrPath);
    this.parseAttr();
    while (this.cur() === K.Dot) {
      this.bump();
      if (this.isAttrStart()) this.parseAttr();
      else {
        this.errorAtCur(`expected an attribute name after '.', found ${this.found()}`);
        break;
      }
    }
    return this.close();
  }
  private isAttrStart(): boolean {
    const k = this.cur();
    return k === K.Ident || k === K.OrKw || k === K.Quote || k === K.DollarCurly;
  }
  private parseAttr() {
    const k = this.cur();
    if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
    else if (k === K.Quote) this.parseString();
    else this.parseDynamic();
  }
}

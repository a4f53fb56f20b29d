// Binding lists (`{ ... }`, `let ... in`, `rec { }`): bindings, `inherit`,
// and recovery from whatever else lies between them.
import { SyntaxKind as K } from "../kinds.js";
import type { Built } from "../parser/builder.js";
import * as recovery from "../parser/recovery.js";
import { AttrPathGrammar } from "./attrPaths.js";
import { SeenPaths, noteInheritNames, notePath } from "./bindingNames.js";

// Read at every step, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { STOP } = recovery;

export abstract class BindingGrammar extends AttrPathGrammar {
  /** Parsing a run of bindings alone (runBindingRun): the list's elements stop at this offset. */
  protected stopAt = -1;
  /** The paths of the binding lists open (see parseBindings). */
  private readonly seenPaths = new SeenPaths();
  /** Line of a `{` whose `}` looks misplaced by indentation (a hint for unclosed-brace errors). */
  private suspectOpenLine = 0;

  /** An atom and its `.attr` selection (see AtomGrammar). */
  protected abstract parseSelect(): Built | undefined;

  protected parseBracedBindings(what: string) {
    const open = this.curStart();
    this.bump(); // {
    this.ctx[K.RBrace]++;
    this.parseBindings(K.RBrace);
    this.ctx[K.RBrace]--;
    if (this.cur() === K.RBrace) {
      if (this.suspectOpenLine === 0 && this.misindented(open, this.curStart())) this.suspectOpenLine = this.lineOf(open);
      this.bump();
    } else {
      const line = this.lineOf(open);
      const hint =
        this.cur() === K.Eof && this.suspectOpenLine > line
          ? ` (by indentation, the '{' on line ${this.suspectOpenLine} may be the one missing its '}')`
          : "";
      this.errorAtCur(`expected '}' to close the ${what} opened on line ${line}${hint}, found ${this.found()}`);
    }
  }

  /**
   * A `}` first on its line but left of the indentation of the line holding
   * its `{`: it probably closes an outer set, and this one lacks its `}`.
   * Only used to word an error that exists anyway.
   */
  protected misindented(open: number, close: number): boolean {
    const src = this.src;
    let a = close;
    while (a > 0 && (src.charCodeAt(a - 1) === 32 || src.charCodeAt(a - 1) === 9)) a--;
    if (a > 0 && src.charCodeAt(a - 1) !== 10) return false;
    const closeCol = close - a;
    // (run at every `}` first on its line: the native search back is cheaper than a loop)
    const b = src.lastIndexOf("\n", open - 1) + 1;
    let indent = 0;
    while (src.charCodeAt(b + indent) === 32 || src.charCodeAt(b + indent) === 9) indent++;
    return closeCol < indent;
  }

  /**
   * Bindings up to `term`. On the way, the first name of every binding is
   * hashed: if none repeats and all are plain identifiers, no duplicate or
   * dynamic-name error is possible at this level and the enclosing node is
   * not handed to the checks (they would have to walk the finished tree,
   * which costs more than the parse itself on big files).
   */
  protected parseBindings(term: K) {
    const seen = this.seenPaths;
    const list = seen.newList();
    const mark = seen.mark();
    let flagged = false;
    // a run parsed alone (runBindingRun) ends where the next element starts
    const stop = this.openNodes.length === 1 ? this.stopAt : -1;
    for (;;) {
      this.tick();
      const k = this.cur();
      if (k === term || k === K.Eof) break;
      if (stop >= 0 && this.curStart() >= stop) break;
      if (k === K.Inherit) {
        const from = this.s;
        this.parseInherit();
        if (!flagged) {
          flagged = noteInheritNames(this, from, this.s, seen, list);
        }
        continue;
      }
      if (k === K.Ident || k === K.OrKw) {
        const j = this.s;
        this.parseBinding();
        if (!flagged) flagged = notePath(this, j, seen, list);
        continue;
      }
      if (k === K.Quote || k === K.DollarCurly) {
        const j = this.s;
        this.parseBinding();
        if (!flagged) flagged = term === K.In ? true : notePath(this, j, seen, list);
        continue;
      }
      if (k === K.Assign) {
        flagged = true; // a binding without a name: leave it to the full check
        this.parseBinding();
        continue;
      }
      // a closer some enclosing construct waits for ends these bindings
      if (
        (k === K.RBrace || k === K.In || k === K.RParen || k === K.RBrack || k === K.InterpEnd || k === K.Then || k === K.Else) &&
        this.awaited(k)
      )
        break;
      this.errorAtCur(
        `unexpected ${this.found()}: expected a binding like \`name = value;\`${term === K.In ? " or 'in'" : " or '}'"}`,
      );
      this.open(K.Error);
      this.bumpOrBalanced();
      for (;;) {
        const c = this.cur();
        if (c === K.Eof || c === term || c === K.Inherit) break;
        if (c === K.Semicolon) {
          this.bump();
          break;
        }
        if ((c === K.Ident || c === K.Quote || c === K.OrKw) && this.looksLikeBinding()) break;
        if (this.awaited(c) && (STOP[c] || c === K.In)) break;
        this.bumpOrBalanced();
      }
      this.close();
    }
    seen.drop(mark);
    if (flagged) this.flagOpenNode();
  }

  /** Skip one stray token; a bracket is parsed whole, so its closer is not mistaken for ours. */
  protected bumpOrBalanced() {
    const k = this.cur();
    if (k === K.LBrace || k === K.LParen || k === K.LBrack) {
      // already reported as stray: errors inside it would only repeat that
      this.quiet++;
      this.parseSelect();
      this.quiet--;
    } else this.bump();
  }

  protected parseBinding() {
    this.open(K.Binding);
    let path: Built | undefined;
    if (this.cur() === K.Assign) this.errorAtCur("expected an attribute name before '='");
    else path = this.parseAttrPath("an attribute name");
    if (this.cur() === K.Assign) {
      this.bump();
      this.ctx[K.Semicolon]++;
      this.parseExpr("a value after '='", path);
      this.ctx[K.Semicolon]--;
    } else {
      this.errorAtCur(
        `expected '=' after \`${this.attrPathText(path)}\`${this.ctx[K.In]! > 0 && this.ctx[K.RBrace] === 0 ? " (or 'in' before it)" : ""}, found ${this.found()}`,
      );
      if (this.cur() === K.Semicolon) this.bump();
      this.close();
      return;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else if (this.cur() === K.Eof && this.closerAwaited()) {
      // the enclosing `}` / `in` is missing too: its error says more than this one
    } else {
      this.errorAtCur(`expected ';' after the value of \`${this.attrPathText(path)}\`, found ${this.found()}`);
      // junk on the same line before a `;` belongs to this binding
      if (!this.newlineBefore() && !STOP[this.cur()] && !this.awaited(this.cur()) && !this.bindingAhead()) {
        this.open(K.Error);
        while (!STOP[this.cur()] && !this.bindingAhead()) this.bump();
        this.close();
        if (this.cur() === K.Semicolon) this.bump();
      }
    }
    this.close();
  }

  protected parseInherit() {
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
      // the `;` is missing and the next binding starts here
      if ((k === K.Ident || k === K.OrKw || k === K.Quote) && this.looksLikeBinding()) break;
      if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
      else if (k === K.Quote) this.parseString();
      else if (k === K.DollarCurly) {
        this.parseDynamic();
        this.flagOpenNode();
      }
      else break;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else this.errorAtCur(`expected ';' after 'inherit', found ${this.found()}`);
    this.close();
  }
}

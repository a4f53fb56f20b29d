// Atoms: names, numbers, URIs, paths, strings, parentheses, lists and sets,
// with their `.attr or default` selection.
import { SyntaxKind as K } from "../kinds.js";
import type { Built } from "../parser/builder.js";
import * as depthLimit from "../parser/depth.js";
import * as recovery from "../parser/recovery.js";
import * as operators from "./operators.js";
import { PatternGrammar } from "./patterns.js";
import * as tokenSets from "./tokenSets.js";

// Read at every step, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { MAX_DEPTH } = depthLimit;
const { STOP } = recovery;
const { LEVEL } = operators;
const { ATOM_START, EXPR_START } = tokenSets;

export abstract class AtomGrammar extends PatternGrammar {
  protected canStartAtom(): boolean {
    const k = this.cur();
    if (ATOM_START[k]) return true;
    return k === K.Let && this.nth(1) === K.LBrace;
  }

  protected parseSelect(): Built | undefined {
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
        else if (this.canStartAtom() && !this.bindingAhead()) {
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

  protected parseAtom(): Built | undefined {
    const k = this.cur();
    if (k === K.Ident || k === K.Int || k === K.Float || k === K.Uri || k === K.SearchPath) return this.parseAtomInner();
    if (!this.canStartAtom()) return undefined;
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return this.last();
    }
    this.depth++;
    const n = this.parseAtomInner();
    this.depth--;
    return n;
  }

  protected parseAtomInner(): Built | undefined {
    switch (this.cur()) {
      case K.Ident:
        return this.leaf(K.IdentExpr);
      case K.Int:
      case K.Float:
        return this.leaf(K.Literal);
      case K.Uri:
        return this.leaf(K.UriExpr);
      case K.SearchPath:
        return this.leaf(K.SearchPathExpr);
      case K.PathFragment:
        this.open(K.Path);
        this.parsePathParts();
        break;
      case K.Quote: {
        const leaf = this.plainString(K.String, K.Quote);
        if (leaf !== undefined) return leaf;
        this.open(K.String);
        this.bump();
        this.parseStringParts(K.Quote, this.lastEnd - 1);
        break;
      }
      case K.IndQuote: {
        const leaf = this.plainString(K.IndString, K.IndQuote);
        if (leaf !== undefined) return leaf;
        this.open(K.IndString);
        this.bump();
        this.parseStringParts(K.IndQuote, this.lastEnd - 2);
        break;
      }
      case K.LParen: {
        this.open(K.Paren);
        const open = this.curStart();
        this.bump();
        this.ctx[K.RParen]++;
        this.parseExpr("an expression after '('");
        this.ctx[K.RParen]--;
        if (this.cur() !== K.RParen) this.recoverUntil(K.RParen);
        // the line is only worked out when the ')' is missing
        if (this.cur() === K.RParen) this.bump();
        else this.errorAtCur(`expected ')' to close the '(' on line ${this.lineOf(open)}, found ${this.found()}`);
        break;
      }
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
  protected recoverUntil(closer: K) {
    const k = this.cur();
    if (STOP[k] || this.awaited(k) || this.bindingAhead()) return;
    this.errorAtCur(`unexpected ${this.found()}`);
    this.open(K.Error);
    while (!STOP[this.cur()] && this.cur() !== closer && !this.bindingAhead()) {
      if (EXPR_START[this.cur()]) {
        const before = this.s;
        this.parseExpr("");
        if (this.s === before) this.bump();
      } else this.bump();
    }
    this.close();
  }

  protected parseList() {
    this.open(K.List);
    const open = this.curStart();
    this.bump();
    this.ctx[K.RBrack]++;
    for (;;) {
      this.tick();
      const k = this.cur();
      if (k === K.RBrack || k === K.Eof) break;
      // `name =`: the `]` is missing and the next binding starts here
      if ((k === K.Ident || k === K.Quote) && this.bindingAhead()) break;
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
}

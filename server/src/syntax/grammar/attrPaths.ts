// Attribute paths (`a.b."c".${d}`), and the lookahead that tells a binding
// (`name =`) apart from an expression, which recovery leans on.
import { SyntaxKind as K } from "../kinds.js";
import type { Built } from "../parser/builder.js";
import { StringGrammar } from "./strings.js";

export abstract class AttrPathGrammar extends StringGrammar {
  protected parseIdentNode() {
    this.leaf(K.IdentExpr);
  }

  protected parseAttrPath(what: string): Built | undefined {
    if (!this.isAttrStart()) {
      this.errorAtCur(`expected ${what}, found ${this.found()}`);
      return undefined;
    }
    // one identifier and no dot after it (the usual `name = ...`): a leaf
    const k = this.cur();
    if ((k === K.Ident || k === K.OrKw) && this.kinds[this.skipTrivia(this.s + 1)] !== K.Dot) return this.leaf(K.AttrPath);
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

  protected isAttrStart(): boolean {
    const k = this.cur();
    return k === K.Ident || k === K.OrKw || k === K.Quote || k === K.DollarCurly;
  }

  protected parseAttr() {
    const k = this.cur();
    if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
    else if (k === K.Quote) this.parseString();
    else this.parseDynamic();
  }

  protected parseDynamic() {
    this.open(K.Dynamic);
    this.bump();
    this.ctx[K.InterpEnd]++;
    this.parseExpr("an expression after '${'");
    this.ctx[K.InterpEnd]--;
    this.expect(K.InterpEnd, "expected '}' to end the dynamic attribute name");
    this.close();
  }

  protected attrPathText(n: Built | undefined): string {
    if (n === undefined) return "";
    const t = this.src.slice(this.startOf(n), this.endOf(n)).replace(/\s+/g, " ");
    return t.length > 60 ? t.slice(0, 57) + "..." : t;
  }

  /**
   * Recovery for a missing `;`: the current token reads as `name =` /
   * `a.b.c =` / `"s" =`. Such a token can never continue a valid expression
   * (no expression is followed by `=`), so stopping here changes nothing for
   * valid input, and the next binding is not eaten as an argument.
   */
  protected bindingAhead(): boolean {
    const k = this.cur();
    if (k !== K.Ident && k !== K.Quote) return false;
    return this.looksLikeBinding();
  }

  /** The attribute path of the binding starting at the current token, for messages. */
  protected bindingNameAhead(): string {
    let j = this.s;
    while (j < this.count && this.kinds[j] !== K.Assign) j++;
    const t = this.src.slice(this.curStart(), this.starts[j]).trim().replace(/\s+/g, " ");
    return t.length > 40 ? t.slice(0, 37) + "..." : t;
  }

  protected looksLikeBinding(): boolean {
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
}

// Typed views over the raw tree. Later code (scopes, completion, edits) should
// use these rather than walking children by hand. A view is a thin wrapper: it
// holds the node and computes answers on demand; missing pieces (in broken
// code) come back as `undefined`, never throw.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import { StringPart, indStringParts, staticStringValue, stringParts } from "./strings.js";
import { attrNameText } from "./attrNames.js";

/** Node kinds that are expressions. */
export const EXPR_KINDS: ReadonlySet<K> = new Set([
  K.Lambda,
  K.LetIn,
  K.LegacyLet,
  K.AttrSet,
  K.Select,
  K.Apply,
  K.UnaryOp,
  K.BinaryOp,
  K.HasAttr,
  K.IfElse,
  K.WithExpr,
  K.AssertExpr,
  K.String,
  K.IndString,
  K.Path,
  K.SearchPathExpr,
  K.UriExpr,
  K.Literal,
  K.IdentExpr,
  K.List,
  K.Paren,
]);

export function isExpr(n: SyntaxNode | undefined): n is SyntaxNode {
  return n !== undefined && EXPR_KINDS.has(n.kind);
}

/** Expression children of a node, in order (error nodes skipped). */
export function exprChildren(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children) if (c instanceof SyntaxNode && EXPR_KINDS.has(c.kind)) out.push(c);
  return out;
}

/** Expression children after the first child token of kind `after`. */
function exprsAfter(n: SyntaxNode, after: K): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let seen = false;
  for (const c of n.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === after) seen = true;
    } else if (seen && EXPR_KINDS.has(c.kind)) out.push(c);
  }
  return out;
}
function exprBetween(n: SyntaxNode, after: K | null, before: K | null): SyntaxNode | undefined {
  let on = after === null;
  for (const c of n.children) {
    if (c instanceof SyntaxToken) {
      if (!on && c.kind === after) on = true;
      else if (on && c.kind === before) return undefined;
    } else if (on && EXPR_KINDS.has(c.kind)) return c;
  }
  return undefined;
}

abstract class ViewBase {
  // Declared and assigned in the constructor, not a parameter property: with ES2022 class
  // fields that adds an initialiser run on every view made, and diagnostics make thousands
  // per keystroke.
  declare readonly node: SyntaxNode;
  constructor(node: SyntaxNode) {
    (this as { node: SyntaxNode }).node = node;
  }
  get start(): number {
    return this.node.start;
  }
  get end(): number {
    return this.node.end;
  }
}

// ------------------------------------------------------------------ names

/** An identifier node: a variable reference, lambda parameter, formal, attribute name or `@` name. */
export class Ident extends ViewBase {
  get token(): SyntaxToken | undefined {
    for (const c of this.node.children) if (c instanceof SyntaxToken && (c.kind === K.Ident || c.kind === K.OrKw)) return c;
    return undefined;
  }
  get name(): string {
    return this.token?.text ?? "";
  }
}

/** One attribute name in a path: `a`, `"a b"`, `${e}`. */
export class Attr extends ViewBase {
  get kind(): "ident" | "string" | "dynamic" {
    return this.node.kind === K.IdentExpr ? "ident" : this.node.kind === K.Dynamic ? "dynamic" : "string";
  }
  /**
   * The static name, or undefined if computed at run time. Follows Nix:
   * `"a"` and `${"a"}` are static, `"${x}"` and `${x}` are not.
   */
  get name(): string | undefined {
    return attrStaticName(this.node);
  }
  /** For `${e}`: e. For a string: the string node. */
  expr(): SyntaxNode | undefined {
    if (this.node.kind === K.Dynamic) return exprChildren(this.node)[0];
    return this.node.kind === K.IdentExpr ? undefined : this.node;
  }
}

export function attrStaticName(n: SyntaxNode): string | undefined {
  if (n.kind === K.IdentExpr) return new Ident(n).name;
  if (n.kind === K.String || n.kind === K.IndString) return staticStringValue(n);
  if (n.kind === K.Dynamic) {
    let e = exprChildren(n)[0];
    while (e && e.kind === K.Paren) e = exprChildren(e)[0];
    if (e && (e.kind === K.String || e.kind === K.IndString)) return staticStringValue(e);
  }
  return undefined;
}

export class AttrPath extends ViewBase {
  parts(): Attr[] {
    const out: Attr[] = [];
    for (const c of this.node.children)
      if (c instanceof SyntaxNode && (c.kind === K.IdentExpr || c.kind === K.String || c.kind === K.Dynamic || c.kind === K.IndString))
        out.push(new Attr(c));
    return out;
  }
  /** All names if every part is static (e.g. ["services","openssh","enable"]), else undefined. */
  staticNames(): string[] | undefined {
    const out: string[] = [];
    for (const p of this.parts()) {
      const n = p.name;
      if (n === undefined) return undefined;
      out.push(n);
    }
    return out;
  }
  /** Dotted form for messages: `services.openssh.enable`, dynamic parts as `${...}`. */
  override toString(): string {
    return this.parts()
      .map((p) => {
        const n = p.name;
        return n === undefined ? "${...}" : attrNameText(n);
      })
      .join(".");
  }
}

// ------------------------------------------------------------------ bindings

export class Binding extends ViewBase {
  attrPath(): AttrPath | undefined {
    const n = this.node.node(K.AttrPath);
    return n ? new AttrPath(n) : undefined;
  }
  value(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Assign)[0];
  }
}

export class Inherit extends ViewBase {
  /** The `(e)` source expression, if any. */
  from(): SyntaxNode | undefined {
    const f = this.node.node(K.InheritFrom);
    return f ? exprChildren(f)[0] : undefined;
  }
  /** The inherited names (identifiers or strings). */
  attrs(): Attr[] {
    const out: Attr[] = [];
    for (const c of this.node.children)
      if (c instanceof SyntaxNode && (c.kind === K.IdentExpr || c.kind === K.String || c.kind === K.Dynamic)) out.push(new Attr(c));
    return out;
  }
}

export type BindingLike = Binding | Inherit;

function bindingsOf(n: SyntaxNode): BindingLike[] {
  const out: BindingLike[] = [];
  for (const c of n.children) {
    if (!(c instanceof SyntaxNode)) continue;
    if (c.kind === K.Binding) out.push(new Binding(c));
    else if (c.kind === K.Inherit_) out.push(new Inherit(c));
  }
  return out;
}

export class AttrSet extends ViewBase {
  get isRec(): boolean {
    return this.node.token(K.Rec) !== undefined;
  }
  bindings(): BindingLike[] {
    return bindingsOf(this.node);
  }
}

export class LetIn extends ViewBase {
  bindings(): BindingLike[] {
    return bindingsOf(this.node);
  }
  body(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.In)[0];
  }
}

/** `let { a = 1; body = a; }`: a recursive set whose `body` attribute is the value. */
export class LegacyLet extends ViewBase {
  bindings(): BindingLike[] {
    return bindingsOf(this.node);
  }
}

// ------------------------------------------------------------------ functions

export class Lambda extends ViewBase {
  /** `x` in `x: body` */
  param(): Ident | undefined {
    const n = this.node.node(K.IdentExpr);
    return n ? new Ident(n) : undefined;
  }
  /** `{ a, b ? 1, ... } @ args` */
  pattern(): Pattern | undefined {
    const n = this.node.node(K.Pattern);
    return n ? new Pattern(n) : undefined;
  }
  body(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Colon)[0];
  }
}

export class Pattern extends ViewBase {
  entries(): PatEntry[] {
    const out: PatEntry[] = [];
    for (const c of this.node.children) if (c instanceof SyntaxNode && c.kind === K.PatEntry) out.push(new PatEntry(c));
    return out;
  }
  /** The `@` name, before or after the braces. */
  bind(): Ident | undefined {
    const b = this.node.node(K.PatBind);
    const i = b?.node(K.IdentExpr);
    return i ? new Ident(i) : undefined;
  }
  get hasEllipsis(): boolean {
    return this.node.token(K.Ellipsis) !== undefined;
  }
}

export class PatEntry extends ViewBase {
  name(): Ident | undefined {
    const n = this.node.node(K.IdentExpr);
    return n ? new Ident(n) : undefined;
  }
  default(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Question)[0];
  }
}

// ------------------------------------------------------------------ operators

export class Apply extends ViewBase {
  fn(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
  arg(): SyntaxNode | undefined {
    return exprChildren(this.node)[1];
  }
  /** `f a b c` as { fn: f, args: [a, b, c] } (iterative). */
  flatten(): { fn: SyntaxNode | undefined; args: SyntaxNode[] } {
    const args: SyntaxNode[] = [];
    let n: SyntaxNode | undefined = this.node;
    while (n && n.kind === K.Apply) {
      const cs = exprChildren(n);
      if (cs[1]) args.push(cs[1]);
      n = cs[0];
    }
    args.reverse();
    return { fn: n, args };
  }
}

export class Select extends ViewBase {
  base(): SyntaxNode | undefined {
    return exprBetween(this.node, null, K.Dot);
  }
  attrPath(): AttrPath | undefined {
    const n = this.node.node(K.AttrPath);
    return n ? new AttrPath(n) : undefined;
  }
  /** The `or` default. */
  default(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.OrKw)[0];
  }
}

export class HasAttr extends ViewBase {
  base(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
  attrPath(): AttrPath | undefined {
    const n = this.node.node(K.AttrPath);
    return n ? new AttrPath(n) : undefined;
  }
}

export type UnaryOperator = "!" | "-";
export class UnaryOp extends ViewBase {
  get op(): UnaryOperator {
    return this.node.token(K.Bang) ? "!" : "-";
  }
  operand(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
}

export type BinaryOperator =
  | "->" | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "//" | "+" | "-" | "*" | "/" | "++";
const BIN_OPS: Partial<Record<K, BinaryOperator>> = {
  [K.Implies]: "->",
  [K.OrOr]: "||",
  [K.AndAnd]: "&&",
  [K.EqEq]: "==",
  [K.NotEq]: "!=",
  [K.Lt]: "<",
  [K.Le]: "<=",
  [K.Gt]: ">",
  [K.Ge]: ">=",
  [K.Update]: "//",
  [K.Plus]: "+",
  [K.Minus]: "-",
  [K.Star]: "*",
  [K.Slash]: "/",
  [K.Concat]: "++",
};
export class BinaryOp extends ViewBase {
  get opToken(): SyntaxToken | undefined {
    for (const c of this.node.children) if (c instanceof SyntaxToken && BIN_OPS[c.kind]) return c;
    return undefined;
  }
  get op(): BinaryOperator {
    const t = this.opToken;
    return t ? BIN_OPS[t.kind]! : "+";
  }
  lhs(): SyntaxNode | undefined {
    const t = this.opToken;
    const c = this.node.children[0];
    return c instanceof SyntaxNode && c !== undefined && (!t || c.end <= t.start) && EXPR_KINDS.has(c.kind) ? c : undefined;
  }
  rhs(): SyntaxNode | undefined {
    const t = this.opToken;
    if (!t) return undefined;
    for (const c of this.node.children) if (c instanceof SyntaxNode && c.start >= t.end && EXPR_KINDS.has(c.kind)) return c;
    return undefined;
  }
}

// ------------------------------------------------------------------ control

export class IfElse extends ViewBase {
  condition(): SyntaxNode | undefined {
    return exprBetween(this.node, K.If, K.Then);
  }
  then(): SyntaxNode | undefined {
    return exprBetween(this.node, K.Then, K.Else);
  }
  else(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Else)[0];
  }
}

export class With extends ViewBase {
  namespace(): SyntaxNode | undefined {
    return exprBetween(this.node, K.With, K.Semicolon);
  }
  body(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Semicolon)[0];
  }
}

export class Assert extends ViewBase {
  condition(): SyntaxNode | undefined {
    return exprBetween(this.node, K.Assert, K.Semicolon);
  }
  body(): SyntaxNode | undefined {
    return exprsAfter(this.node, K.Semicolon)[0];
  }
}

// ------------------------------------------------------------------ literals

/** A "..." or ''...'' string. */
export class StringLit extends ViewBase {
  get isIndented(): boolean {
    return this.node.kind === K.IndString;
  }
  /** Literal parts (escapes decoded; indentation stripped for ''...'') and interpolations. */
  parts(): StringPart[] {
    return this.isIndented ? indStringParts(this.node) : stringParts(this.node);
  }
  /** The value when there is no interpolation. */
  staticValue(): string | undefined {
    return staticStringValue(this.node);
  }
  interpolations(): SyntaxNode[] {
    return this.node.childNodes().filter((c) => c.kind === K.Interpolation);
  }
  get isTerminated(): boolean {
    const last = this.node.children[this.node.children.length - 1];
    return this.node.children.length > 1 && last instanceof SyntaxToken && (last.kind === K.Quote || last.kind === K.IndQuote);
  }
}

export type PathPart =
  | { kind: "literal"; value: string; start: number; end: number }
  | { kind: "interpolation"; node: SyntaxNode; expr: SyntaxNode | undefined; start: number; end: number };

export class PathLit extends ViewBase {
  get isInterpolated(): boolean {
    return this.node.node(K.Interpolation) !== undefined;
  }
  parts(): PathPart[] {
    const out: PathPart[] = [];
    for (const c of this.node.children) {
      if (c instanceof SyntaxToken) {
        if (c.kind === K.PathFragment) out.push({ kind: "literal", value: c.text, start: c.start, end: c.end });
      } else if (c.kind === K.Interpolation)
        out.push({ kind: "interpolation", node: c, expr: exprChildren(c)[0], start: c.start, end: c.end });
    }
    return out;
  }
  /** The path text when not interpolated (`./foo.nix`, `~/x`, `/etc/nixos`). */
  get text(): string | undefined {
    return this.isInterpolated ? undefined : this.parts().map((p) => (p.kind === "literal" ? p.value : "")).join("");
  }
  get kindOfPath(): "absolute" | "relative" | "home" {
    const t = this.node.token(K.PathFragment)?.text ?? "";
    return t.startsWith("/") ? "absolute" : t.startsWith("~") ? "home" : "relative";
  }
}

export class SearchPath extends ViewBase {
  /** `nixpkgs/lib` for `<nixpkgs/lib>` */
  get name(): string {
    const t = this.node.token(K.SearchPath)?.text ?? "<>";
    return t.slice(1, -1);
  }
}

export class Uri extends ViewBase {
  get text(): string {
    return this.node.token(K.Uri)?.text ?? "";
  }
}

export class Literal extends ViewBase {
  get kind(): "int" | "float" {
    return this.node.token(K.Float) ? "float" : "int";
  }
  get text(): string {
    const t = this.node.token(K.Int) ?? this.node.token(K.Float);
    return t?.text ?? "";
  }
  /** Numeric value (ints beyond 2^53 lose precision; use bigValue). */
  get value(): number {
    return Number(this.text);
  }
  /** Exact value of an int literal. */
  get bigValue(): bigint | undefined {
    return this.kind === "int" ? BigInt(this.text) : undefined;
  }
}

export class List extends ViewBase {
  items(): SyntaxNode[] {
    return exprChildren(this.node);
  }
}

export class Paren extends ViewBase {
  inner(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
}

export class Interpolation extends ViewBase {
  expr(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
}

export class Root extends ViewBase {
  expr(): SyntaxNode | undefined {
    return exprChildren(this.node)[0];
  }
}

// ------------------------------------------------------------------ casts

function caster<T>(kinds: K[], C: new (n: SyntaxNode) => T): (n: SyntaxNode | undefined | null) => T | undefined {
  return (n) => (n && kinds.includes(n.kind) ? new C(n) : undefined);
}

export const asIdent = caster([K.IdentExpr], Ident);
export const asAttrPath = caster([K.AttrPath], AttrPath);
export const asAttr = caster([K.IdentExpr, K.String, K.Dynamic], Attr);
export const asBinding = caster([K.Binding], Binding);
export const asInherit = caster([K.Inherit_], Inherit);
export const asAttrSet = caster([K.AttrSet], AttrSet);
export const asLetIn = caster([K.LetIn], LetIn);
export const asLegacyLet = caster([K.LegacyLet], LegacyLet);
export const asLambda = caster([K.Lambda], Lambda);
export const asPattern = caster([K.Pattern], Pattern);
export const asPatEntry = caster([K.PatEntry], PatEntry);
export const asApply = caster([K.Apply], Apply);
export const asSelect = caster([K.Select], Select);
export const asHasAttr = caster([K.HasAttr], HasAttr);
export const asUnaryOp = caster([K.UnaryOp], UnaryOp);
export const asBinaryOp = caster([K.BinaryOp], BinaryOp);
export const asIfElse = caster([K.IfElse], IfElse);
export const asWith = caster([K.WithExpr], With);
export const asAssert = caster([K.AssertExpr], Assert);
export const asString = caster([K.String, K.IndString], StringLit);
export const asPath = caster([K.Path], PathLit);
export const asSearchPath = caster([K.SearchPathExpr], SearchPath);
export const asUri = caster([K.UriExpr], Uri);
export const asLiteral = caster([K.Literal], Literal);
export const asList = caster([K.List], List);
export const asParen = caster([K.Paren], Paren);
export const asInterpolation = caster([K.Interpolation], Interpolation);
export const asRoot = caster([K.Root], Root);

export type ExprView =
  | Lambda
  | LetIn
  | LegacyLet
  | AttrSet
  | Select
  | Apply
  | UnaryOp
  | BinaryOp
  | HasAttr
  | IfElse
  | With
  | Assert
  | StringLit
  | PathLit
  | SearchPath
  | Uri
  | Literal
  | Ident
  | List
  | Paren;

/** The typed view for an expression node (undefined for non-expressions). */
export function asExpr(n: SyntaxNode | undefined | null): ExprView | undefined {
  if (!n) return undefined;
  switch (n.kind) {
    case K.Lambda: return new Lambda(n);
    case K.LetIn: return new LetIn(n);
    case K.LegacyLet: return new LegacyLet(n);
    case K.AttrSet: return new AttrSet(n);
    case K.Select: return new Select(n);
    case K.Apply: return new Apply(n);
    case K.UnaryOp: return new UnaryOp(n);
    case K.BinaryOp: return new BinaryOp(n);
    case K.HasAttr: return new HasAttr(n);
    case K.IfElse: return new IfElse(n);
    case K.WithExpr: return new With(n);
    case K.AssertExpr: return new Assert(n);
    case K.String:
    case K.IndString: return new StringLit(n);
    case K.Path: return new PathLit(n);
    case K.SearchPathExpr: return new SearchPath(n);
    case K.UriExpr: return new Uri(n);
    case K.Literal: return new Literal(n);
    case K.IdentExpr: return new Ident(n);
    case K.List: return new List(n);
    case K.Paren: return new Paren(n);
    default: return undefined;
  }
}

/** Strip any number of parentheses. */
export function unparen(n: SyntaxNode | undefined): SyntaxNode | undefined {
  while (n && n.kind === K.Paren) n = exprChildren(n)[0];
  return n;
}

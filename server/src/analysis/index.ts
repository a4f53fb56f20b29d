// Name resolution over the syntax tree: which definition each variable
// reference means. Pure: text in, plain data out. Follows Nix's static
// scoping: lexical bindings always win over `with`, whose names are only
// known at run time; the base environment (builtins) is outermost.
import {
  SyntaxKind as K,
  SyntaxNode,
  SyntaxToken,
  parse,
  tokenAt,
  attrStaticName,
  Binding,
  Inherit,
  Lambda,
  Ident,
  unparen,
  type ParseResult,
} from '../syntax/index.js';
import type { TextRange } from '../ide/types.js';
import { isGlobalName } from './globals.js';

export { isGlobalName, GLOBAL_NAMES } from './globals.js';

export type DefinitionKind =
  | 'let' // `let x = ...; in`
  | 'rec' // `rec { x = ...; }`
  | 'legacy-let' // `let { x = ...; body = ...; }`
  | 'param' // `x: ...`
  | 'formal' // `{ x, ... }: ...`
  | 'pattern-at'; // `args@{ ... }: ...`

export interface Definition {
  id: number;
  name: string;
  kind: DefinitionKind;
  /** Where the name is first written. */
  range: TextRange;
  /** Every name node that defines it (`x.a = 1; x.b = 2;` has two). */
  nameNodes: SyntaxNode[];
  /** The nodes that bind it: Binding, Inherit_, PatEntry, PatBind, or the Lambda for a plain parameter. */
  sites: SyntaxNode[];
  scope: Scope;
  /** Set when it comes from `inherit x;` ('plain') or `inherit (e) x;` ('from'). */
  inherited?: 'plain' | 'from';
  /** The value expression of a single `x = value;` (or a formal's default). */
  value?: SyntaxNode;
  references: Reference[];
}

export type ScopeKind = 'let' | 'rec' | 'legacy-let' | 'lambda';

export interface Scope {
  kind: ScopeKind;
  node: SyntaxNode;
  defs: Map<string, Definition>;
  parent: Scope | undefined;
}

export type Resolution =
  | { kind: 'local'; definition: Definition }
  | { kind: 'builtin'; name: string }
  /** Only known at run time: the enclosing `with` expressions, innermost first. */
  | { kind: 'with'; withs: SyntaxNode[] }
  | { kind: 'undefined' };

export interface Reference {
  name: string;
  /** The IdentExpr (or, in `inherit "x";`, the String) naming it. */
  node: SyntaxNode;
  range: TextRange;
  resolution: Resolution;
  /** The `inherit` node when the reference is a name of `inherit x;` (no source). */
  inherit?: SyntaxNode;
  /** Enclosing `with` nodes, innermost first (also when the name resolved statically). */
  withs: SyntaxNode[];
}

export interface WithInfo {
  node: SyntaxNode;
  /** References whose value may come from this `with`. */
  references: Reference[];
}

export interface Analysis {
  text: string;
  parse: ParseResult;
  tree: SyntaxNode;
  scopes: Scope[];
  definitions: Definition[];
  references: Reference[];
  withs: WithInfo[];
  /** The scope a Lambda / LetIn / rec AttrSet / LegacyLet node opens. */
  scopeOf: Map<SyntaxNode, Scope>;
  /** Name node -> the definition it writes. */
  definitionOfName: Map<SyntaxNode, Definition>;
  /** Name node -> the reference it makes. */
  referenceOfNode: Map<SyntaxNode, Reference>;
}

export function analyze(text: string, parsed?: ParseResult): Analysis {
  const p = parsed ?? parse(text);
  const a: Analysis = {
    text,
    parse: p,
    tree: p.tree,
    scopes: [],
    definitions: [],
    references: [],
    withs: [],
    scopeOf: new Map(),
    definitionOfName: new Map(),
    referenceOfNode: new Map(),
  };
  new Resolver(a).run(p.tree);
  return a;
}

const range = (n: { start: number; end: number }): TextRange => ({ start: n.start, end: n.end });

/** Attribute-name nodes directly under an AttrPath or Inherit_. */
function isAttrNameNode(n: SyntaxNode): boolean {
  return n.kind === K.IdentExpr || n.kind === K.String || n.kind === K.IndString || n.kind === K.Dynamic;
}

class Resolver {
  private withInfo = new Map<SyntaxNode, WithInfo>();
  /** `rec` sets Nix merges into a plain set, losing their recursion. */
  private derec = new Set<SyntaxNode>();
  constructor(private a: Analysis) {}

  private newScope(kind: ScopeKind, node: SyntaxNode, parent: Scope | undefined): Scope {
    const s: Scope = { kind, node, defs: new Map(), parent };
    this.a.scopes.push(s);
    this.a.scopeOf.set(node, s);
    return s;
  }

  private define(
    scope: Scope,
    name: string,
    kind: DefinitionKind,
    nameNode: SyntaxNode,
    site: SyntaxNode,
    extra: { inherited?: 'plain' | 'from'; value?: SyntaxNode } = {},
  ): Definition {
    let d = scope.defs.get(name);
    if (d) {
      // `x.a = 1; x.b = 2;` (or a duplicate, which the parser reports)
      d.nameNodes.push(nameNode);
      if (!d.sites.includes(site)) d.sites.push(site);
      d.value = undefined;
    } else {
      d = {
        id: this.a.definitions.length,
        name,
        kind,
        range: range(nameNode),
        nameNodes: [nameNode],
        sites: [site],
        scope,
        references: [],
        ...extra,
      };
      scope.defs.set(name, d);
      this.a.definitions.push(d);
    }
    this.a.definitionOfName.set(nameNode, d);
    return d;
  }

  private reference(node: SyntaxNode, name: string, scope: Scope | undefined, withs: SyntaxNode[], inherit?: SyntaxNode): void {
    if (name === '') return; // a broken identifier
    let resolution: Resolution | undefined;
    for (let s = scope; s; s = s.parent) {
      const d = s.defs.get(name);
      if (d) {
        resolution = { kind: 'local', definition: d };
        break;
      }
    }
    if (!resolution) {
      if (isGlobalName(name)) resolution = { kind: 'builtin', name };
      else if (withs.length > 0) resolution = { kind: 'with', withs };
      else resolution = { kind: 'undefined' };
    }
    const r: Reference = { name, node, range: range(node), resolution, withs };
    if (inherit) r.inherit = inherit;
    this.a.references.push(r);
    this.a.referenceOfNode.set(node, r);
    if (resolution.kind === 'local') resolution.definition.references.push(r);
    if (resolution.kind === 'with') for (const w of withs) this.withInfo.get(w)?.references.push(r);
  }

  // Work is queued rather than recursed into: `a + b + c + ...` nests as deep
  // as it is long. Each handler queues its children in source order.
  private pending: Array<() => void> = [];

  run(root: SyntaxNode): void {
    const stack: Array<() => void> = [];
    this.visit(root, undefined, []);
    for (;;) {
      while (this.pending.length > 0) stack.push(this.pending.pop()!);
      const next = stack.pop();
      if (!next) return;
      next();
    }
  }

  private visit(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    this.pending.push(() => this.handle(n, scope, withs));
  }

  private handle(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    switch (n.kind) {
      case K.IdentExpr: {
        const t = n.children.find((c): c is SyntaxToken => c instanceof SyntaxToken && (c.kind === K.Ident || c.kind === K.OrKw));
        if (t) this.reference(n, t.text, scope, withs);
        return;
      }
      case K.Lambda:
        return this.lambda(n, scope, withs);
      case K.LetIn:
        return this.bindings(n, this.newScope('let', n, scope), scope, withs, 'let');
      case K.LegacyLet:
        return this.bindings(n, this.newScope('legacy-let', n, scope), scope, withs, 'legacy-let');
      case K.AttrSet:
        if (n.token(K.Rec) && !this.derec.has(n)) return this.bindings(n, this.a.scopeOf.get(n) ?? this.newScope('rec', n, scope), scope, withs, 'rec');
        return this.bindings(n, undefined, scope, withs, undefined);
      case K.WithExpr: {
        const info: WithInfo = { node: n, references: [] };
        this.a.withs.push(info);
        this.withInfo.set(n, info);
        let afterSemi = false;
        for (const c of n.children) {
          if (c instanceof SyntaxToken) {
            if (c.kind === K.Semicolon) afterSemi = true;
          } else this.visit(c, scope, afterSemi ? [n, ...withs] : withs);
        }
        return;
      }
      case K.AttrPath:
        // static names are attribute names, not variables
        for (const c of n.childNodes()) if (c.kind !== K.IdentExpr) this.visit(c, scope, withs);
        return;
      case K.Inherit_:
        // only reached for an inherit outside a binding list (error recovery)
        return this.inherit(n, scope, scope, withs);
      default:
        for (const c of n.children) if (c instanceof SyntaxNode) this.visit(c, scope, withs);
    }
  }

  private lambda(n: SyntaxNode, outer: Scope | undefined, withs: SyntaxNode[]): void {
    const s = this.newScope('lambda', n, outer);
    const lam = new Lambda(n);
    // the plain parameter is an IdentExpr before the colon (the body may be one too)
    const colon = n.token(K.Colon);
    const paramNode = n.childNodes().find((c) => c.kind === K.IdentExpr && (!colon || c.end <= colon.start));
    const param = paramNode ? new Ident(paramNode) : undefined;
    if (param && param.name) this.define(s, param.name, 'param', param.node, n);
    const pat = lam.pattern();
    if (pat) {
      for (const e of pat.entries()) {
        const id = e.name();
        if (id && id.name) this.define(s, id.name, 'formal', id.node, e.node, { value: e.default() });
      }
      const b = pat.bind();
      if (b && b.name && !s.defs.has(b.name)) this.define(s, b.name, 'pattern-at', b.node, b.node.parent ?? pat.node);
      for (const e of pat.entries()) {
        const d = e.default();
        if (d) this.visit(d, s, withs);
      }
    }
    for (const c of n.childNodes()) {
      if (c.kind === K.Pattern || c === param?.node) continue;
      this.visit(c, s, withs);
    }
  }

  /**
   * A binding list: `let`, `rec { }`, `let { }` (with `inner` the new scope) or a
   * plain `{ }` (no inner scope: everything resolves outside).
   */
  private bindings(n: SyntaxNode, inner: Scope | undefined, outer: Scope | undefined, withs: SyntaxNode[], kind: DefinitionKind | undefined): void {
    const here = inner ?? outer;
    if (inner && kind) {
      for (const c of n.childNodes()) {
        if (c.kind === K.Binding) {
          const b = new Binding(c);
          const first = b.attrPath()?.parts()[0];
          const name = first?.name;
          if (first && name !== undefined && first.kind !== 'dynamic')
            this.define(inner, name, kind, first.node, c, (b.attrPath()?.parts().length ?? 0) === 1 ? { value: b.value() } : {});
        } else if (c.kind === K.Inherit_) {
          const inh = new Inherit(c);
          const from = inh.from();
          for (const at of inh.attrs()) {
            const name = at.name;
            if (name !== undefined && at.kind !== 'dynamic')
              this.define(inner, name, kind, at.node, c, { inherited: from ? 'from' : 'plain' });
          }
        }
      }
    }
    const merged = this.mergedIntoRec(n, here);
    for (const c of n.childNodes()) {
      if (c.kind === K.Binding) {
        const m = merged.get(c);
        if (m && m.setValue) this.bindings(m.setValue, undefined, m.scope, withs, undefined);
        else for (const cc of c.childNodes()) this.visit(cc, m ? m.scope : here, withs);
      } else if (c.kind === K.Inherit_) {
        // `inherit x;` reads x from outside the set; `inherit (e) x;` evaluates e inside it
        this.inherit(c, outer, here, withs);
      } else this.visit(c, here, withs);
    }
  }

  /**
   * Nix merges `a.b = v;` and `a = { b = v; };` into an earlier `a = rec { ... };`
   * of the same binding list: `b` becomes an attribute of that recursive set
   * and `v` is evaluated inside it. Returns those bindings with the rec scope.
   */
  private mergedIntoRec(n: SyntaxNode, here: Scope | undefined): Map<SyntaxNode, { scope: Scope; setValue?: SyntaxNode }> {
    const out = new Map<SyntaxNode, { scope: Scope; setValue?: SyntaxNode }>();
    const recs = new Map<string, Scope>();
    const plain = new Set<string>();
    for (const c of n.childNodes()) {
      if (c.kind !== K.Binding) continue;
      const b = new Binding(c);
      const parts = b.attrPath()?.parts() ?? [];
      const head = parts[0];
      const name = head && head.kind !== 'dynamic' ? head.name : undefined;
      if (name === undefined) continue;
      const value = unparen(b.value());
      const target = recs.get(name);
      if (!target) {
        const isSet = value && value.kind === K.AttrSet;
        if (parts.length === 1 && isSet && value.token(K.Rec)) {
          // merged into an earlier plain `name.x = ...`, a `rec` set is plain too
          if (plain.has(name)) this.derec.add(value);
          else recs.set(name, this.a.scopeOf.get(value) ?? this.newScope('rec', value, here));
        } else if (parts.length > 1 || isSet) plain.add(name);
        continue;
      }
      if (parts.length >= 2) {
        const second = parts[1]!;
        if (second.kind !== 'dynamic' && second.name !== undefined)
          this.define(target, second.name, 'rec', second.node, c, parts.length === 2 ? { value: b.value() } : {});
        out.set(c, { scope: target });
      } else if (value && value.kind === K.AttrSet) {
        for (const inner of value.childNodes()) {
          if (inner.kind !== K.Binding) continue;
          const first = new Binding(inner).attrPath()?.parts()[0];
          if (first && first.kind !== 'dynamic' && first.name !== undefined) this.define(target, first.name, 'rec', first.node, inner);
        }
        out.set(c, { scope: target, setValue: value });
      }
    }
    return out;
  }

  private inherit(n: SyntaxNode, outer: Scope | undefined, here: Scope | undefined, withs: SyntaxNode[]): void {
    const inh = new Inherit(n);
    const fromNode = n.node(K.InheritFrom);
    if (fromNode) {
      for (const c of fromNode.childNodes()) this.visit(c, here, withs);
      for (const at of inh.attrs()) if (at.kind === 'dynamic') this.visit(at.node, here, withs);
      return;
    }
    for (const at of inh.attrs()) {
      if (!isAttrNameNode(at.node)) continue;
      const name = at.name;
      if (name !== undefined && at.kind !== 'dynamic') this.pending.push(() => this.reference(at.node, name, outer, withs, n));
      else this.visit(at.node, here, withs);
    }
  }
}

// ------------------------------------------------------------------ queries

export { attrStaticName };

/** The identifier-like name node (IdentExpr, or a String attr name) at or just before `offset`. */
export function nameNodeAt(a: Analysis, offset: number): SyntaxNode | undefined {
  for (const o of [offset, offset - 1]) {
    if (o < 0) continue;
    const n = identOrAttrAt(a, o);
    if (n) return n;
  }
  return undefined;
}

function identOrAttrAt(a: Analysis, offset: number): SyntaxNode | undefined {
  const t = tokenAt(a.tree, offset);
  if (!t || offset < t.start || offset >= t.end) return undefined;
  const p = t.parent;
  if (!p) return undefined;
  if ((t.kind === K.Ident || t.kind === K.OrKw) && p.kind === K.IdentExpr) return p;
  // `"x" = 1;` in a let, or `inherit "x";`
  if ((t.kind === K.StrFragment || t.kind === K.Quote) && (a.definitionOfName.has(p) || a.referenceOfNode.has(p))) return p;
  return undefined;
}

export interface SymbolAt {
  node: SyntaxNode;
  range: TextRange;
  name: string;
  /** The definition this name writes (e.g. the `x` of `x = 1;`). */
  defines?: Definition;
  /** The reference this name makes (an `inherit x;` name does both). */
  reference?: Reference;
}

/** The variable name under the cursor, with what it defines and/or references. */
export function symbolAt(a: Analysis, offset: number): SymbolAt | undefined {
  const node = nameNodeAt(a, offset);
  if (!node) return undefined;
  const defines = a.definitionOfName.get(node);
  const reference = a.referenceOfNode.get(node);
  if (!defines && !reference) return undefined;
  const name = defines?.name ?? reference!.name;
  const out: SymbolAt = { node, range: range(node), name };
  if (defines) out.defines = defines;
  if (reference) out.reference = reference;
  return out;
}

/** The definition a symbol stands for: what it defines, else what it refers to. */
export function targetDefinition(s: SymbolAt): Definition | undefined {
  if (s.defines) return s.defines;
  return s.reference?.resolution.kind === 'local' ? s.reference.resolution.definition : undefined;
}

export interface NameInScope {
  name: string;
  definition?: Definition;
  builtin?: boolean;
}

/**
 * Names visible at `offset`, innermost first (a shadowed name appears once),
 * and whether a `with` is active there.
 */
export function scopeAt(a: Analysis, offset: number): { names: NameInScope[]; withs: SyntaxNode[] } {
  // in whitespace, the token before it decides (`let a = 1; in |` is inside the let)
  while (offset > 0) {
    const t = tokenAt(a.tree, offset - 1);
    if (t && t.kind <= K.BlockComment && t.start < offset && t.end >= offset) offset = t.start;
    else break;
  }
  const path: SyntaxNode[] = [];
  let n: SyntaxNode = a.tree;
  path.push(n);
  for (;;) {
    const next = childAround(n, offset);
    if (!next) break;
    path.push(next);
    n = next;
  }
  const seen = new Set<string>();
  const names: NameInScope[] = [];
  const withs: SyntaxNode[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    const child = path[i + 1];
    if (node.kind === K.WithExpr) {
      const semi = node.token(K.Semicolon);
      if (semi && offset >= semi.end) withs.push(node);
      continue;
    }
    const s = a.scopeOf.get(node);
    if (!s) continue;
    // `inherit x;` looks outside the binding list it is in
    if (child && child.kind === K.Inherit_ && s.kind !== 'lambda') {
      const from = child.node(K.InheritFrom);
      if (!from || offset < from.start || offset > from.end) continue;
    }
    for (const d of s.defs.values()) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      names.push({ name: d.name, definition: d });
    }
  }
  return { names, withs };
}

// The last child node containing offset, or ending at it without a closing token. Binary search:
// attribute sets can have thousands of children.
function childAround(n: SyntaxNode, offset: number): SyntaxNode | undefined {
  const cs = n.children;
  let lo = 0,
    hi = cs.length - 1,
    idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cs[mid]!.start <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = idx; i >= 0; i--) {
    const c = cs[i]!;
    if (c.end < offset) break;
    if (c instanceof SyntaxNode && (offset < c.end || !closed(c))) return c;
  }
  return undefined;
}

// Whether a node ends with a closing token, so an offset at its end is outside it.
function closed(n: SyntaxNode): boolean {
  const last = n.children[n.children.length - 1];
  if (!last) return false;
  if (last instanceof SyntaxToken)
    return [K.RBrace, K.RBrack, K.RParen, K.Quote, K.IndQuote, K.InterpEnd, K.Semicolon].includes(last.kind);
  return closed(last);
}

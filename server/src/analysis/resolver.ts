// Name resolution over the syntax tree: which definition each variable
// reference means. Pure: text in, plain data out. Follows Nix's static
// scoping: lexical bindings always win over `with`, whose names are only
// known at run time; the base environment (builtins) is outermost.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, parse, attrStaticName, ownString, type ParseResult } from '../syntax/index.js';
import { globalName } from './baseEnvironment.js';
import {
  Def,
  Ref,
  keepSeenNodes,
  syntaxOnly,
  type Analysis,
  type Definition,
  type DefinitionKind,
  type Resolution,
  type Scope,
  type ScopeKind,
  type SeenNodes,
  type WithInfo,
} from './model.js';
import { IS_EXPR, exprAfter, firstExpr, isInheritAttr, isPathPart, stripParens } from './treeReads.js';

export function analyze(text: string, parsed?: ParseResult): Analysis {
  const p = parsed ?? parse(text);
  const a = syntaxOnly(text, p);
  const r = new Resolver(a);
  r.run(p.tree);
  keepSeenNodes(a, r.seen);
  return a;
}

/**
 * The name an IdentExpr spells (`Ident(n).name`). The parser makes an
 * IdentExpr of exactly one Ident or OrKw token (`open; bump; close`, only ever
 * with one of those current), so that is the node's own text: reading it
 * there spares touching (or, on a fresh tree, making) the token. A string of
 * its own (ownString): definitions and references keep their names for as
 * long as their part of the file is not analysed again, and a name of 13
 * characters or more cut from the text would keep that version of the whole
 * text alive (620 KB on the benchmark's file): one more for every place typed at.
 */
function identName(text: string, n: SyntaxNode): string {
  return ownString(text.slice(n.start, n.end));
}

/** `Attr(n).name`: the static name of an attribute-name node, if it has one (its own string, as identName's). */
function attrName(text: string, n: SyntaxNode): string | undefined {
  if (n.kind === K.IdentExpr) return identName(text, n);
  const name = attrStaticName(n);
  return name === undefined ? undefined : ownString(name);
}

/** The kinds with a case of their own in Resolver.handle (the others only have their children handled). */
const HANDLED: Uint8Array = (() => {
  const t = new Uint8Array(IS_EXPR.length);
  for (const k of [K.IdentExpr, K.Lambda, K.LetIn, K.LegacyLet, K.AttrSet, K.WithExpr, K.AttrPath, K.Inherit_, K.UriExpr]) t[k] = 1;
  return t;
})();

/**
 * Kinds whose only child nodes are interpolations (the parser's
 * parseStringParts, parsePathParts) or that hold one token (a number, a
 * `<path>`): with no `$` in their text (no `${`), there is nothing in them
 * to handle, which the text tells without touching their children.
 */
const INTERPOLATED_ONLY: Uint8Array = (() => {
  const t = new Uint8Array(IS_EXPR.length);
  for (const k of [K.String, K.IndString, K.Path, K.Literal, K.SearchPathExpr]) t[k] = 1;
  return t;
})();

/**
 * Whether an AttrSet is `rec` (has a Rec token). The parser opens an
 * AttrSet at its `rec` or `{` and puts stray tokens in Error nodes, so a Rec
 * token can only be its first child, which starts the node's text.
 */
function isRecSet(text: string, n: SyntaxNode): boolean {
  return text.charCodeAt(n.start) === 114 /* r */;
}

/** Whether a `"` or a `$` is in the node's text. */
function hasQuoteOrDollar(text: string, n: SyntaxNode): boolean {
  for (let i = n.start, end = n.end; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */ || ch === 36 /* $ */) return true;
  }
  return false;
}

/** Whether a `$` is in the node's text. */
function hasDollar(text: string, n: SyntaxNode): boolean {
  for (let i = n.start, end = n.end; i < end; i++) if (text.charCodeAt(i) === 36 /* $ */) return true;
  return false;
}

/** Sites past this many get a Set, so `x.a = 1; x.b = 2; ...` stays linear. */
const SITE_SET_MIN = 8;

/**
 * One run of name resolution, over a whole tree (analyze) or over the
 * subtrees an edit replaced (reanalysis.ts): adds the scopes, definitions,
 * references and `with`s it finds to the analysis it is given.
 */
export class Resolver {
  /** Filled as `with`s are met; re-analysis seeds it with the known ones. */
  readonly withInfo = new Map<SyntaxNode, WithInfo>();
  /** `rec` sets Nix merges into a plain set, losing their recursion. */
  private derec = new Set<SyntaxNode>();
  /** The sites of definitions with many of them, for a fast duplicate check. */
  private siteSets = new Map<Definition, Set<SyntaxNode>>();
  readonly seen: SeenNodes = { letIns: [], legacyLets: [], inherits: [], uris: [], unvisited: [], skip: [] };

  // The work stack (see runFrom) as parallel arrays: no closure or tuple per node.
  private qNode: Array<SyntaxNode | undefined> = [];
  private qScope: Array<Scope | undefined> = [];
  private qWiths: Array<SyntaxNode[] | undefined> = [];
  /** Set for an `inherit` name to resolve rather than a node to handle. */
  private qName: Array<string | undefined> = [];
  private qTop = 0;

  // What pathParts found: the first two parts of a binding's attribute path
  // and how many there are. Fields, so the hot loop allocates nothing; read
  // them right after the call.
  private part0: SyntaxNode | undefined;
  private part1: SyntaxNode | undefined;
  private partCount = 0;

  /** The text being analysed (the analysis's, already the new version's when re-analysing). */
  private readonly text: string;

  constructor(private a: Analysis) {
    this.text = a.text;
  }

  /** The parts of a Binding's AttrPath (`new Binding(b).attrPath()?.parts() ?? []`), into part0, part1, partCount. */
  private pathParts(binding: SyntaxNode): void {
    let part0: SyntaxNode | undefined;
    let part1: SyntaxNode | undefined;
    let count = 0;
    const path = binding.node(K.AttrPath);
    if (path) {
      const cs = path.children;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        if (c instanceof SyntaxNode && isPathPart(c.kind)) {
          if (count === 0) part0 = c;
          else if (count === 1) part1 = c;
          count++;
        }
      }
    }
    this.part0 = part0;
    this.part1 = part1;
    this.partCount = count;
  }

  /** A subtree the resolver does not look into. */
  private unvisited(n: SyntaxNode, skip?: SyntaxNode): void {
    this.seen.unvisited.push(n);
    this.seen.skip.push(skip);
  }

  /** The child nodes of `n`, which the resolver does not look into (IdentExprs have none). */
  private unvisitedChildren(n: SyntaxNode): void {
    const cs = n.children;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode) this.unvisited(c);
    }
  }

  private newScope(kind: ScopeKind, node: SyntaxNode, parent: Scope | undefined): Scope {
    const s: Scope = { kind, node, defs: new Map(), parent };
    this.a.scopes.push(s);
    this.a.scopeOf.set(node, s);
    return s;
  }

  /**
   * Defines `name`. The new definition gets `value` only when `hasValue`
   * (a single `x = value;` or a formal) and `inherited` when given.
   */
  private define(
    scope: Scope,
    name: string,
    kind: DefinitionKind,
    nameNode: SyntaxNode,
    site: SyntaxNode,
    hasValue: boolean,
    value: SyntaxNode | undefined,
    inherited?: 'plain' | 'from',
  ): Definition {
    let d = scope.defs.get(name);
    if (d) {
      // `x.a = 1; x.b = 2;` (or a duplicate, which the parser reports)
      d.nameNodes.push(nameNode);
      const sites = d.sites;
      if (sites[sites.length - 1] !== site) {
        if (sites.length < SITE_SET_MIN) {
          if (!sites.includes(site)) sites.push(site);
        } else {
          let set = this.siteSets.get(d);
          if (!set) this.siteSets.set(d, (set = new Set(sites)));
          if (!set.has(site)) {
            set.add(site);
            sites.push(site);
          }
        }
      }
      d.value = undefined;
    } else {
      d = new Def(Def.nextId(), name, kind, nameNode, site, scope);
      if (inherited !== undefined) d.inherited = inherited;
      if (hasValue) d.value = value;
      scope.defs.set(name, d);
      this.a.definitions.push(d);
    }
    this.a.definitionOfName.set(nameNode, d);
    return d;
  }

  private reference(node: SyntaxNode, name0: string, scope: Scope | undefined, withs: SyntaxNode[], inherit: SyntaxNode | undefined): void {
    if (name0 === '') return; // a broken identifier
    const resolution = resolve(name0, scope, withs);
    const r = new Ref(storedName(name0, resolution), node, resolution, withs, scope);
    if (inherit) r.inherit = inherit;
    this.a.references.push(r);
    this.a.referenceOfNode.set(node, r);
    if (resolution.kind === 'local') resolution.definition.references.push(r);
    else if (resolution.kind === 'with') for (const w of withs) this.withInfo.get(w)?.references.push(r);
  }

  // Work is queued rather than recursed into: `a + b + c + ...` nests as deep
  // as it is long. Each handler queues its work in source order; after the
  // handler, what it queued is reversed so the stack pops it first-to-last.

  run(root: SyntaxNode): void {
    this.runFrom([root], undefined, []);
  }

  /** Resolves `nodes` (and all below them) as seen from `scope` inside `withs`. */
  runFrom(nodes: readonly SyntaxNode[], scope: Scope | undefined, withs: SyntaxNode[]): void {
    const qNode = this.qNode,
      qScope = this.qScope,
      qWiths = this.qWiths,
      qName = this.qName;
    const base0 = this.qTop;
    for (let i = nodes.length - 1; i >= 0; i--) this.visit(nodes[i]!, scope, withs);
    while (this.qTop > base0) {
      const top = --this.qTop;
      const n = qNode[top]!;
      const scope = qScope[top];
      const withs = qWiths[top]!;
      const name = qName[top];
      // `inherit x;`'s names are queued with their name, to resolve outside the set
      if (name !== undefined) {
        this.reference(n, name, scope, withs, n.parent!);
        continue;
      }
      if (HANDLED[n.kind] !== 1) {
        // the default handler: the child nodes, queued last-first right away
        if (INTERPOLATED_ONLY[n.kind] === 1 && !hasDollar(this.text, n)) continue;
        const cs = n.children;
        for (let i = cs.length - 1; i >= 0; i--) {
          const c = cs[i]!;
          if (c instanceof SyntaxNode) this.visit(c, scope, withs);
        }
        continue;
      }
      const base = this.qTop;
      this.handle(n, scope, withs);
      for (let i = base, j = this.qTop - 1; i < j; i++, j--) {
        const tn = qNode[i];
        qNode[i] = qNode[j];
        qNode[j] = tn;
        const ts = qScope[i];
        qScope[i] = qScope[j];
        qScope[j] = ts;
        const tw = qWiths[i];
        qWiths[i] = qWiths[j];
        qWiths[j] = tw;
        const tm = qName[i];
        qName[i] = qName[j];
        qName[j] = tm;
      }
    }
  }

  private visit(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    const top = this.qTop++;
    this.qNode[top] = n;
    this.qScope[top] = scope;
    this.qWiths[top] = withs;
    this.qName[top] = undefined;
  }

  /** Queues the resolution of a name of `inherit x;` (`n`, whose parent is the inherit). */
  private queueReference(n: SyntaxNode, name: string, scope: Scope | undefined, withs: SyntaxNode[]): void {
    const top = this.qTop++;
    this.qNode[top] = n;
    this.qScope[top] = scope;
    this.qWiths[top] = withs;
    this.qName[top] = name;
  }

  /** Queues every child node. */
  private visitChildren(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    const cs = n.children;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode) this.visit(c, scope, withs);
    }
  }

  /**
   * What handling an AttrPath queues: static names are attribute names, not
   * variables. Those names are not looked into, and not listed as unvisited
   * either: the parser makes an IdentExpr of exactly its identifier token
   * (`open; bump; close`), so there is nothing in them, and skipping them
   * spares touching tens of thousands of tokens in a large file.
   */
  private visitAttrPath(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    // The parser builds an AttrPath of names and dots only (parseAttrPath):
    // IdentExprs, and Strings and Dynamics, which start with `"` and `${`.
    // Without either character in its text there is nothing to queue, which
    // the text tells without touching (or, on a fresh tree, making) its children.
    if (!hasQuoteOrDollar(this.text, n)) return;
    const cs = n.children;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode && c.kind !== K.IdentExpr) this.visit(c, scope, withs);
    }
  }

  private handle(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    switch (n.kind) {
      case K.IdentExpr:
        // (it holds nothing but its token: see identName)
        return this.reference(n, identName(this.text, n), scope, withs, undefined);
      case K.Lambda:
        return this.lambda(n, scope, withs);
      case K.LetIn:
        this.seen.letIns.push(n);
        return this.bindings(n, this.newScope('let', n, scope), scope, withs, 'let');
      case K.LegacyLet:
        this.seen.legacyLets.push(n);
        return this.bindings(n, this.newScope('legacy-let', n, scope), scope, withs, 'legacy-let');
      case K.AttrSet:
        if (isRecSet(this.text, n) && !this.derec.has(n)) return this.bindings(n, this.a.scopeOf.get(n) ?? this.newScope('rec', n, scope), scope, withs, 'rec');
        return this.bindings(n, undefined, scope, withs, undefined);
      case K.WithExpr: {
        const info: WithInfo = { node: n, references: [] };
        this.a.withs.push(info);
        this.withInfo.set(n, info);
        let afterSemi = false;
        const cs = n.children;
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c instanceof SyntaxToken) {
            if (c.kind === K.Semicolon) afterSemi = true;
          } else this.visit(c, scope, afterSemi ? [n, ...withs] : withs);
        }
        return;
      }
      case K.AttrPath:
        return this.visitAttrPath(n, scope, withs);
      case K.Inherit_:
        // only reached for an inherit outside a binding list (error recovery)
        return this.inherit(n, scope, scope, withs);
      case K.UriExpr:
        this.seen.uris.push(n);
        return this.visitChildren(n, scope, withs);
      default:
        return this.visitChildren(n, scope, withs);
    }
  }

  private lambda(n: SyntaxNode, outer: Scope | undefined, withs: SyntaxNode[]): void {
    const s = this.newScope('lambda', n, outer);
    // the plain parameter is an IdentExpr before the colon (the body may be one too)
    const colon = n.token(K.Colon);
    const cs = n.children;
    let paramNode: SyntaxNode | undefined;
    let pat: SyntaxNode | undefined;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!(c instanceof SyntaxNode)) continue;
      if (!paramNode && c.kind === K.IdentExpr && (!colon || c.end <= colon.start)) paramNode = c;
      else if (!pat && c.kind === K.Pattern) pat = c;
    }
    if (paramNode) {
      this.unvisited(paramNode);
      const name = identName(this.text, paramNode);
      if (name) this.define(s, name, 'param', paramNode, n, false, undefined);
    }
    if (pat) {
      const ps = pat.children;
      for (let i = 0; i < ps.length; i++) {
        const e = ps[i]!;
        if (!(e instanceof SyntaxNode) || e.kind !== K.PatEntry) continue;
        const id = e.node(K.IdentExpr);
        const name = id ? identName(this.text, id) : '';
        if (id && name) this.define(s, name, 'formal', id, e, true, exprAfter(e, K.Question));
      }
      const b = pat.node(K.PatBind)?.node(K.IdentExpr);
      if (b) {
        const name = identName(this.text, b);
        if (name && !s.defs.has(name)) this.define(s, name, 'pattern-at', b, b.parent ?? pat, false, undefined);
      }
      for (let i = 0; i < ps.length; i++) {
        const e = ps[i]!;
        if (!(e instanceof SyntaxNode)) continue;
        if (e.kind !== K.PatEntry) {
          this.unvisited(e);
          continue;
        }
        const d = exprAfter(e, K.Question);
        if (d) this.visit(d, s, withs);
        // all of the entry but its default (its name, say)
        const es = e.children;
        for (let j = 0; j < es.length; j++) {
          const x = es[j]!;
          if (x instanceof SyntaxNode && x !== d) this.unvisited(x);
        }
      }
    }
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!(c instanceof SyntaxNode) || c === paramNode) continue;
      if (c.kind === K.Pattern) {
        if (c !== pat) this.unvisited(c);
        continue;
      }
      this.visit(c, s, withs);
    }
  }

  /**
   * A binding list: `let`, `rec { }`, `let { }` (with `inner` the new scope) or a
   * plain `{ }` (no inner scope: everything resolves outside).
   */
  private bindings(n: SyntaxNode, inner: Scope | undefined, outer: Scope | undefined, withs: SyntaxNode[], kind: DefinitionKind | undefined): void {
    const here = inner ?? outer;
    const cs = n.children;
    if (inner && kind) {
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        if (!(c instanceof SyntaxNode)) continue;
        if (c.kind === K.Binding) {
          this.pathParts(c);
          const first = this.part0;
          // `${"a"}` is a static name to Nix, a definition like `a` (attrName reads it; a
          // truly dynamic name gives undefined)
          if (first) {
            const name = attrName(this.text, first);
            const single = this.partCount === 1;
            if (name !== undefined) this.define(inner, name, kind, first, c, single, single ? exprAfter(c, K.Assign) : undefined);
          }
        } else if (c.kind === K.Inherit_) {
          const fromNode = c.node(K.InheritFrom);
          const inherited = fromNode && firstExpr(fromNode) ? 'from' : 'plain';
          const ics = c.children;
          for (let j = 0; j < ics.length; j++) {
            const at = ics[j]!;
            if (!(at instanceof SyntaxNode) || !isInheritAttr(at.kind) || at.kind === K.Dynamic) continue;
            const name = attrName(this.text, at);
            if (name !== undefined) this.define(inner, name, kind, at, c, false, undefined, inherited);
          }
        }
      }
    }
    // Bindings can only merge into a `rec` set bound earlier in the list, so
    // mergedIntoRec runs (once) after the first binding whose value is one:
    // what this loop did before is only queued, so nothing sees the difference.
    let merged: Map<SyntaxNode, { scope: Scope; setValue?: SyntaxNode }> | undefined;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!(c instanceof SyntaxNode)) continue;
      if (c.kind === K.Binding) {
        const m = merged?.get(c);
        if (m && m.setValue) {
          // the set's bindings are handled as the rec set's; the rest of the binding is not looked into
          this.unvisited(c, m.setValue);
          this.bindings(m.setValue, undefined, m.scope, withs, undefined);
        } else {
          const s = m ? m.scope : here;
          const bcs = c.children;
          let afterAssign = false;
          let value: SyntaxNode | undefined;
          for (let j = 0; j < bcs.length; j++) {
            const cc = bcs[j]!;
            if (!(cc instanceof SyntaxNode)) {
              if (cc.kind === K.Assign) afterAssign = true;
              continue;
            }
            if (afterAssign && value === undefined && IS_EXPR[cc.kind] === 1) value = cc;
            // an AttrPath's handler only queues its parts: queue them directly
            if (cc.kind === K.AttrPath) this.visitAttrPath(cc, s, withs);
            else this.visit(cc, s, withs);
          }
          if (merged === undefined && value !== undefined) {
            const v = stripParens(value);
            if (v && v.kind === K.AttrSet && isRecSet(this.text, v)) merged = this.mergedIntoRec(n, here);
          }
        }
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
    for (const c of n.children) {
      if (!(c instanceof SyntaxNode) || c.kind !== K.Binding) continue;
      this.pathParts(c);
      const head = this.part0,
        second = this.part1,
        count = this.partCount;
      const name = head ? attrName(this.text, head) : undefined;
      if (name === undefined) continue;
      const value = stripParens(exprAfter(c, K.Assign));
      const target = recs.get(name);
      if (!target) {
        const isSet = value && value.kind === K.AttrSet;
        if (count === 1 && isSet && isRecSet(this.text, value)) {
          // merged into an earlier plain `name.x = ...`, a `rec` set is plain too
          if (plain.has(name)) this.derec.add(value);
          else recs.set(name, this.a.scopeOf.get(value) ?? this.newScope('rec', value, here));
        } else if (count > 1 || isSet) plain.add(name);
        continue;
      }
      if (count >= 2) {
        const secondName = attrName(this.text, second!);
        if (secondName !== undefined) this.define(target, secondName, 'rec', second!, c, count === 2, count === 2 ? exprAfter(c, K.Assign) : undefined);
        out.set(c, { scope: target });
      } else if (value && value.kind === K.AttrSet) {
        for (const inner of value.children) {
          if (!(inner instanceof SyntaxNode) || inner.kind !== K.Binding) continue;
          this.pathParts(inner);
          const first = this.part0;
          if (first) {
            const firstName = attrName(this.text, first);
            if (firstName !== undefined) this.define(target, firstName, 'rec', first, inner, false, undefined);
          }
        }
        out.set(c, { scope: target, setValue: value });
      }
    }
    return out;
  }

  private inherit(n: SyntaxNode, outer: Scope | undefined, here: Scope | undefined, withs: SyntaxNode[]): void {
    this.seen.inherits.push(n);
    const fromNode = n.node(K.InheritFrom);
    const cs = n.children;
    if (fromNode) {
      this.visitChildren(fromNode, here, withs);
      for (let i = 0; i < cs.length; i++) {
        const at = cs[i]!;
        if (!(at instanceof SyntaxNode) || at === fromNode) continue;
        if (at.kind === K.Dynamic) this.visit(at, here, withs);
        else this.unvisited(at);
      }
      return;
    }
    for (let i = 0; i < cs.length; i++) {
      const at = cs[i]!;
      if (!(at instanceof SyntaxNode)) continue;
      if (!isInheritAttr(at.kind)) {
        this.unvisited(at);
        continue;
      }
      const name = at.kind !== K.Dynamic ? attrName(this.text, at) : undefined;
      if (name !== undefined) {
        this.unvisitedChildren(at);
        this.queueReference(at, name, outer, withs);
      } else this.visit(at, here, withs);
    }
  }
}

/**
 * What `name` means from `scope` inside `withs`: the innermost definition,
 * else a builtin, else a `with`, else nothing.
 */
export function resolve(name: string, scope: Scope | undefined, withs: SyntaxNode[]): Resolution {
  for (let s = scope; s; s = s.parent) {
    const d = s.defs.get(name);
    if (d) return { kind: 'local', definition: d };
  }
  const global = globalName(name);
  if (global !== undefined) return { kind: 'builtin', name: global };
  if (withs.length > 0) return { kind: 'with', withs };
  return { kind: 'undefined' };
}

/**
 * `name` as the analysis already stores it when `resolution` found it (a
 * definition's or builtin's string), so it holds one string per name, not
 * one per reference.
 */
export function storedName(name: string, resolution: Resolution): string {
  if (resolution.kind === 'local') return resolution.definition.name;
  if (resolution.kind === 'builtin') return resolution.name;
  return name;
}

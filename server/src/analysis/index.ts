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
  EXPR_KINDS,
  bindsRecSet,
  bindsRec,
  lastStartingBy,
  type ParseResult,
} from '../syntax/index.js';
import type { TextRange } from '../syntax/index.js';
import { globalName } from './globals.js';

export { isGlobalName, GLOBAL_NAMES } from './globals.js';

export type DefinitionKind =
  | 'let' // `let x = ...; in`
  | 'rec' // `rec { x = ...; }`
  | 'legacy-let' // `let { x = ...; body = ...; }`
  | 'param' // `x: ...`
  | 'formal' // `{ x, ... }: ...`
  | 'pattern-at'; // `args@{ ... }: ...`

export interface Definition {
  /** Unique among the definitions of the analysis (not an index: an edit can drop some and add others). */
  id: number;
  name: string;
  kind: DefinitionKind;
  /** Where the name is first written (read from the node, so always where it is now). */
  readonly range: TextRange;
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
  /** The node's range (read from the node, so always where it is now). */
  readonly range: TextRange;
  resolution: Resolution;
  /** The `inherit` node when the reference is a name of `inherit x;` (no source). */
  inherit?: SyntaxNode;
  /** Enclosing `with` nodes, innermost first (also when the name resolved statically). */
  withs: SyntaxNode[];
  /** @internal The innermost scope the name was looked up from (see rebaseAnalysis). */
  scope: Scope | undefined;
  /** @internal Unique, and greater for a newer reference: what caches of results over references compare. */
  readonly serial: number;
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
  const a = syntaxOnly(text, p);
  const r = new Resolver(a);
  source = text;
  try {
    r.run(p.tree);
  } finally {
    source = '';
  }
  nodesOf.set(a, r.seen);
  return a;
}

/**
 * A tree with no names resolved: what the syntax-only features of a file over
 * the size limit read (outline, folding, selection, links, and semantic
 * tokens by syntax alone), for which no analysis is made.
 */
export function syntaxOnly(text: string, parsed: ParseResult): Analysis {
  return {
    text,
    parse: parsed,
    tree: parsed.tree,
    scopes: [],
    definitions: [],
    references: [],
    withs: [],
    scopeOf: new Map(),
    definitionOfName: new Map(),
    referenceOfNode: new Map(),
  };
}

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * kept the tree's shape (syntax/incremental.ts, `sameShape`): the same nodes,
 * moved, holding the same names, so resolution is unchanged and only the
 * ranges copied out of the nodes are read again. Updates `a` in place.
 */
export function rebaseAnalysis(a: Analysis, text: string, parsed: ParseResult, renamed: readonly SyntaxNode[] = []): Analysis | undefined {
  if (parsed.tree !== a.tree) throw new Error('rebaseAnalysis: not the same tree');
  // a changed identifier is re-resolved when it is a plain variable reference;
  // one that defines a name changes scopes: start over (undefined)
  const changed: Reference[] = [];
  for (const n of renamed) {
    const r = a.referenceOfNode.get(n);
    if (!r || r.inherit || a.definitionOfName.has(n) || n.end - n.start === 0) return undefined;
    changed.push(r);
  }
  a.text = text;
  a.parse = parsed;
  for (const r of changed) reresolve(a, r, text.slice(r.node.start, r.node.end));
  return a;
}

/** The nodes of a binding after its attribute path (its value, and what surrounds it). */
function bindingRest(b: SyntaxNode): SyntaxNode[] {
  return b.childNodes().filter((c) => c.kind !== K.AttrPath);
}

function isInside(n: SyntaxNode, root: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = n; p; p = p.parent) if (p === root) return true;
  return false;
}

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * replaced one binding (`old`) by another (`next`) with the same names
 * (syntax/incremental.ts, `replaced`): only the new binding's value is
 * resolved, from the scope and `with`s around it; what the old value
 * referred to and defined is dropped. Undefined, with `a` untouched, when a
 * value is a `rec` set, or could merge into one: analyse afresh then.
 * Updates `a` in place.
 */
export function reanalyzeBinding(a: Analysis, text: string, parsed: ParseResult, old: SyntaxNode, next: SyntaxNode): Analysis | undefined {
  if (parsed.tree !== a.tree || next.parent === null) return undefined;
  // a `rec` set value takes in its neighbours' attributes (mergedIntoRec), or is made plain by
  // them: what it defines does not lie inside it, so redoing it alone could not drop or add all of that
  if (bindsRec(old) || bindsRec(next)) return undefined;
  return redo(a, text, parsed, { oldRoots: bindingRest(old), newRoots: bindingRest(next), list: next.parent, first: next, site: [old, next] });
}

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * replaced a run of elements of a binding list (syntax/incremental.ts,
 * `replacedRun`), names and all, errors and all. Only for a plain attribute
 * set, whose names define no variables: what the old elements referred to
 * and defined is dropped and the new ones are resolved from the scope and
 * `with`s around the set. Undefined, with `a` untouched, when an element's
 * value is a `rec` set, or could merge into one.
 */
export function reanalyzeRun(a: Analysis, text: string, parsed: ParseResult, list: SyntaxNode, old: readonly SyntaxNode[], next: readonly SyntaxNode[]): Analysis | undefined {
  if (parsed.tree !== a.tree || next.length === 0 || list.kind !== K.AttrSet || list.token(K.Rec)) return undefined;
  if (old.some(bindsRec) || next.some(bindsRec)) return undefined;
  return redo(a, text, parsed, { oldRoots: old, newRoots: next, list, first: next[0]! });
}

interface Redo {
  /** The subtrees whose references go. */
  oldRoots: readonly SyntaxNode[];
  /** The subtrees resolved in their place. */
  newRoots: readonly SyntaxNode[];
  /** The binding list they sit in, and the first new element there. */
  list: SyntaxNode;
  first: SyntaxNode;
  /** A binding that gave way to another with the same names: its definitions move over. */
  site?: [SyntaxNode, SyntaxNode];
}

function redo(a: Analysis, text: string, parsed: ParseResult, w: Redo): Analysis | undefined {
  const { oldRoots, newRoots } = w;
  // the scope and withs the new subtrees are resolved in, as Resolver.bindings and handle(WithExpr) decide
  let scope: Scope | undefined;
  const withs: SyntaxNode[] = [];
  let child: SyntaxNode = w.first;
  for (let x: SyntaxNode | null = w.list; x; child = x, x = x.parent) {
    if (x.kind === K.AttrSet || x.kind === K.LetIn || x.kind === K.LegacyLet) {
      // a binding of this list may merge into a `rec` set of it (mergedIntoRec)
      if (bindsRecSet(x)) return undefined;
      if (x.kind === K.AttrSet && x.token(K.Rec) && !a.scopeOf.has(x)) return undefined;
    }
    if (scope === undefined) {
      const s = a.scopeOf.get(x);
      if (s) scope = s;
    }
    if (x.kind === K.WithExpr) {
      const semi = x.token(K.Semicolon);
      if (semi && child.start >= semi.end) withs.push(x);
    }
  }
  const seen = nodesOf.get(a);
  if (!seen) return undefined;

  // drop what the old subtrees referred to, and what they defined: the scopes
  // they open (with every reference to those, which lies inside them too),
  // their `with`s and `let`s
  const dropped = new Set<Reference>();
  const oldScopes = new Set<Scope>();
  const oldWiths = new Set<SyntaxNode>();
  const oldLets = new Set<SyntaxNode>();
  const stack = [...oldRoots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const r = a.referenceOfNode.get(n);
    if (r) {
      dropped.add(r);
      a.referenceOfNode.delete(n);
    }
    const s = a.scopeOf.get(n);
    if (s) {
      oldScopes.add(s);
      a.scopeOf.delete(n);
    }
    if (n.kind === K.WithExpr) oldWiths.add(n);
    else if (n.kind === K.LetIn || n.kind === K.LegacyLet) oldLets.add(n);
    for (const c of n.childNodes()) stack.push(c);
  }
  // (each list holds the old subtrees' part in one piece: the new part goes where it was)
  const defsAt = oldScopes.size === 0 ? -1 : dropWhere(a.definitions, (d) => oldScopes.has(d.scope));
  const scopesAt = oldScopes.size === 0 ? -1 : dropWhere(a.scopes, (s) => oldScopes.has(s));
  for (const s of oldScopes) for (const d of s.defs.values()) for (const n of d.nameNodes) a.definitionOfName.delete(n);
  const withsAt = oldWiths.size === 0 ? -1 : dropWhere(a.withs, (w) => oldWiths.has(w.node));
  const touched = new Set<Reference[]>();
  const listsOf = (res: Resolution): Reference[][] => {
    if (res.kind === 'local') return [res.definition.references];
    if (res.kind === 'with') return a.withs.filter((w) => res.withs.includes(w.node)).map((w) => w.references);
    return [];
  };
  for (const r of dropped) for (const list of listsOf(r.resolution)) touched.add(list);
  for (const list of touched) {
    let j = 0;
    for (let i = 0; i < list.length; i++) if (!dropped.has(list[i]!)) list[j++] = list[i]!;
    list.length = j;
  }
  let at = -1;
  if (dropped.size > 0) {
    let j = 0;
    for (let i = 0; i < a.references.length; i++) {
      const r = a.references[i]!;
      if (dropped.has(r)) {
        if (at < 0) at = j;
      } else a.references[j++] = r;
    }
    a.references.length = j;
  }
  const letInsAt = oldLets.size === 0 ? -1 : dropWhere(seen.letIns, (n) => oldLets.has(n));
  const legacyAt = oldLets.size === 0 ? -1 : dropWhere(seen.legacyLets, (n) => oldLets.has(n));
  for (const list of [seen.uris, seen.unvisited, seen.inherits]) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (!oldRoots.some((o) => isInside(list[i]!, o))) continue;
      list.splice(i, 1);
      if (list === seen.unvisited) seen.skip.splice(i, 1);
    }
  }
  // the definitions the binding makes keep their names; their site and value are the new ones
  if (w.site) {
    const [old, next] = w.site;
    for (const d of a.definitions) {
      const i = d.sites.indexOf(old);
      if (i < 0) continue;
      d.sites[i] = next;
      if (d.value !== undefined) d.value = exprAfter(next, K.Assign);
    }
  }

  a.text = text;
  a.parse = parsed;
  // (positions: ranges are read from the nodes, which moved with the edit)

  // resolve the new value
  const before = a.references.length;
  const defsBefore = a.definitions.length;
  const scopesBefore = a.scopes.length;
  const withsBefore = a.withs.length;
  const r = new Resolver(a);
  for (const w of a.withs) r.withInfo.set(w.node, w);
  source = text;
  try {
    r.runFrom(newRoots, scope, withs);
  } finally {
    source = '';
  }
  const added = a.references.splice(before);
  // no reference was there before: after the last one that starts before the binding
  if (at < 0) at = firstStartingFrom(a.references, w.first.start);
  insertAt(a.references, at, added);
  // the resolver pushed the new references at the end of each definition's and `with`'s
  // list: each goes where it belongs by position instead
  const grown = new Set<Reference[]>();
  for (const ref of added) for (const list of listsOf(ref.resolution)) grown.add(list);
  if (grown.size > 0) {
    const isNew = new Set(added);
    for (const list of grown) {
      let k = list.length;
      while (k > 0 && isNew.has(list[k - 1]!)) k--;
      const tail = list.splice(k).sort((x, y) => x.node.start - y.node.start);
      for (const r of tail) list.splice(firstStartingFrom(list, r.node.start + 1), 0, r);
    }
  }
  // what the new subtrees define goes after all that comes before them in the
  // resolver's order (which is the order of their nodes in the file) and
  // before all that comes after them
  const from = w.first.start;
  settle(a.definitions, defsBefore, defsAt, (d) => d.scope.node.start < from);
  settle(a.scopes, scopesBefore, scopesAt, (s) => s.node.start < from);
  settle(a.withs, withsBefore, withsAt, (x) => x.node.start < from);
  if (r.seen.letIns.length > 0) settleFrom(seen.letIns, r.seen.letIns, letInsAt, (n) => n.start < from);
  if (r.seen.legacyLets.length > 0) settleFrom(seen.legacyLets, r.seen.legacyLets, legacyAt, (n) => n.start < from);
  seen.uris.push(...r.seen.uris);
  seen.unvisited.push(...r.seen.unvisited);
  seen.skip.push(...r.seen.skip);
  if (r.seen.inherits.length > 0) {
    seen.inherits.push(...r.seen.inherits);
    seen.inherits.sort((x, y) => x.start - y.start);
  }
  return a;
}

/** Index of the first reference (in position order) starting at or after `offset`. */
function firstStartingFrom(refs: readonly Reference[], offset: number): number {
  return countBefore(refs, (r) => r.node.start < offset);
}

/** How many items `before` holds for, when those come first in `list`: by halving. */
function countBefore<T>(list: readonly T[], before: (x: T) => boolean): number {
  let lo = 0,
    hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Removes the items `drop` holds (one run of them); returns the index where they were. */
function dropWhere<T>(list: T[], drop: (x: T) => boolean): number {
  let at = -1,
    j = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (drop(x)) {
      if (at < 0) at = j;
    } else list[j++] = x;
  }
  list.length = j;
  return at;
}

/**
 * Moves what was pushed onto `list` from index `from` on to index `at`, or
 * when that is -1 (nothing was dropped) to just after the items `before`
 * holds for: those come first in the list, so they are found by halving.
 */
function settle<T>(list: T[], from: number, at: number, before: (x: T) => boolean): void {
  if (list.length === from) return;
  settleFrom(list, list.splice(from), at, before);
}

function settleFrom<T>(list: T[], added: readonly T[], at: number, before: (x: T) => boolean): void {
  insertAt(list, at < 0 ? countBefore(list, before) : at, added);
}

/** list.splice(at, 0, ...added), also for more items than a call takes arguments. */
function insertAt<T>(list: T[], at: number, added: readonly T[]): void {
  if (added.length < 4096) {
    list.splice(at, 0, ...added);
    return;
  }
  const tail = list.splice(at);
  for (const x of added) list.push(x);
  for (const x of tail) list.push(x);
}

/** Points `r` at what its new name means, keeping every list it is in ordered by position. */
function reresolve(a: Analysis, r: Reference, name: string): void {
  const listsOf = (res: Resolution): Reference[][] => {
    if (res.kind === 'local') return [res.definition.references];
    if (res.kind === 'with') return a.withs.filter((w) => res.withs.includes(w.node)).map((w) => w.references);
    return [];
  };
  for (const list of listsOf(r.resolution)) {
    const i = list.indexOf(r);
    if (i >= 0) list.splice(i, 1);
  }
  r.resolution = resolve(name, r.scope, r.withs);
  r.name = resolvedName;
  for (const list of listsOf(r.resolution)) {
    let i = list.length;
    while (i > 0 && list[i - 1]!.range.start > r.range.start) i--;
    list.splice(i, 0, r);
  }
}

/**
 * Nodes the resolver came across that diagnostics need too, so they can skip
 * walking the whole tree again. Every node of the tree is either handled by
 * the resolver (each LetIn, LegacyLet, Inherit_ and UriExpr it handles is
 * listed here, each WithExpr is in `Analysis.withs` and each `rec` set with a
 * scope in `Analysis.scopes`) or inside one of the `unvisited` subtrees, which
 * it never looks into (minus the `skip` subtree of the same index, when set),
 * or is the IdentExpr of an attribute name (which holds only its token).
 * @internal
 */
export interface SeenNodes {
  letIns: SyntaxNode[];
  legacyLets: SyntaxNode[];
  inherits: SyntaxNode[];
  uris: SyntaxNode[];
  unvisited: SyntaxNode[];
  skip: Array<SyntaxNode | undefined>;
}

const nodesOf = new WeakMap<Analysis, SeenNodes>();

/** What `analyze` saw while resolving (undefined for an Analysis it did not make). @internal */
export function seenNodes(a: Analysis): SeenNodes | undefined {
  return nodesOf.get(a);
}

const range = (n: { start: number; end: number }): TextRange => ({ start: n.start, end: n.end });

// Ranges are read from the nodes when asked: after an edit the nodes know
// where they are now, and nothing has to copy every range again.
class Def implements Definition {
  readonly nameNodes: SyntaxNode[];
  readonly sites: SyntaxNode[];
  readonly references: Reference[] = [];
  inherited?: 'plain' | 'from';
  value?: SyntaxNode;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly kind: DefinitionKind,
    nameNode: SyntaxNode,
    site: SyntaxNode,
    readonly scope: Scope,
  ) {
    this.nameNodes = [nameNode];
    this.sites = [site];
  }
  get range(): TextRange {
    return range(this.nameNodes[0]!);
  }
}

let serials = 0;
let defIds = 0;

class Ref implements Reference {
  inherit?: SyntaxNode;
  readonly serial = ++serials;
  constructor(
    public name: string,
    readonly node: SyntaxNode,
    public resolution: Resolution,
    readonly withs: SyntaxNode[],
    public scope: Scope | undefined,
  ) {}
  get range(): TextRange {
    return range(this.node);
  }
}

// The resolver runs on every keystroke over the whole file, so its hot paths
// read children directly instead of through the syntax views (which allocate
// a view object, and often an array, per call).

/** Expression kinds as a table indexed by kind (EXPR_KINDS without a Set lookup per child). */
const IS_EXPR: Uint8Array = (() => {
  let max = 0;
  for (const v of Object.values(K)) if (typeof v === 'number' && v > max) max = v;
  const t = new Uint8Array(max + 1);
  for (const k of EXPR_KINDS) t[k] = 1;
  return t;
})();

/** The text being analysed (set by `analyze` for the resolver's run). */
let source = '';

/**
 * The name an IdentExpr spells (`Ident(n).name`). The parser makes an
 * IdentExpr of exactly one Ident or OrKw token (`open; bump; close`, only ever
 * with one of those current), so that is the node's own text: reading it
 * there spares touching (or, on a fresh tree, making) the token.
 */
function identName(n: SyntaxNode): string {
  return source.slice(n.start, n.end);
}

/** `Attr(n).name`: the static name of an attribute-name node, if it has one. */
function attrName(n: SyntaxNode): string | undefined {
  return n.kind === K.IdentExpr ? identName(n) : attrStaticName(n);
}

/** A part of an AttrPath (`AttrPath.parts()`). */
function isPathPart(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic || k === K.IndString;
}

/** A name of an `inherit` (`Inherit.attrs()`). */
function isInheritAttr(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic;
}

/** The first expression child after the first child token of kind `after` (`exprsAfter(n, after)[0]`). */
function exprAfter(n: SyntaxNode, after: K): SyntaxNode | undefined {
  const cs = n.children;
  let seen = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c instanceof SyntaxToken) {
      if (c.kind === after) seen = true;
    } else if (seen && IS_EXPR[c.kind] === 1) return c;
  }
  return undefined;
}

/** The first expression child (`exprChildren(n)[0]`). */
function firstExpr(n: SyntaxNode): SyntaxNode | undefined {
  const cs = n.children;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c instanceof SyntaxNode && IS_EXPR[c.kind] === 1) return c;
  }
  return undefined;
}

/** `unparen`, without the array per level. */
function stripParens(n: SyntaxNode | undefined): SyntaxNode | undefined {
  while (n && n.kind === K.Paren) n = firstExpr(n);
  return n;
}

// What `pathParts` found: the first two parts of a binding's attribute path
// and how many there are. Module-level so the hot loop allocates nothing;
// read them right after the call.
let part0: SyntaxNode | undefined;
let part1: SyntaxNode | undefined;
let partCount = 0;

/** The parts of a Binding's AttrPath (`new Binding(b).attrPath()?.parts() ?? []`), into part0, part1, partCount. */
function pathParts(binding: SyntaxNode): void {
  part0 = part1 = undefined;
  partCount = 0;
  const path = binding.node(K.AttrPath);
  if (!path) return;
  const cs = path.children;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c instanceof SyntaxNode && isPathPart(c.kind)) {
      if (partCount === 0) part0 = c;
      else if (partCount === 1) part1 = c;
      partCount++;
    }
  }
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
function isRecSet(n: SyntaxNode): boolean {
  return source.charCodeAt(n.start) === 114 /* r */;
}

/** Whether a `"` or a `$` is in the node's text. */
function hasQuoteOrDollar(n: SyntaxNode): boolean {
  for (let i = n.start, end = n.end; i < end; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 34 /* " */ || ch === 36 /* $ */) return true;
  }
  return false;
}

/** Whether a `$` is in the node's text. */
function hasDollar(n: SyntaxNode): boolean {
  for (let i = n.start, end = n.end; i < end; i++) if (source.charCodeAt(i) === 36 /* $ */) return true;
  return false;
}

// The resolver's work stack (see Resolver.run), shared: `analyze` runs to
// completion, and only ever one at a time.
const qNode: Array<SyntaxNode | undefined> = [];
const qScope: Array<Scope | undefined> = [];
const qWiths: Array<SyntaxNode[] | undefined> = [];
/** Set for an `inherit` name to resolve rather than a node to handle. */
const qName: Array<string | undefined> = [];
let qTop = 0;

/** Sites past this many get a Set, so `x.a = 1; x.b = 2; ...` stays linear. */
const SITE_SET_MIN = 8;

class Resolver {
  /** Filled as `with`s are met; reanalyzeBinding seeds it with the known ones. */
  readonly withInfo = new Map<SyntaxNode, WithInfo>();
  /** `rec` sets Nix merges into a plain set, losing their recursion. */
  private derec = new Set<SyntaxNode>();
  /** The sites of definitions with many of them, for a fast duplicate check. */
  private siteSets = new Map<Definition, Set<SyntaxNode>>();
  readonly seen: SeenNodes = { letIns: [], legacyLets: [], inherits: [], uris: [], unvisited: [], skip: [] };
  constructor(private a: Analysis) {}

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
      d = new Def(++defIds, name, kind, nameNode, site, scope);
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
    const name = resolvedName;
    const r = new Ref(name, node, resolution, withs, scope);
    if (inherit) r.inherit = inherit;
    this.a.references.push(r);
    this.a.referenceOfNode.set(node, r);
    if (resolution.kind === 'local') resolution.definition.references.push(r);
    else if (resolution.kind === 'with') for (const w of withs) this.withInfo.get(w)?.references.push(r);
  }

  // Work is queued rather than recursed into: `a + b + c + ...` nests as deep
  // as it is long. Each handler queues its work in source order; after the
  // handler, what it queued is reversed so the stack pops it first-to-last.
  // The stack is the module's parallel arrays (no closure or tuple per node,
  // no regrowing them per file).

  run(root: SyntaxNode): void {
    this.runFrom([root], undefined, []);
  }

  /** Resolves `nodes` (and all below them) as seen from `scope` inside `withs`. */
  runFrom(nodes: readonly SyntaxNode[], scope: Scope | undefined, withs: SyntaxNode[]): void {
    const base0 = qTop;
    for (let i = nodes.length - 1; i >= 0; i--) this.visit(nodes[i]!, scope, withs);
    try {
      while (qTop > base0) {
        const top = --qTop;
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
          if (INTERPOLATED_ONLY[n.kind] === 1 && !hasDollar(n)) continue;
          const cs = n.children;
          for (let i = cs.length - 1; i >= 0; i--) {
            const c = cs[i]!;
            if (c instanceof SyntaxNode) this.visit(c, scope, withs);
          }
          continue;
        }
        const base = qTop;
        this.handle(n, scope, withs);
        for (let i = base, j = qTop - 1; i < j; i++, j--) {
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
    } finally {
      // drop what the stack still holds, so no tree stays reachable from it
      qNode.fill(undefined, base0);
      qScope.fill(undefined, base0);
      qWiths.fill(undefined, base0);
      qName.fill(undefined, base0);
      qTop = base0;
    }
  }

  private visit(n: SyntaxNode, scope: Scope | undefined, withs: SyntaxNode[]): void {
    const top = qTop++;
    qNode[top] = n;
    qScope[top] = scope;
    qWiths[top] = withs;
    qName[top] = undefined;
  }

  /** Queues the resolution of a name of `inherit x;` (`n`, whose parent is the inherit). */
  private queueReference(n: SyntaxNode, name: string, scope: Scope | undefined, withs: SyntaxNode[]): void {
    const top = qTop++;
    qNode[top] = n;
    qScope[top] = scope;
    qWiths[top] = withs;
    qName[top] = name;
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
    if (!hasQuoteOrDollar(n)) return;
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
        return this.reference(n, identName(n), scope, withs, undefined);
      case K.Lambda:
        return this.lambda(n, scope, withs);
      case K.LetIn:
        this.seen.letIns.push(n);
        return this.bindings(n, this.newScope('let', n, scope), scope, withs, 'let');
      case K.LegacyLet:
        this.seen.legacyLets.push(n);
        return this.bindings(n, this.newScope('legacy-let', n, scope), scope, withs, 'legacy-let');
      case K.AttrSet:
        if (isRecSet(n) && !this.derec.has(n)) return this.bindings(n, this.a.scopeOf.get(n) ?? this.newScope('rec', n, scope), scope, withs, 'rec');
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
      const name = identName(paramNode);
      if (name) this.define(s, name, 'param', paramNode, n, false, undefined);
    }
    if (pat) {
      const ps = pat.children;
      for (let i = 0; i < ps.length; i++) {
        const e = ps[i]!;
        if (!(e instanceof SyntaxNode) || e.kind !== K.PatEntry) continue;
        const id = e.node(K.IdentExpr);
        const name = id ? identName(id) : '';
        if (id && name) this.define(s, name, 'formal', id, e, true, exprAfter(e, K.Question));
      }
      const b = pat.node(K.PatBind)?.node(K.IdentExpr);
      if (b) {
        const name = identName(b);
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
          pathParts(c);
          const first = part0;
          if (first && first.kind !== K.Dynamic) {
            const name = attrName(first);
            const single = partCount === 1;
            if (name !== undefined) this.define(inner, name, kind, first, c, single, single ? exprAfter(c, K.Assign) : undefined);
          }
        } else if (c.kind === K.Inherit_) {
          const fromNode = c.node(K.InheritFrom);
          const inherited = fromNode && firstExpr(fromNode) ? 'from' : 'plain';
          const ics = c.children;
          for (let j = 0; j < ics.length; j++) {
            const at = ics[j]!;
            if (!(at instanceof SyntaxNode) || !isInheritAttr(at.kind) || at.kind === K.Dynamic) continue;
            const name = attrName(at);
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
            if (v && v.kind === K.AttrSet && isRecSet(v)) merged = this.mergedIntoRec(n, here);
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
      pathParts(c);
      const head = part0,
        second = part1,
        count = partCount;
      const name = head && head.kind !== K.Dynamic ? attrName(head) : undefined;
      if (name === undefined) continue;
      const value = stripParens(exprAfter(c, K.Assign));
      const target = recs.get(name);
      if (!target) {
        const isSet = value && value.kind === K.AttrSet;
        if (count === 1 && isSet && isRecSet(value)) {
          // merged into an earlier plain `name.x = ...`, a `rec` set is plain too
          if (plain.has(name)) this.derec.add(value);
          else recs.set(name, this.a.scopeOf.get(value) ?? this.newScope('rec', value, here));
        } else if (count > 1 || isSet) plain.add(name);
        continue;
      }
      if (count >= 2) {
        const secondName = second!.kind !== K.Dynamic ? attrName(second!) : undefined;
        if (secondName !== undefined) this.define(target, secondName, 'rec', second!, c, count === 2, count === 2 ? exprAfter(c, K.Assign) : undefined);
        out.set(c, { scope: target });
      } else if (value && value.kind === K.AttrSet) {
        for (const inner of value.children) {
          if (!(inner instanceof SyntaxNode) || inner.kind !== K.Binding) continue;
          pathParts(inner);
          const first = part0;
          if (first && first.kind !== K.Dynamic) {
            const firstName = attrName(first);
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
      const name = at.kind !== K.Dynamic ? attrName(at) : undefined;
      if (name !== undefined) {
        this.unvisitedChildren(at);
        this.queueReference(at, name, outer, withs);
      } else this.visit(at, here, withs);
    }
  }
}

/** The name `resolve` settled on (module-level so resolving allocates nothing more). */
let resolvedName = '';

/**
 * What `name` means from `scope` inside `withs`: the innermost definition,
 * else a builtin, else a `with`, else nothing. Sets resolvedName to the name
 * as already stored (a definition's or builtin's string), so the analysis
 * holds one string per name, not one per reference.
 */
function resolve(name: string, scope: Scope | undefined, withs: SyntaxNode[]): Resolution {
  for (let s = scope; s; s = s.parent) {
    const d = s.defs.get(name);
    if (d) {
      resolvedName = d.name;
      return { kind: 'local', definition: d };
    }
  }
  const global = globalName(name);
  resolvedName = global ?? name;
  if (global !== undefined) return { kind: 'builtin', name: global };
  if (withs.length > 0) return { kind: 'with', withs };
  return { kind: 'undefined' };
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
 * and the `with`s active there. With `want`, only the names it holds for
 * (completion passes the word typed so far: a big `let` has thousands of
 * names, most of which it would drop).
 */
export function scopeAt(a: Analysis, offset: number, want?: (name: string) => boolean): { names: NameInScope[]; withs: SyntaxNode[] } {
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
      // (a name not wanted is not wanted further out either: it need not be seen)
      if ((want !== undefined && !want(d.name)) || seen.has(d.name)) continue;
      seen.add(d.name);
      names.push({ name: d.name, definition: d });
    }
  }
  return { names, withs };
}

// The last child node containing offset, or ending at it without a closing token.
function childAround(n: SyntaxNode, offset: number): SyntaxNode | undefined {
  const cs = n.children;
  for (let i = lastStartingBy(cs, offset); i >= 0; i--) {
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

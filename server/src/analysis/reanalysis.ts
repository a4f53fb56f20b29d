// Re-analysis after an incremental re-parse: the previous version's analysis
// carried over to the next text, its tree updated in place by the parser.
// Only what the edit touched is resolved again, and put where a fresh
// analysis would have it (docs/analysis.md, "Across edits").
import { SyntaxKind as K, SyntaxNode, bindsRecSet, bindsRec, ownString, type ParseResult } from '../syntax/index.js';
import { seenNodes, type Analysis, type Reference, type Resolution, type Scope, type WithInfo } from './model.js';
import { Resolver, resolve, storedName } from './resolver.js';
import { exprAfter } from './treeReads.js';

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * kept the tree's shape (syntax/incremental.ts, `sameShape`): the same nodes,
 * moved, holding the same names, so resolution is unchanged and only the
 * ranges copied out of the nodes are read again. Updates `a` in place.
 */
export function rebaseAnalysis(a: Analysis, text: string, parsed: ParseResult, renamed: readonly SyntaxNode[] = []): Analysis | undefined {
  if (parsed.tree !== a.tree) throw new Error('rebaseAnalysis: not the same tree');
  // a changed identifier is re-resolved when it is a plain variable reference; one that
  // defines a name (a lambda's parameter) changes its scope: that scope is resolved again
  const changed: Reference[] = [];
  let scopeNode: SyntaxNode | undefined;
  for (const n of renamed) {
    if (n.end - n.start === 0) return undefined;
    const d = a.definitionOfName.get(n);
    if (d) {
      if (scopeNode !== undefined && scopeNode !== d.scope.node) return undefined;
      scopeNode = d.scope.node;
      continue;
    }
    const r = a.referenceOfNode.get(n);
    if (!r || r.inherit) return undefined;
    changed.push(r);
  }
  if (scopeNode !== undefined) {
    const node = scopeNode;
    if (!redoWhole(a, text, parsed, node, [])) return undefined;
    // (the references inside the scope were resolved again with it)
    for (const r of changed) if (!isInside(r.node, node)) reresolve(a, r, text.slice(r.node.start, r.node.end));
    return a;
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
 * referred to and defined is dropped. When a value is a `rec` set, or could
 * merge into one, the binding list that merges is resolved again whole.
 * Updates `a` in place.
 */
export function reanalyzeBinding(a: Analysis, text: string, parsed: ParseResult, old: SyntaxNode, next: SyntaxNode): Analysis | undefined {
  if (parsed.tree !== a.tree || next.parent === null) return undefined;
  // a `rec` set value takes in its neighbours' attributes (mergedIntoRec), or is made plain by
  // them: what it defines does not lie inside it, so the whole binding list is resolved again
  if (bindsRec(old) || bindsRec(next)) return redoWhole(a, text, parsed, next.parent, [old]);
  return redo(a, text, parsed, { oldRoots: bindingRest(old), newRoots: bindingRest(next), list: next.parent, first: next, site: [old, next] });
}

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * replaced a run of elements of a binding list (syntax/incremental.ts,
 * `replacedRun`), names and all, errors and all. In a plain attribute set,
 * whose names define no variables, what the old elements referred to and
 * defined is dropped and the new ones are resolved from the scope and
 * `with`s around the set; in a `let` or `rec` set, or where an element's
 * value is a `rec` set (or could merge into one), the whole list.
 */
export function reanalyzeRun(a: Analysis, text: string, parsed: ParseResult, list: SyntaxNode, old: readonly SyntaxNode[], next: readonly SyntaxNode[]): Analysis | undefined {
  if (parsed.tree !== a.tree) return undefined;
  if (next.length > 0 && list.kind === K.AttrSet && !list.token(K.Rec) && !old.some(bindsRec) && !next.some(bindsRec)) {
    return redo(a, text, parsed, { oldRoots: old, newRoots: next, list, first: next[0]! });
  }
  // a `let`, `rec` set or `let { }` (whose names are variables of the scope it opens), or a set
  // whose elements may merge into a `rec` set: the whole list is resolved again, scope and
  // all, with every reference to what it defines (all inside it); the old elements are out of
  // the tree, so what they held is dropped beside the list's own
  return redoWhole(a, text, parsed, list, old);
}

/**
 * The analysis of the next version of its text, when an incremental re-parse
 * replaced one parenthesised expression that is no binding's value
 * (syntax/incremental.ts, `replacedParen`), errors and all: what the old one
 * referred to and defined (all inside it) is dropped and the new one is
 * resolved from the scope and `with`s around it. Undefined, with `a`
 * untouched, where a set around it may merge into a `rec` set.
 */
export function reanalyzeParen(a: Analysis, text: string, parsed: ParseResult, old: SyntaxNode, next: SyntaxNode): Analysis | undefined {
  if (parsed.tree !== a.tree || next.parent === null) return undefined;
  return redo(a, text, parsed, { oldRoots: [old], newRoots: [next], list: next.parent, first: next });
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
  // the outermost binding list around that a binding may merge into a `rec` set of (mergedIntoRec):
  // what the subtrees define may then lie outside them, so that whole list is resolved again
  let merging: SyntaxNode | undefined;
  for (let x: SyntaxNode | null = w.list; x; child = x, x = x.parent) {
    if (x.kind === K.AttrSet || x.kind === K.LetIn || x.kind === K.LegacyLet) {
      if (bindsRecSet(x) || (x.kind === K.AttrSet && x.token(K.Rec) && !a.scopeOf.has(x))) merging = x;
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
  if (merging) return merging.parent === null ? undefined : redo(a, text, parsed, { oldRoots: [merging, ...oldRoots], newRoots: [merging], list: merging.parent, first: merging });
  const seen = seenNodes(a);
  if (!seen) return undefined;

  // drop what the old subtrees referred to, and what they defined: the scopes
  // they open (with every reference to those, which lies inside them too),
  // their `with`s and `let`s
  const dropped = new Set<Reference>();
  const oldScopes = new Set<Scope>();
  const oldWiths = new Set<SyntaxNode>();
  const oldLets = new Set<SyntaxNode>();
  const stack = [...oldRoots];
  // (every node of the old subtrees: the lists below keep the part that is not among them)
  const oldNodes = new Set<SyntaxNode>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    oldNodes.add(n);
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
  let withInfo: Map<SyntaxNode, WithInfo> | undefined;
  const listsOf = (res: Resolution): Reference[][] => {
    if (res.kind === 'local') return [res.definition.references];
    if (res.kind === 'with') {
      // (a map once: a whole scope redone drops many references, each looked up)
      withInfo ??= new Map(a.withs.map((w) => [w.node, w]));
      const out: Reference[][] = [];
      for (const n of res.withs) {
        const w = withInfo.get(n);
        if (w) out.push(w.references);
      }
      return out;
    }
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
      if (!oldNodes.has(list[i]!)) continue;
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
  r.runFrom(newRoots, scope, withs);
  const added = a.references.splice(before);
  // no reference was there before: after the last one that starts before the binding
  if (at < 0) at = firstStartingFrom(a.references, w.first.start);
  insertAt(a.references, at, added);
  // the resolver pushed the new references at the end of each definition's and `with`'s
  // list: each goes where it belongs by position instead
  const grown = new Set<Reference[]>();
  withInfo = undefined; // (the resolver added `with`s)
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

/**
 * Resolves `root` (a node of the tree) again whole, from the scope and `with`s around it;
 * `detached` are subtrees an edit took out of it, whose references and definitions go too.
 */
function redoWhole(a: Analysis, text: string, parsed: ParseResult, root: SyntaxNode, detached: readonly SyntaxNode[]): Analysis | undefined {
  if (root.parent === null) return undefined;
  return redo(a, text, parsed, { oldRoots: [root, ...detached], newRoots: [root], list: root.parent, first: root });
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
  // (its own string: see identName in resolver.ts)
  r.name = ownString(storedName(name, r.resolution));
  for (const list of listsOf(r.resolution)) {
    let i = list.length;
    while (i > 0 && list[i - 1]!.range.start > r.range.start) i--;
    list.splice(i, 0, r);
  }
}

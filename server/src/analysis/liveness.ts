// Liveness of let bindings: a binding is live when the body of its `let`
// uses it, or a live binding of the same `let` does; one used only by dead
// bindings is dead too (what the unused-let diagnostic reports).
import { SyntaxKind as K, SyntaxNode, attrStaticName } from '../syntax/index.js';
import type { Analysis, Definition, Reference, Scope } from './model.js';
import { firstPathPartName, isInheritAttr } from './treeReads.js';

/** Whether a let binding is reachable from the body (bindings used only by dead bindings are dead). */
export function liveLetDefinitions(d: Definition): boolean {
  const scope = d.scope;
  // most are used directly from the body: settle those without the search below
  for (const r of d.references) if (usedFromOutside(r, scope)) return true;
  const seen = new Set<Definition>();
  const stack = [d];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const r of cur.references) {
      const owner = owningDefinition(r, scope);
      if (owner === INHERIT_FROM) {
        // `inherit (e) a b;`: e is needed by each of the names
        for (const o of inheritFromOwners(r, scope)) {
          if (isBody(o)) return true;
          if (o !== cur || cur !== d) stack.push(o);
        }
        continue;
      }
      // used from the body or beyond (a legacy let's `body` is its result)
      if (owner === undefined || isBody(owner)) return true;
      if (owner !== cur || cur !== d) stack.push(owner);
    }
  }
  return false;
}

const isBody = (d: Definition) => d.kind === 'legacy-let' && d.name === 'body';

function usedFromOutside(r: Reference, scope: Scope): boolean {
  const owner = owningDefinition(r, scope);
  return owner === undefined || (owner !== INHERIT_FROM && isBody(owner));
}

// The let bindings of a scope that are dead, kept with what they were worked
// out from: how many references each of its names has and the sum of their
// serials. An edit that adds or drops a reference to a name changes its marks
// (a new reference has a greater serial than any dropped one). Only the names
// whose marks changed, and the names their bindings use (and so on), can
// become dead or alive: those are settled again, the rest stand, so a
// keystroke reads no other reference's position.
const deadOf = new WeakMap<Scope, { marks: number[]; dead: Set<Definition> }>();

/** Whether a definition is a `let` binding (a legacy let's `body` is its result, not a binding). */
export function isLetName(d: Definition): boolean {
  return d.kind === 'let' || (d.kind === 'legacy-let' && d.name !== 'body');
}

/** The dead let bindings of `scope` (isLetName), kept up to date across versions as said above. */
export function deadDefinitions(a: Analysis, scope: Scope): Set<Definition> {
  const defs = [...scope.defs.values()];
  const marks: number[] = [];
  for (const d of defs) {
    let sum = 0;
    for (const r of d.references) sum += r.serial;
    marks.push(d.references.length, sum);
  }
  const known = deadOf.get(scope);
  if (known && known.marks.length === marks.length) {
    const changed: Definition[] = [];
    for (let i = 0; i < defs.length; i++) if (known.marks[2 * i] !== marks[2 * i] || known.marks[2 * i + 1] !== marks[2 * i + 1]) changed.push(defs[i]!);
    known.marks = marks;
    if (changed.length === 0) return known.dead;
    const affected = usedFrom(a, scope, changed, Math.max(16, defs.length >> 2));
    if (affected) {
      for (const d of affected) {
        if (isLetName(d) && !liveLetDefinitions(d)) known.dead.add(d);
        else known.dead.delete(d);
      }
      return known.dead;
    }
  }
  const dead = new Set<Definition>();
  for (const d of defs) if (isLetName(d) && !liveLetDefinitions(d)) dead.add(d);
  deadOf.set(scope, { marks, dead });
  return dead;
}

/**
 * `from` and the names of `scope` their bindings use, and the names those
 * use, and so on; undefined once there are more than `max` (settle them all then).
 */
function usedFrom(a: Analysis, scope: Scope, from: Definition[], max: number): Set<Definition> | undefined {
  const out = new Set<Definition>(from);
  const queue = [...from];
  while (queue.length > 0) {
    const d = queue.pop()!;
    const stack = [...d.sites];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const r = n.kind === K.IdentExpr || n.kind === K.String ? a.referenceOfNode.get(n) : undefined;
      if (r && r.resolution.kind === 'local') {
        const used = r.resolution.definition;
        if (used.scope === scope && !out.has(used)) {
          if (out.size >= max) return undefined;
          out.add(used);
          queue.push(used);
        }
      }
      for (const c of n.rawChildNodes()) stack.push(c);
    }
  }
  return out;
}

/** What owningDefinition answers for a reference in the `(e)` of an `inherit (e) a b;`. */
const INHERIT_FROM = Symbol('inherit-from');

// The definition of `scope` whose binding contains the reference, INHERIT_FROM
// for the `(e)` of one of its `inherit (e) ...;` (inheritFromOwners has the
// names that need it), or undefined when it is elsewhere.
function owningDefinition(r: Reference, scope: { node: SyntaxNode; defs: Map<string, Definition> }): Definition | typeof INHERIT_FROM | undefined {
  // A reference outside the stretch of the scope's bindings is in none of
  // them (children are in order and do not overlap; a name is never empty):
  // that settles most, such as every use from a let's body, without a walk up.
  const span = bindingSpan(scope.node);
  if (r.node.start >= span.end || r.node.end <= span.start) return undefined;
  let child: SyntaxNode = r.node;
  for (let p = r.node.parent; p; child = p, p = p.parent) {
    if (p === scope.node) {
      if (child.kind === K.Binding) {
        const first = firstPathPartName(child);
        return first !== undefined ? scope.defs.get(first) : undefined;
      }
      if (child.kind === K.Inherit_) {
        for (const at of child.children) {
          if (!(at instanceof SyntaxNode) || !isInheritAttr(at.kind)) continue;
          const n = attrStaticName(at);
          if (n !== undefined && scope.defs.has(n)) return INHERIT_FROM;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

/** The names of the `inherit (e) ...;` whose `(e)` holds the reference (owningDefinition said INHERIT_FROM). */
function inheritFromOwners(r: Reference, scope: Scope): Definition[] {
  let inh: SyntaxNode | null = r.node;
  while (inh && inh.parent !== scope.node) inh = inh.parent;
  const out: Definition[] = [];
  if (!inh) return out;
  for (const at of inh.children) {
    if (!(at instanceof SyntaxNode) || !isInheritAttr(at.kind)) continue;
    const n = attrStaticName(at);
    const d = n !== undefined ? scope.defs.get(n) : undefined;
    if (d) out.push(d);
  }
  return out;
}

// Kept relative to the node, and only while the node keeps its length: an
// incremental re-parse moves nodes and changes them in place.
const spans = new WeakMap<SyntaxNode, { from: number; to: number; length: number }>();

/** From the start of a node's first Binding/Inherit_ child to the end of its last (empty when it has none). */
function bindingSpan(n: SyntaxNode): { start: number; end: number } {
  const known = spans.get(n);
  if (known && known.length === n.end - n.start) return { start: n.start + known.from, end: n.start + known.to };
  let start = Infinity,
    end = -Infinity;
  for (const c of n.children) {
    if (c instanceof SyntaxNode && (c.kind === K.Binding || c.kind === K.Inherit_)) {
      if (start === Infinity) start = c.start;
      end = c.end;
    }
  }
  spans.set(n, { from: start - n.start, to: end - n.start, length: n.end - n.start });
  return { start, end };
}

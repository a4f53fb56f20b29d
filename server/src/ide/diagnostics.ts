// Diagnostics from the parse and from name resolution. Codes are stable and
// documented in docs/analysis.md; every message says what to do next.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, Inherit, Pattern, Binding, BinaryOp, With, unparen, exprChildren, EXPR_KINDS, parse, tokenAt, type SyntaxError } from '../syntax/index.js';
import { scopeAt, seenNodes, deadDefinitions, isLetName, firstPathPartName, GLOBAL_NAMES, type Analysis, type Definition, type Reference, type Scope } from '../analysis/index.js';
import type { Diagnostic, Fix, TextEdit } from './types.js';
import { addFormalEdit, removalEdit, removeFormalEdit, removeInheritedNameEdit } from './editing.js';
import { editDistance } from './editDistance.js';

/** Names NixOS modules receive as arguments: a fix may add them to the function's `{ ... }:`. */
export const MODULE_ARGS: ReadonlySet<string> = new Set(['pkgs', 'lib', 'config', 'options', 'modulesPath']);

export function computeDiagnostics(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of a.parse.errors) {
    const d: Diagnostic = { start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message };
    const fix = parseErrorFix(a, e);
    if (fix) d.fixes = [fix];
    out.push(d);
  }
  const withNames = withResolvedByName(a);
  for (const r of a.references) if (r.resolution.kind === 'undefined') out.push(undefinedVariable(a, r, withNames));
  const dead = new Map<Scope, Set<Definition>>();
  for (const d of a.definitions) {
    const diag = unusedDefinition(a, d, dead);
    if (diag) out.push(diag);
  }
  for (const w of a.withs) {
    // (a `with` with no body is the syntax error already reported there)
    if (w.references.length === 0 && new With(w.node).body()) out.push(unusedWith(a, w.node));
  }
  // The checks below only need some kinds of nodes. `analyze` lists those it
  // handled, and the few subtrees it did not look into are walked here;
  // only an Analysis from elsewhere has its whole tree walked. Order does not
  // matter (`out` is sorted) except between diagnostics with the same range,
  // which only nested `with`s make: `a.withs` has the outer one first, as a
  // walk does.
  const seen = seenNodes(a);
  if (seen) {
    for (const s of a.scopes) if (s.kind === 'rec') checkRec(a, s.node, out);
    for (const n of seen.inherits) checkEmptyInherit(a, n, out);
    for (const n of seen.letIns) checkEmptyLet(a, n, out);
    for (const n of seen.legacyLets) out.push(legacyLet(a, n));
    for (const n of seen.uris) out.push(uriLiteral(a, n));
    const locals = localsInWiths(a);
    for (const w of a.withs) withShadowsLocal(a, w.node, locals, out);
    // a rec set in these has no scope (the resolver makes those), so checkRec would find nothing
    for (let i = 0; i < seen.unvisited.length; i++) checkSubtree(a, seen.unvisited[i]!, seen.skip[i], false, locals, out);
  } else checkSubtree(a, a.tree, undefined, true, localsInWiths(a), out);
  out.sort((x, y) => x.start - y.start || x.end - y.end);
  return out;
}

/**
 * The node checks over a whole subtree (without `skip`'s), in pre-order like
 * `walk`, iteratively. `rec` sets are checked only with `withRec`.
 */
function checkSubtree(a: Analysis, root: SyntaxNode, skip: SyntaxNode | undefined, withRec: boolean, locals: LocalsInWith, out: Diagnostic[]): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case K.AttrSet:
        if (withRec && n.token(K.Rec)) checkRec(a, n, out);
        break;
      case K.Inherit_:
        checkEmptyInherit(a, n, out);
        break;
      case K.LetIn:
        checkEmptyLet(a, n, out);
        break;
      case K.LegacyLet:
        out.push(legacyLet(a, n));
        break;
      case K.UriExpr:
        out.push(uriLiteral(a, n));
        break;
      case K.WithExpr:
        withShadowsLocal(a, n, locals, out);
        break;
    }
    const cs = n.children;
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode && c !== skip) stack.push(c);
    }
  }
}

function checkEmptyInherit(a: Analysis, n: SyntaxNode, out: Diagnostic[]): void {
  // `new Inherit(n).attrs().length === 0`
  for (const c of n.children) if (c instanceof SyntaxNode && (c.kind === K.IdentExpr || c.kind === K.String || c.kind === K.Dynamic)) return;
  out.push({
    start: n.start,
    end: n.end,
    severity: 'warning',
    code: 'empty-inherit',
    message: 'This `inherit` names no attributes, so it does nothing. Remove it or list the names to inherit.',
    tags: ['unnecessary'],
    fixes: [{ title: 'Remove empty `inherit`', edits: [removalEdit(a.text, n.start, n.end)], preferred: true }],
  });
}

function uriLiteral(a: Analysis, n: SyntaxNode): Diagnostic {
  const t = a.text.slice(n.start, n.end);
  return {
    start: n.start,
    end: n.end,
    severity: 'warning',
    code: 'uri-literal',
    message: 'Unquoted URLs are deprecated and rejected by some Nix settings; write the URL as a string.',
    tags: ['deprecated'],
    fixes: [{ title: 'Quote the URL', edits: [{ start: n.start, end: n.end, newText: JSON.stringify(t) }], preferred: true }],
  };
}

// ------------------------------------------------------------------ parse errors

/** The fix of a parse error, for the few whose repair is certain. */
function parseErrorFix(a: Analysis, e: SyntaxError): Fix | undefined {
  if (e.code === 'comparison-chain') return comparisonChainFix(a, e);
  if (e.code === 'path-trailing-slash') return trailingSlashFix(a, e);
  return undefined;
}

const EQUALITY_OPS: ReadonlySet<K> = new Set([K.EqEq, K.NotEq]);
const ORDER_OPS: ReadonlySet<K> = new Set([K.Lt, K.Le, K.Gt, K.Ge]);

/** `lhs op rhs`, when the node is a BinaryOp with both operands and nothing broken among its children. */
function completeBinary(n: SyntaxNode): { lhs: SyntaxNode; op: SyntaxToken; rhs: SyntaxNode } | undefined {
  if (n.kind !== K.BinaryOp || n.node(K.Error)) return undefined;
  const b = new BinaryOp(n);
  const lhs = b.lhs(),
    op = b.opToken,
    rhs = b.rhs();
  return lhs && op && rhs ? { lhs, op, rhs } : undefined;
}

/**
 * `a < b < c` -> `(a < b) < c`: the error is at the second operator, whose
 * left operand is the first comparison; in parentheses that is one operand.
 */
function comparisonChainFix(a: Analysis, e: SyntaxError): Fix | undefined {
  const t = tokenAt(a.tree, e.start);
  if (!t || t.start !== e.start || t.end !== e.end || !t.parent) return undefined;
  const outer = completeBinary(t.parent);
  if (!outer || outer.op !== t) return undefined;
  const inner = completeBinary(outer.lhs);
  if (!inner) return undefined;
  const same = EQUALITY_OPS.has(t.kind) ? EQUALITY_OPS : ORDER_OPS.has(t.kind) ? ORDER_OPS : undefined;
  if (!same || !same.has(inner.op.kind)) return undefined;
  // `a < b < c < d` at the last `<`: `((a < b) < c) < d`, or the chain on the left stays
  const closes: TextEdit[] = [];
  let l = outer.lhs;
  for (;;) {
    closes.push({ start: l.end, end: l.end, newText: ')' });
    const b = completeBinary(l);
    const next = b && completeBinary(b.lhs);
    if (!b || !next || !same.has(next.op.kind)) break;
    l = b.lhs;
  }
  return {
    title: 'Add parentheses around the left comparison',
    edits: [{ start: l.start, end: l.start, newText: '('.repeat(closes.length) }, ...closes.reverse()],
    preferred: true,
  };
}

/**
 * `./foo/` -> `./foo`. Only when the path, without that slash, reads as the
 * same one path with no error (`./foo//` would keep a trailing slash).
 */
function trailingSlashFix(a: Analysis, e: SyntaxError): Fix | undefined {
  const t = tokenAt(a.tree, e.start);
  const path = t?.parent;
  if (!t || t.kind !== K.PathFragment || t.start !== e.start || t.end !== e.end || !path || path.kind !== K.Path) return undefined;
  if (a.text[e.end - 1] !== '/') return undefined;
  const candidate = a.text.slice(path.start, e.end - 1) + a.text.slice(e.end, path.end);
  const p = parse(candidate);
  const only = exprChildren(p.tree);
  if (p.errors.length > 0 || only.length !== 1 || only[0]!.kind !== K.Path || only[0]!.start !== 0 || only[0]!.end !== candidate.length) return undefined;
  return { title: 'Remove the trailing slash', edits: [{ start: e.end - 1, end: e.end, newText: '' }], preferred: true };
}

// ------------------------------------------------------------------ undefined-variable

/** The references resolved through a `with`, by name (made when first asked). */
type WithResolved = (name: string) => readonly Reference[];

function withResolvedByName(a: Analysis): WithResolved {
  return referencesBy<string>(a, (r, add) => {
    if (r.resolution.kind === 'with') add(r.name);
  });
}

/**
 * The references of `a` grouped under the keys `keysOf` gives each, made on
 * the first call: one pass over the references serves every later question.
 */
function referencesBy<K>(a: Analysis, keysOf: (r: Reference, add: (key: K) => void) => void): (key: K) => readonly Reference[] {
  let m: Map<K, Reference[]> | undefined;
  return (key) => {
    if (!m) {
      const built = new Map<K, Reference[]>();
      let cur: Reference;
      const add = (k: K) => {
        let list = built.get(k);
        if (!list) built.set(k, (list = []));
        list.push(cur);
      };
      for (const r of a.references) {
        cur = r;
        keysOf(r, add);
      }
      m = built;
    }
    return m.get(key) ?? [];
  };
}

/**
 * Whether a new variable `name` over `node` would take over a reference that
 * now comes from a `with` inside it (`with` never overrides variables).
 */
function wouldCaptureWithName(node: SyntaxNode, name: string, withNames: WithResolved): boolean {
  for (const r of withNames(name)) if (r.node.start >= node.start && r.node.end <= node.end) return true;
  return false;
}

function undefinedVariable(a: Analysis, r: Reference, withNames: WithResolved): Diagnostic {
  const name = r.name;
  const moduleArg = MODULE_ARGS.has(name);
  const argFixes: Fix[] = [];
  const lambda = enclosingPatternLambda(r.node);
  if (lambda) {
    // (a pattern the parser could not read stays broken whatever is added to it)
    const pattern = lambda.node(K.Pattern)!;
    if (!wouldCaptureWithName(lambda, name, withNames) && !hasParseErrorIn(a, pattern))
      argFixes.push({ title: `Add \`${name}\` to the function's arguments`, edits: [addFormalEdit(a.text, lambda.node(K.Pattern)!, name)] });
  } else if (moduleArg) {
    // a module written as a bare attribute set: make it a function of its arguments
    const root = exprChildren(a.tree)[0];
    if (root && root.kind !== K.Lambda && !wouldCaptureWithName(a.tree, name, withNames))
      argFixes.push({ title: `Make this file a function of \`{ ${name}, ... }\``, edits: [{ start: root.start, end: root.start, newText: `{ ${name}, ... }:\n\n` }] });
  }
  const suggestions = suggestNames(a, r);
  const renameFixes: Fix[] = suggestions.map((s) => ({ title: `Change to \`${s}\``, edits: [{ start: r.range.start, end: r.range.end, newText: s }] }));
  // a module argument is most likely missing from the arguments; anything else most likely misspelt
  const fixes = moduleArg || renameFixes.length === 0 ? [...argFixes, ...renameFixes] : [...renameFixes, ...argFixes];
  if (fixes[0] && (moduleArg || renameFixes.length > 0)) fixes[0].preferred = true;
  let message = `\`${name}\` is not defined here.`;
  if (moduleArg) message += ` NixOS modules receive \`${name}\` as an argument: add it to the function's \`{ ... }:\` arguments.`;
  else if (suggestions[0]) message += ` Did you mean \`${suggestions[0]}\`?`;
  else message += ' Define it with `let`, take it as an argument, or check the spelling.';
  return { start: r.range.start, end: r.range.end, severity: 'error', code: 'undefined-variable', message, fixes };
}

function enclosingPatternLambda(n: SyntaxNode): SyntaxNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.kind === K.Lambda && p.node(K.Pattern)) return p;
  return undefined;
}

function suggestNames(a: Analysis, r: Reference): string[] {
  // one- and two-letter names are too short for a guess to mean anything
  if (r.name.length <= 2) return [];
  const max = r.name.length <= 4 ? 1 : 2;
  const target = r.name.toLowerCase();
  const found: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  const consider = (c: string) => {
    // (a let in a big file has thousands of names: the length settles most without a distance)
    if (seen.has(c) || c === r.name || Math.abs(c.length - target.length) > max) return;
    seen.add(c);
    const d = editDistance(c.toLowerCase(), target, max);
    if (d <= max) found.push({ c, d });
  };
  for (const n of scopeAt(a, r.range.start).names) consider(n.name);
  for (const g of GLOBAL_NAMES) consider(g);
  return found
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}


/** `dead`: the dead let bindings of each scope, filled in as scopes come up. */
function unusedDefinition(a: Analysis, d: Definition, dead: Map<Scope, Set<Definition>>): Diagnostic | undefined {
  if (d.name.startsWith('_')) return undefined;
  if (isLetName(d)) {
    let inScope = dead.get(d.scope);
    if (!inScope) dead.set(d.scope, (inScope = deadDefinitions(a, d.scope)));
    if (!inScope.has(d)) return undefined;
    const fix = removeDefinitionFix(a, d);
    return {
      ...d.range,
      severity: 'warning',
      code: 'unused-let',
      message:
        d.references.length === 0
          ? `\`${d.name}\` is defined but never used. Remove it, or prefix it with \`_\` to keep it.`
          : `\`${d.name}\` is only used by bindings that are themselves unused. Remove it, or prefix it with \`_\` to keep it.`,
      tags: ['unnecessary'],
      fixes: fix ? [fix] : [],
    };
  }
  if (d.references.length > 0) return undefined;
  // Like nil: a plain `x:` parameter cannot be removed, so it is not reported;
  // formals only for the function the whole file is (a package or module),
  // whose caller passes what it asks for.
  if (d.kind === 'formal') {
    const entry = d.sites[0]!;
    const pat = entry.parent;
    if (!pat || pat.parent !== fileFunction(a)) return undefined;
    const ellipsis = new Pattern(pat).hasEllipsis;
    return {
      ...d.range,
      severity: 'hint',
      code: 'unused-arg',
      message: ellipsis
        ? `The argument \`${d.name}\` is never used; \`...\` still accepts it, so it can be removed.`
        : `The argument \`${d.name}\` is never used. Remove it (callers must then stop passing it).`,
      tags: ['unnecessary'],
      fixes: hasParseErrorIn(a, pat) ? [] : [{ title: `Remove the unused argument \`${d.name}\``, edits: [removeFormalEdit(a.text, entry)], preferred: true }],
    };
  }
  if (d.kind === 'pattern-at') {
    const bind = d.sites[0]!;
    return {
      ...d.range,
      severity: 'hint',
      code: 'unused-arg',
      message: `\`${d.name}\` names the whole argument set but is never used. Remove \`@${d.name}\`.`,
      tags: ['unnecessary'],
      fixes: [{ title: `Remove \`${d.name}@\``, edits: [removePatBindEdit(a.text, bind)], preferred: true }],
    };
  }
  return undefined;
}

/** The lambda the whole file evaluates to, if it is one. */
function fileFunction(a: Analysis): SyntaxNode | undefined {
  const e = unparen(exprChildren(a.tree)[0]);
  return e && e.kind === K.Lambda ? e : undefined;
}

function removePatBindEdit(text: string, bind: SyntaxNode): TextEdit {
  // `args @ { }` or `{ } @ args`: take the spaces on the side away from the braces
  let s = bind.start,
    e = bind.end;
  const pat = bind.parent!;
  const braceFirst = pat.token(K.LBrace) !== undefined && pat.token(K.LBrace)!.start < bind.start;
  if (braceFirst) while (s > 0 && /[ \t]/.test(text[s - 1]!)) s--;
  else while (e < text.length && /[ \t]/.test(text[e]!)) e++;
  return { start: s, end: e, newText: '' };
}

/**
 * A fix removing every binding of a let definition; none while a use of it
 * would stay behind (`b = a;` of a dead `b`: Nix rejects an undefined name
 * even where it is never evaluated), so such a chain goes from its end.
 */
export function removeDefinitionFix(a: Analysis, d: Definition): Fix | undefined {
  const edits: TextEdit[] = [];
  const removed: SyntaxNode[] = [];
  for (let i = 0; i < d.sites.length; i++) {
    const site = d.sites[i]!;
    if (site.kind === K.Binding) {
      edits.push(removalEdit(a.text, site.start, site.end));
      removed.push(site);
    } else if (site.kind === K.Inherit_) {
      const nameNode = d.nameNodes.find((n) => n.parent === site);
      if (nameNode) {
        edits.push(removeInheritedNameEdit(a.text, site, nameNode));
        // the last name takes the whole `inherit (e) x;` with it, `e` too
        if (new Inherit(site).attrs().length <= 1) removed.push(site);
      }
    }
  }
  if (edits.length === 0) return undefined;
  for (const r of d.references) if (!removed.some((n) => r.node.start >= n.start && r.node.end <= n.end)) return undefined;
  return { title: `Remove unused binding \`${d.name}\``, edits, preferred: true };
}

// ------------------------------------------------------------------ with, rec, let

/** Deletes `with e;` keeping its body. */
export function removeWithEdit(a: Analysis, w: SyntaxNode): TextEdit | undefined {
  const semi = w.token(K.Semicolon);
  if (!semi) return undefined;
  let e = semi.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  return { start: w.start, end: e, newText: '' };
}

/** Whether the parser reported an error inside `n`. */
function hasParseErrorIn(a: Analysis, n: SyntaxNode): boolean {
  for (const e of a.parse.errors) if (e.start >= n.start && e.start < n.end) return true;
  return false;
}

function unusedWith(a: Analysis, w: SyntaxNode): Diagnostic {
  const semi = w.token(K.Semicolon);
  const edit = removeWithEdit(a, w);
  return {
    start: w.start,
    end: semi ? semi.end : w.start + 4,
    severity: 'warning',
    code: 'unused-with',
    message: 'Nothing inside this `with` uses it: every name is already defined elsewhere. Remove the `with`.',
    tags: ['unnecessary'],
    fixes: edit ? [{ title: 'Remove unused `with`', edits: [edit], preferred: true }] : [],
  };
}

/** Deletes the `rec` keyword of an attribute set. */
export function removeRecEdit(a: Analysis, set: SyntaxNode): TextEdit | undefined {
  const rec = set.token(K.Rec);
  if (!rec) return undefined;
  let e = rec.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  return { start: rec.start, end: e, newText: '' };
}

function checkRec(a: Analysis, set: SyntaxNode, out: Diagnostic[]): void {
  const scope = a.scopeOf.get(set);
  if (!scope) return;
  for (const d of scope.defs.values()) if (d.references.length > 0) return;
  const rec = set.token(K.Rec)!;
  const edit = removeRecEdit(a, set);
  out.push({
    start: rec.start,
    end: rec.end,
    severity: 'warning',
    code: 'unnecessary-rec',
    message: 'No attribute of this set refers to another, so `rec` is not needed. Remove it.',
    tags: ['unnecessary'],
    fixes: edit ? [{ title: 'Remove `rec`', edits: [edit], preferred: true }] : [],
  });
}

function checkEmptyLet(a: Analysis, n: SyntaxNode, out: Diagnostic[]): void {
  // `new LetIn(n).bindings().length > 0`, without a view per binding
  for (const c of n.children) if (c instanceof SyntaxNode && (c.kind === K.Binding || c.kind === K.Inherit_)) return;
  const kw = n.token(K.Let);
  const inKw = n.token(K.In);
  if (!kw || !inKw) return;
  // only comments between `let` and `in` still count as empty
  let e = inKw.end;
  while (e < a.text.length && /\s/.test(a.text[e]!)) e++;
  out.push({
    start: kw.start,
    end: inKw.end,
    severity: 'warning',
    code: 'empty-let',
    message: 'This `let` defines nothing. Remove `let ... in`.',
    tags: ['unnecessary'],
    fixes: [{ title: 'Remove empty `let ... in`', edits: [{ start: kw.start, end: e, newText: '' }], preferred: true }],
  });
}

function legacyLet(a: Analysis, n: SyntaxNode): Diagnostic {
  const kw = n.token(K.Let);
  const fixes: Fix[] = [];
  // `let { a = 1; body = a; }` -> `let a = 1; in a`
  let body: SyntaxNode | undefined;
  const others: SyntaxNode[] = [];
  for (const c of n.childNodes()) {
    if (c.kind === K.Binding) {
      const b = new Binding(c);
      const names = b.attrPath()?.staticNames();
      if (names && names.length === 1 && names[0] === 'body' && !body) body = b.value();
      else others.push(c);
    } else if (c.kind === K.Inherit_) others.push(c);
  }
  if (body) {
    const binds = others.map((c) => '  ' + a.text.slice(c.start, c.end)).join('\n');
    fixes.push({
      title: 'Rewrite as `let ... in`',
      edits: [{ start: n.start, end: n.end, newText: `let\n${binds}\nin\n${a.text.slice(body.start, body.end)}` }],
      preferred: true,
    });
  }
  return {
    start: n.start,
    end: kw ? kw.end : n.start + 3,
    severity: 'warning',
    code: 'legacy-let',
    message: '`let { ... }` is deprecated syntax; write `let ... in body` instead.',
    tags: ['deprecated'],
    fixes,
  };
}

// ------------------------------------------------------------------ with-shadows-local

/**
 * `let x = 1; in with { x = 2; }; x` is 1: `with` never overrides a variable
 * that is in scope, which surprises people. Reported when the namespace's
 * attributes are visible in the file (a literal set, or a let-bound one).
 */
/**
 * The references that resolved to a local name, by the `with`s whose body
 * holds them (a reference lists those: Reference.withs): gone over once per
 * computeDiagnostics, not once for each `with`.
 */
type LocalsInWith = (w: SyntaxNode) => readonly Reference[];

function localsInWiths(a: Analysis): LocalsInWith {
  return referencesBy<SyntaxNode>(a, (r, add) => {
    if (r.resolution.kind === 'local') for (const x of r.withs) add(x);
  });
}

function withShadowsLocal(a: Analysis, w: SyntaxNode, locals: LocalsInWith, out: Diagnostic[]): void {
  const ns = namespaceAttrNames(a, w);
  if (!ns) return;
  const semi = w.token(K.Semicolon);
  if (!semi) return;
  for (const r of locals(w)) {
    if (r.resolution.kind !== 'local' || !ns.has(r.name)) continue;
    const d = r.resolution.definition;
    // defined inside the with body: that one is meant
    if (d.range.start >= semi.end && d.range.end <= w.end) continue;
    out.push({
      ...r.range,
      severity: 'warning',
      code: 'with-shadows-local',
      message: `\`${r.name}\` here is the ${d.kind === 'formal' || d.kind === 'param' ? 'function argument' : 'binding'} defined outside, not the \`${r.name}\` of this \`with\`: \`with\` never overrides variables in scope. Write the attribute out (e.g. \`ns.${r.name}\`) if that is the one meant.`,
      related: [{ ...d.range, message: `\`${r.name}\` is defined here` }],
    });
  }
}

function namespaceAttrNames(a: Analysis, w: SyntaxNode): Set<string> | undefined {
  let e = unparen(firstExpr(w));
  if (e && e.kind === K.IdentExpr) {
    const ref = a.referenceOfNode.get(e);
    if (ref?.resolution.kind === 'local') e = unparen(ref.resolution.definition.value);
    else return undefined;
  }
  if (!e || e.kind !== K.AttrSet) return undefined;
  const names = new Set<string>();
  for (const c of e.childNodes()) {
    if (c.kind === K.Binding) {
      const first = firstPathPartName(c);
      if (first !== undefined) names.add(first);
    } else if (c.kind === K.Inherit_) for (const at of new Inherit(c).attrs()) if (at.name !== undefined) names.add(at.name);
  }
  return names;
}

/** `exprChildren(n)[0]`, without the array. */
function firstExpr(n: SyntaxNode): SyntaxNode | undefined {
  for (const c of n.children) if (c instanceof SyntaxNode && EXPR_KINDS.has(c.kind)) return c;
  return undefined;
}

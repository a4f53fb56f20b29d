// The checks Nix makes while parsing (before evaluation): duplicate
// attributes (with Nix's merging of nested paths), duplicate formals, and
// dynamic attribute names where they are not allowed. Positions follow what
// Nix reports, so editors and `nix-instantiate --parse` agree.
// They walk children arrays directly (no views): they run on every parse.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import type { SyntaxError } from "./parser/result.js";
import { EXPR_KINDS, attrStaticName } from "./views.js";

// A model of Nix's ExprAttrs while it is being built: name -> definition.
interface Def {
  start: number;
  end: number;
  inherited: boolean;
  /** When the value is an attribute set (literal or made from a nested path), its attributes. */
  attrs: Model | undefined;
}
type Model = Map<string, Def>;

/** The static name of an attribute node (identifier, string, `${"s"}`), or undefined. */
function nameOf(n: SyntaxNode): string | undefined {
  if (n.kind === K.IdentExpr) {
    for (const c of n.children) if (c instanceof SyntaxToken && (c.kind === K.Ident || c.kind === K.OrKw)) return c.text;
    return "";
  }
  return attrStaticName(n);
}

function isAttrNode(k: K): boolean {
  return k === K.IdentExpr || k === K.String || k === K.Dynamic || k === K.IndString;
}

/** Attribute name nodes of an AttrPath or an inherit. */
function attrNodes(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children) if (c instanceof SyntaxNode && isAttrNode(c.kind)) out.push(c);
  return out;
}

/** The value of a binding: the first expression after `=`. Parentheses stripped. */
export function bindingValue(b: SyntaxNode): SyntaxNode | undefined {
  let seen = false;
  let v: SyntaxNode | undefined;
  for (const c of b.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === K.Assign) seen = true;
    } else if (seen && EXPR_KINDS.has(c.kind)) {
      v = c;
      break;
    }
  }
  while (v && v.kind === K.Paren) {
    let inner: SyntaxNode | undefined;
    for (const c of v.children) if (c instanceof SyntaxNode && EXPR_KINDS.has(c.kind)) { inner = c; break; }
    v = inner;
  }
  return v;
}

/**
 * Runs the checks over the nodes the parser collected (attribute sets, lets,
 * inherits, lambdas), appending to `errors`. `only` may name, for a binding
 * list among them, the elements to model: the others cannot clash (see
 * PathIndex.checkedElements), so leaving them out changes nothing reported.
 */
export function runChecks(nodes: readonly (SyntaxNode | undefined)[], src: string, errors: SyntaxError[], only?: ReadonlyMap<SyntaxNode, readonly SyntaxNode[]>): void {
  const models = new Map<SyntaxNode, Model>();
  let lines: number[] | undefined;
  const where = (offset: number): string => {
    if (!lines) {
      lines = [0];
      for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) lines.push(i + 1);
    }
    let lo = 0,
      hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return `line ${lo + 1}, column ${offset - lines[lo]! + 1}`;
  };

  const dup = (name: string, at: { start: number; end: number }, prev: { start: number }) => {
    errors.push({
      code: "duplicate-attr",
      message: `attribute '${name}' already defined at ${where(prev.start)}`,
      start: at.start,
      end: at.end,
    });
  };

  // Builds (once) the model of an attribute-set-like node, reporting duplicates.
  // Recursion follows nested attrset literals, which the parser already bounded.
  const modelOf = (n: SyntaxNode): Model => {
    let m = models.get(n);
    if (m) return m;
    m = new Map();
    models.set(n, m);
    for (const c of only?.get(n) ?? n.children) {
      if (!(c instanceof SyntaxNode)) continue;
      if (c.kind === K.Inherit_) {
        for (const a of attrNodes(c)) {
          const name = nameOf(a);
          if (name === undefined) continue;
          const prev = m.get(name);
          if (prev) dup(name, a, prev);
          else m.set(name, { start: a.start, end: a.end, inherited: true, attrs: undefined });
        }
      } else if (c.kind === K.Binding) addBinding(m, c);
    }
    return m;
  };

  const addBinding = (m0: Model, b: SyntaxNode) => {
    const path = b.node(K.AttrPath);
    // a broken binding (`name` with no `=`) defines nothing
    if (!path || !b.token(K.Assign)) return;
    const parts = attrNodes(path);
    if (parts.length === 0) return;
    const names = parts.map(nameOf);
    const at = { start: path.start, end: path.end };
    let m: Model = m0;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = names[i];
      if (name === undefined) {
        m = new Map(); // dynamic: Nix checks nothing below it
        continue;
      }
      const prev = m.get(name);
      if (prev) {
        if (prev.inherited || !prev.attrs) {
          dup(pathText(names, i), at, prev);
          return;
        }
        m = prev.attrs;
      } else {
        const nested: Model = new Map();
        m.set(name, { start: at.start, end: at.end, inherited: false, attrs: nested });
        m = nested;
      }
    }
    const last = names[parts.length - 1];
    if (last === undefined) return;
    const prev = m.get(last);
    const v = bindingValue(b);
    const vm = v && v.kind === K.AttrSet ? modelOf(v) : undefined;
    if (!prev) {
      m.set(last, { start: at.start, end: at.end, inherited: false, attrs: vm });
      return;
    }
    if (prev.attrs && !prev.inherited && vm) {
      // Nix merges `a = { ... }` into an existing set, checking one level only,
      // and reports at the earlier definition.
      for (const [k, d] of vm) {
        const p2 = prev.attrs.get(k);
        if (p2) dup(k, p2, d);
        else prev.attrs.set(k, d);
      }
      return;
    }
    dup(pathText(names, parts.length - 1), at, prev);
  };

  // `nodes` is in pre-order: outer sets first, as Nix builds them, so nested
  // set literals are modelled from their enclosing binding when they merge.
  // The parser leaves out (as holes) the nodes where nothing can be wrong.
  for (const n of nodes) {
    if (n === undefined) continue;
    switch (n.kind) {
      case K.AttrSet:
      case K.LegacyLet:
        modelOf(n);
        break;
      case K.LetIn: {
        modelOf(n);
        // Nix only sees a dynamic name at the top of a let binding (a list given in `only` has none)
        if (only?.has(n)) break;
        for (const c of n.children) {
          if (c instanceof SyntaxNode && c.kind === K.Binding) {
            const path = c.node(K.AttrPath);
            const p = path ? attrNodes(path)[0] : undefined;
            if (p && nameOf(p) === undefined) {
              errors.push({
                code: "dynamic-attr-in-let",
                message: "dynamic attribute names are not allowed in 'let'",
                start: p.start,
                end: p.end,
              });
            }
          }
        }
        break;
      }
      case K.Inherit_:
        for (const a of attrNodes(n)) {
          if (nameOf(a) === undefined)
            errors.push({
              code: "dynamic-attr-in-inherit",
              message: "dynamic attribute names are not allowed in 'inherit'",
              start: a.start,
              end: a.end,
            });
        }
        break;
      case K.Lambda:
        checkFormals(n, errors);
        break;
    }
  }
}

function pathText(names: (string | undefined)[], upTo: number): string {
  return names
    .slice(0, upTo + 1)
    .map((p) => p ?? "${...}")
    .join(".");
}

function identName(n: SyntaxNode | undefined): string | undefined {
  if (!n) return undefined;
  for (const c of n.children) if (c instanceof SyntaxToken && c.kind === K.Ident) return c.text;
  return undefined;
}

function checkFormals(lambda: SyntaxNode, errors: SyntaxError[]) {
  const pat = lambda.node(K.Pattern);
  if (!pat) return;
  const seen = new Set<string>();
  let bind: SyntaxNode | undefined;
  for (const c of pat.children) {
    if (!(c instanceof SyntaxNode)) continue;
    if (c.kind === K.PatBind) {
      bind ??= c.node(K.IdentExpr);
      continue;
    }
    if (c.kind !== K.PatEntry) continue;
    const id = c.node(K.IdentExpr);
    const name = identName(id);
    if (!id || name === undefined) continue;
    if (seen.has(name)) {
      errors.push({
        code: "duplicate-formal",
        message: `duplicate function argument '${name}'`,
        start: id.start,
        end: id.end,
      });
    } else seen.add(name);
  }
  const b = identName(bind);
  if (bind && b !== undefined && seen.has(b)) {
    errors.push({
      code: "duplicate-formal",
      message: `duplicate function argument '${b}' (the '@' name is also a formal)`,
      start: bind.start,
      end: bind.end,
    });
  }
}

// The checks Nix makes while parsing (before evaluation): duplicate
// attributes (with Nix's merging of nested paths), duplicate formals, and
// dynamic attribute names where they are not allowed. Positions follow what
// Nix reports, so editors and `nix-instantiate --parse` agree.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode } from "./tree.js";
import type { SyntaxError } from "./parser.js";
import { Attr, AttrPath, Binding, Inherit, Pattern, attrStaticName, exprChildren, unparen } from "./views.js";

// A model of Nix's ExprAttrs while it is being built: name -> definition.
interface Def {
  start: number;
  end: number;
  inherited: boolean;
  /** When the value is an attribute set (literal or made from a nested path), its attributes. */
  attrs: Model | undefined;
}
type Model = Map<string, Def>;

export function runChecks(root: SyntaxNode, src: string, errors: SyntaxError[]): void {
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
    for (const c of n.children) {
      if (!(c instanceof SyntaxNode)) continue;
      if (c.kind === K.Inherit_) {
        for (const a of new Inherit(c).attrs()) {
          const name = a.name;
          if (name === undefined) continue;
          const prev = m.get(name);
          if (prev) dup(name, a, prev);
          else m.set(name, { start: a.start, end: a.end, inherited: true, attrs: undefined });
        }
      } else if (c.kind === K.Binding) addBinding(m, new Binding(c));
    }
    return m;
  };

  const valueModel = (v: SyntaxNode | undefined): Model | undefined => {
    const e = unparen(v);
    return e && e.kind === K.AttrSet ? modelOf(e) : undefined;
  };

  const addBinding = (m0: Model, b: Binding) => {
    const path = b.attrPath();
    if (!path) return;
    const parts = path.parts();
    if (parts.length === 0) return;
    const at = { start: path.start, end: path.end };
    let m: Model = m0;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i]!.name;
      if (name === undefined) {
        m = new Map(); // dynamic: Nix checks nothing below it
        continue;
      }
      const prev = m.get(name);
      if (prev) {
        if (prev.inherited || !prev.attrs) {
          dup(pathText(path, i), at, prev);
          return;
        }
        m = prev.attrs;
      } else {
        const nested: Model = new Map();
        m.set(name, { start: at.start, end: at.end, inherited: false, attrs: nested });
        m = nested;
      }
    }
    const last = parts[parts.length - 1]!.name;
    if (last === undefined) return;
    const prev = m.get(last);
    const vm = valueModel(b.value());
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
    dup(pathText(path, parts.length - 1), at, prev);
  };

  for (const n of iterNodes(root)) {
    switch (n.kind) {
      case K.AttrSet:
      case K.LegacyLet:
        modelOf(n);
        break;
      case K.LetIn: {
        modelOf(n);
        // Nix only sees a dynamic name at the top of a let binding
        for (const c of n.children) {
          if (c instanceof SyntaxNode && c.kind === K.Binding) {
            const p = new Binding(c).attrPath()?.parts()[0];
            if (p && p.name === undefined) {
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
        for (const a of new Inherit(n).attrs()) {
          if (a.name === undefined)
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

function pathText(path: AttrPath, upTo: number): string {
  return path
    .parts()
    .slice(0, upTo + 1)
    .map((p: Attr) => p.name ?? "${...}")
    .join(".");
}

function checkFormals(lambda: SyntaxNode, errors: SyntaxError[]) {
  const pn = lambda.node(K.Pattern);
  if (!pn) return;
  const pat = new Pattern(pn);
  const seen = new Map<string, SyntaxNode>();
  for (const e of pat.entries()) {
    const id = e.name();
    if (!id) continue;
    if (seen.has(id.name)) {
      errors.push({
        code: "duplicate-formal",
        message: `duplicate function argument '${id.name}'`,
        start: id.start,
        end: id.end,
      });
    } else seen.set(id.name, id.node);
  }
  const b = pat.bind();
  if (b && seen.has(b.name)) {
    errors.push({
      code: "duplicate-formal",
      message: `duplicate function argument '${b.name}' (the '@' name is also a formal)`,
      start: b.start,
      end: b.end,
    });
  }
}

function* iterNodes(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (c instanceof SyntaxNode) stack.push(c);
    }
  }
}

// re-exported for views users who want the same rule
export { attrStaticName, exprChildren };

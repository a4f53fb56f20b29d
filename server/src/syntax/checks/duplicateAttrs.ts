// Duplicate attributes, as Nix finds them while it builds each attribute set:
// `a.b = 1; a.b = 2;`, `a = 1; a.b = 2;`, `inherit a; a = 1;`, with its
// merging of nested paths and set literals (`a.b = 1; a = { c = 2; };`).
// Positions and wording follow Nix, so editors and `nix-instantiate --parse` agree.
import { SyntaxKind as K } from "../kinds.js";
import type { SyntaxError } from "../parser/result.js";
import { SyntaxNode, SyntaxToken } from "../tree.js";
import { EXPR_KINDS } from "../views.js";
import { attrNodes, nameOf } from "./attrNames.js";

// A model of Nix's ExprAttrs while it is being built: name -> definition.
interface Def {
  start: number;
  end: number;
  inherited: boolean;
  /** When the value is an attribute set (literal or made from a nested path), its attributes. */
  attrs: Model | undefined;
}
type Model = Map<string, Def>;

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

/** The models of the attribute sets of one parse, each built once, reporting duplicates into `errors`. */
export class AttrSetModels {
  private readonly models = new Map<SyntaxNode, Model>();
  private lines: number[] | undefined;

  constructor(
    private readonly src: string,
    private readonly errors: SyntaxError[],
    /** For a binding list, the elements to model (see runChecks). */
    private readonly only: ReadonlyMap<SyntaxNode, readonly SyntaxNode[]> | undefined,
  ) {}

  /**
   * The model of an attribute-set-like node (set, `let`), built once.
   * Recursion follows nested attrset literals, which the parser already bounded.
   */
  modelOf(n: SyntaxNode): Model {
    let m = this.models.get(n);
    if (m) return m;
    m = new Map();
    this.models.set(n, m);
    for (const c of this.only?.get(n) ?? n.children) {
      if (!(c instanceof SyntaxNode)) continue;
      if (c.kind === K.Inherit_) {
        for (const a of attrNodes(c)) {
          const name = nameOf(a);
          if (name === undefined) continue;
          const prev = m.get(name);
          if (prev) this.dup(name, a, prev);
          else m.set(name, { start: a.start, end: a.end, inherited: true, attrs: undefined });
        }
      } else if (c.kind === K.Binding) this.addBinding(m, c);
    }
    return m;
  }

  private addBinding(m0: Model, b: SyntaxNode): void {
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
          this.dup(pathText(names, i), at, prev);
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
    const vm = v && v.kind === K.AttrSet ? this.modelOf(v) : undefined;
    if (!prev) {
      m.set(last, { start: at.start, end: at.end, inherited: false, attrs: vm });
      return;
    }
    if (prev.attrs && !prev.inherited && vm) {
      // Nix merges `a = { ... }` into an existing set, checking one level only,
      // and reports at the earlier definition.
      for (const [k, d] of vm) {
        const p2 = prev.attrs.get(k);
        if (p2) this.dup(k, p2, d);
        else prev.attrs.set(k, d);
      }
      return;
    }
    this.dup(pathText(names, parts.length - 1), at, prev);
  }

  private dup(name: string, at: { start: number; end: number }, prev: { start: number }): void {
    this.errors.push({
      code: "duplicate-attr",
      message: `attribute '${name}' already defined at ${this.where(prev.start)}`,
      start: at.start,
      end: at.end,
    });
  }

  private where(offset: number): string {
    if (!this.lines) {
      const src = this.src;
      const lines = [0];
      for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) lines.push(i + 1);
      this.lines = lines;
    }
    const lines = this.lines;
    let lo = 0,
      hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return `line ${lo + 1}, column ${offset - lines[lo]! + 1}`;
  }
}

function pathText(names: (string | undefined)[], upTo: number): string {
  return names
    .slice(0, upTo + 1)
    .map((p) => p ?? "${...}")
    .join(".");
}

// The attribute paths of one binding list (a set, a `let`), kept across
// re-parses of runs of it: what the parser's notePath / noteInheritNames
// decide for the whole list (whether it needs the parse-time checks), and
// which of its elements those checks can find a duplicate among. A list of
// thousands of bindings (a large configuration's top level) is then not
// read again at each keystroke typed into it.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import { ownString } from "./ownString.js";

/** What one element adds to its list's paths. */
interface ElementPaths {
  /**
   * 0: its paths are plain and listed here. 1: it defines nothing the checks
   * see (a binding with no `=`, or no name), but makes the parser check the
   * list. 2: a name the parser does not read (a quoted name with `${}`, a
   * dynamic one that is static, ...): the list needs its whole check.
   */
  odd: 0 | 1 | 2;
  /** Keys (names joined by NUL, each after one) of the proper prefixes of its path. */
  prefixes: string[];
  /** Keys of the whole paths it defines (one for a binding, each name of an `inherit`). */
  full: string[];
}

/** The checks group attributes by their first name: the keys an element's checks start from. */
function groupsOf(e: ElementPaths): string[] {
  if (e.prefixes.length > 0) return [e.prefixes[0]!];
  return e.full;
}

/** What a binding or `inherit` of a list adds to its paths, as the parser notes them. */
function elementPaths(c: SyntaxNode, text: string, inLet: boolean): ElementPaths | undefined {
  const odd = (why: 1 | 2): ElementPaths => ({ odd: why, prefixes: [], full: [] });
  if (c.kind === K.Inherit_) {
    const full: string[] = [];
    for (const n of c.rawChildNodes()) {
      if (n.kind === K.InheritFrom) continue;
      if (n.kind !== K.IdentExpr) return odd(2);
      full.push(ownString("\u0000" + text.slice(n.start, n.end)));
    }
    return { odd: 0, prefixes: [], full };
  }
  if (c.kind !== K.Binding) return undefined;
  const path = c.rawChildNodes().find((n) => n.kind === K.AttrPath);
  // a binding with no name (`= 1;`): the checks skip it
  if (!path) return odd(1);
  const parts = path.rawChildNodes();
  if (parts.length === 0) return odd(1);
  if (inLet && parts[0]!.kind !== K.IdentExpr) return odd(2);
  let dots = 0;
  for (const t of path.children) if (t instanceof SyntaxToken && t.kind === K.Dot) dots++;
  // a dot with no name after it
  if (dots !== parts.length - 1) return odd(2);
  const out: ElementPaths = { odd: 0, prefixes: [], full: [] };
  let key = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    let name: string;
    if (p.kind === K.IdentExpr) name = text.slice(p.start, p.end);
    else if (p.kind === K.String) {
      const inner = p.children.filter((t) => !(t instanceof SyntaxToken && t.kind === K.Quote));
      if (inner.length > 1 || (inner.length === 1 && (!(inner[0] instanceof SyntaxToken) || inner[0].kind !== K.StrFragment))) return odd(2);
      name = inner.length === 1 ? text.slice(inner[0]!.start, inner[0]!.end) : "";
      if (name.includes("\r")) return odd(2);
    } else if (p.kind === K.Dynamic) {
      // `${x}`: nothing is checked at or below it; `${"a"}` (static) is
      const e = p.rawChildNodes()[0];
      if (e && (e.kind === K.String || e.kind === K.Paren || e.kind === K.IndString)) return odd(2);
      return out;
    } else return odd(2);
    // (keys of their own: made of slices, they would keep this version's whole text alive in an
    // index kept across versions, see ownString)
    key = ownString(key + "\u0000" + name);
    if (i < parts.length - 1) out.prefixes.push(key);
    // a binding with no `=` defines nothing (the checks skip it)
    else if (!c.children.some((t) => t instanceof SyntaxToken && t.kind === K.Assign)) return odd(1);
    else out.full.push(key);
  }
  return out;
}

/**
 * The paths of a list's elements, counted: a key two elements define, or one
 * defines and another goes through (`a = 1; a.b = 2;`), is a clash, which
 * only the checks can settle.
 */
export class PathIndex {
  private readonly fulls = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private readonly clashes = new Set<string>();
  private readonly of = new Map<SyntaxNode, ElementPaths>();
  private odd1 = 0;
  private odd2 = 0;
  private constructor(private readonly inLet: boolean) {}

  static of(list: SyntaxNode, text: string): PathIndex {
    const idx = new PathIndex(list.kind === K.LetIn);
    for (const c of list.rawChildNodes()) idx.add(c, text);
    return idx;
  }

  /** Whether the parser hands the list to the checks (as notePath and noteInheritNames decide). */
  get flagged(): boolean {
    return this.odd1 + this.odd2 + this.clashes.size > 0;
  }

  add(c: SyntaxNode, text: string): void {
    const e = elementPaths(c, text, this.inLet);
    if (!e) return;
    this.of.set(c, e);
    if (e.odd === 1) this.odd1++;
    else if (e.odd === 2) this.odd2++;
    for (const k of e.prefixes) this.count(this.prefixes, k, 1);
    for (const k of e.full) this.count(this.fulls, k, 1);
  }

  /** Takes an element out; false when it was never added (the index no longer fits the list). */
  remove(c: SyntaxNode): boolean {
    if (c.kind !== K.Binding && c.kind !== K.Inherit_) return true;
    const e = this.of.get(c);
    if (!e) return false;
    this.of.delete(c);
    if (e.odd === 1) this.odd1--;
    else if (e.odd === 2) this.odd2--;
    for (const k of e.prefixes) this.count(this.prefixes, k, -1);
    for (const k of e.full) this.count(this.fulls, k, -1);
    return true;
  }

  /** A binding gave way to another with the same path (a re-parse of its value alone). */
  replaced(old: SyntaxNode, next: SyntaxNode): boolean {
    const e = this.of.get(old);
    if (!e) return false;
    this.of.delete(old);
    this.of.set(next, e);
    return true;
  }

  /**
   * The elements of `list` (this index's) among which the checks can find
   * anything: those whose first name is in a clash. Undefined when that is
   * not known (a name the index does not read): check them all then.
   */
  checkedElements(list: SyntaxNode): SyntaxNode[] | undefined {
    if (this.odd2 > 0) return undefined;
    if (this.clashes.size === 0) return [];
    const groups = new Set<string>();
    for (const k of this.clashes) {
      const second = k.indexOf("\u0000", 1);
      groups.add(second < 0 ? k : k.slice(0, second));
    }
    const out: SyntaxNode[] = [];
    for (const c of list.rawChildNodes()) {
      const e = this.of.get(c);
      if (e && groupsOf(e).some((g) => groups.has(g))) out.push(c);
    }
    return out;
  }

  private count(m: Map<string, number>, k: string, d: number): void {
    const n = (m.get(k) ?? 0) + d;
    if (n === 0) m.delete(k);
    else m.set(k, n);
    const f = this.fulls.get(k) ?? 0;
    if (f >= 2 || (f >= 1 && (this.prefixes.get(k) ?? 0) >= 1)) this.clashes.add(k);
    else this.clashes.delete(k);
  }
}

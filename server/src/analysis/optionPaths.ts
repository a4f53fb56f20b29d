// Which NixOS option path each binding of a file sets, and where a given option is defined.
// Module-system errors name an option and a file but no line, and plain-language edits name an
// option to change: both need `a.b.c = v`, `a = { b.c = v; }`, `config = { ... }` beside
// `options`, values under mkIf/mkMerge/mkDefault/mkForce/mkOverride, quoted names, module
// bodies that are functions, and inline modules in a flake's `modules = [ ... ]`, read on the
// real tree. Tolerant: a broken file yields what could be understood.
import {
  SyntaxKind as K,
  SyntaxNode,
  asApply,
  asBinding,
  asInherit,
  asLambda,
  asLetIn,
  asPattern,
  asSelect,
  exprChildren,
  parse,
  type TextRange,
} from '../syntax/index.js';

/** One name of a binding's attribute path as written; `name` is undefined for a dynamic part. */
export interface OptionPathPart extends TextRange {
  name: string | undefined;
}

export interface OptionBinding {
  /** `let` bindings name values, not options; everything else is 'attr'. */
  kind: 'attr' | 'let';
  /** The Binding node. */
  node: SyntaxNode;
  /** The attribute path written in this binding (`a.b` in `a.b = v;`). */
  parts: OptionPathPart[];
  /** The path the enclosing sets give, relative to the module (or let) root they belong to. */
  prefix: (string | undefined)[];
  /** prefix + the names of parts (undefined for dynamic parts). */
  path: (string | undefined)[];
  /** From the attribute path to after the `;` (to the value's end when the `;` is missing). */
  range: TextRange;
  /** The attribute path written in this binding. */
  pathRange: TextRange;
  /** The value; empty at the `;` when the value is missing. */
  valueRange: TextRange;
  /** The AttrSet, LetIn or LegacyLet holding the binding. */
  set: SyntaxNode;
}

/** A function's `{ a, b ? 1, ... }` argument pattern. */
export interface ArgumentPattern {
  node: SyntaxNode;
  /** Offsets of the `{` and of the `}` (the pattern's end when the `}` is missing). */
  open: number;
  close: number;
  args: { name: string; start: number; end: number }[];
  ellipsis: TextRange | undefined;
  /** Not inside any set, list, parentheses or let bindings: a module's own arguments. */
  outermost: boolean;
}

/** What the option readers and edit builders need of one file. */
export interface ModuleOutline {
  text: string;
  tree: SyntaxNode;
  /** Every binding with an `=`, in document order (outer before inner). */
  bindings: OptionBinding[];
  /** The module body: the first attribute set outside any brackets (after `{ ... }:`, `let ... in`, `with`). */
  body: SyntaxNode | undefined;
  patterns: ArgumentPattern[];
  /** Names bound somewhere in the file: arguments, let bindings, inherited names, rec names. */
  boundNames: ReadonlySet<string>;
}

/** Reads the outline of a file (parsing it unless its tree is given). */
export function moduleOutline(text: string, tree: SyntaxNode = parse(text).tree): ModuleOutline {
  const walk = new OutlineWalk(undefined);
  walk.visit(tree, [], 0, true);
  return { text, tree, bindings: walk.bindings, body: walk.body, patterns: walk.patterns, boundNames: walk.names };
}

/**
 * The part of the outline that `moduleOptions(outline, roots)` reads, for the checks run on
 * every keystroke: the bindings of `roots` (module bodies) and of the sets that may belong to
 * them (through binding values, parentheses, `if`, `with`, `assert`, a `let`'s body and calls),
 * with the same paths as in the whole outline. Subtrees where no such set can be (lists not
 * given to a call, function bodies, `let` values, operators, strings) are skipped: on a file of
 * inline modules in `imports = [ ... ]` nothing below the list is walked. `body`, `patterns`
 * and `boundNames` are partial: edits and completion read `moduleOutline`.
 */
export function memberOutline(text: string, tree: SyntaxNode, roots: readonly SyntaxNode[]): ModuleOutline {
  const keep = new Set<SyntaxNode>();
  for (const r of roots) for (let n: SyntaxNode | null = r; n && !keep.has(n); n = n.parent) keep.add(n);
  const walk = new OutlineWalk(keep);
  walk.visit(tree, [], 0, true);
  return { text, tree, bindings: walk.bindings, body: walk.body, patterns: walk.patterns, boundNames: walk.names };
}

type Prefix = (string | undefined)[];

// The items of a list given to these define the option the call is bound to (mkIf, mkDefault,
// mkForce, mkOverride n need nothing special: a set in any argument continues the path).
const MERGE_FNS: ReadonlySet<string> = new Set(['mkMerge']);

class OutlineWalk {
  readonly bindings: OptionBinding[] = [];
  readonly patterns: ArgumentPattern[] = [];
  readonly names = new Set<string>();
  body: SyntaxNode | undefined;

  /** With `keep` (memberOutline), subtrees no module set can be in are skipped but for these nodes. */
  constructor(private readonly keep: ReadonlySet<SyntaxNode> | undefined) {}

  /**
   * `prefix` is the option path a set found here continues; `depth` counts enclosing brackets.
   * `live`: a set here may belong to a module body (moduleOptions climbs through `n`'s parent).
   */
  visit(n: SyntaxNode | undefined, prefix: Prefix, depth: number, live: boolean): void {
    if (!n) return;
    if (!live && this.keep && !this.keep.has(n)) return;
    switch (n.kind) {
      case K.AttrSet:
        if (depth === 0 && this.body === undefined) this.body = n;
        this.bindingsOf(n, prefix, depth + 1, 'attr', n.token(K.Rec) !== undefined);
        return;
      case K.LetIn:
      case K.LegacyLet:
        this.bindingsOf(n, [], depth + 1, 'let', true);
        this.visit(asLetIn(n)?.body(), prefix, depth, true);
        return;
      case K.Lambda: {
        const lambda = asLambda(n)!;
        const param = lambda.param();
        if (param?.name) this.names.add(param.name);
        const pattern = lambda.pattern();
        if (pattern) this.pattern(pattern.node, depth);
        // A function body starts afresh: it is an inline module, usually.
        this.visit(lambda.body(), [], depth, false);
        return;
      }
      case K.Apply: {
        const { fn, args } = asApply(n)!.flatten();
        this.visit(fn, prefix, depth, true);
        const merge = fn !== undefined && MERGE_FNS.has(lastName(fn) ?? '');
        for (const a of args) {
          if (merge && a.kind === K.List) for (const item of exprChildren(a)) this.visit(item, prefix, depth + 1, true);
          else this.visit(a, prefix, depth, true);
        }
        return;
      }
      case K.Paren:
        this.visit(exprChildren(n)[0], prefix, depth + 1, true);
        return;
      case K.List:
        // (moduleOptions reads list items only as arguments: `mkMerge [ ... ]`)
        for (const item of exprChildren(n)) this.visit(item, [], depth + 1, n.parent?.kind === K.Apply);
        return;
      case K.BinaryOp:
      case K.UnaryOp:
        for (const c of exprChildren(n)) this.visit(c, prefix, depth, false);
        return;
      case K.IfElse:
      case K.WithExpr:
      case K.AssertExpr: {
        // The condition or namespace is no part of the value; the branches and body are.
        const [first, ...rest] = exprChildren(n);
        this.visit(first, [], depth, true);
        for (const c of rest) this.visit(c, prefix, depth, true);
        return;
      }
      default:
        for (const c of n.children) {
          if (!(c instanceof SyntaxNode)) continue;
          const inner = c.kind === K.Interpolation || c.kind === K.Dynamic ? depth + 1 : depth;
          this.visit(c, [], inner, false);
        }
    }
  }

  private bindingsOf(set: SyntaxNode, prefix: Prefix, depth: number, kind: 'attr' | 'let', bindsNames: boolean): void {
    for (const c of set.children) {
      if (!(c instanceof SyntaxNode)) continue;
      if (c.kind === K.Inherit_) {
        const inherit = asInherit(c)!;
        this.visit(inherit.from(), [], depth + 1, false);
        for (const a of inherit.attrs()) if (a.kind === 'ident' && a.name) this.names.add(a.name);
        continue;
      }
      if (c.kind !== K.Binding) {
        // What the parser could not read; a let's body is visited by the caller.
        if (c.kind === K.Error) this.visit(c, [], depth, false);
        continue;
      }
      const b = this.binding(c, set, prefix, kind);
      const value = asBinding(c)!.value();
      if (!b) {
        this.visit(value, [], depth, false);
        continue;
      }
      this.bindings.push(b);
      if (bindsNames && b.parts[0]!.name) this.names.add(b.parts[0]!.name);
      this.visit(value, b.path, depth, kind === 'attr');
    }
  }

  private binding(node: SyntaxNode, set: SyntaxNode, prefix: Prefix, kind: 'attr' | 'let'): OptionBinding | undefined {
    const view = asBinding(node)!;
    const attrPath = view.attrPath();
    const assign = node.token(K.Assign);
    if (!attrPath || !assign) return undefined;
    const parts = attrPath.parts().map((p) => ({ name: p.name, start: p.start, end: p.end }));
    if (parts.length === 0) return undefined;
    const value = view.value();
    const semicolon = node.token(K.Semicolon);
    const valueAt = value?.start ?? semicolon?.start ?? node.end;
    return {
      kind,
      node,
      parts,
      prefix,
      path: [...prefix, ...parts.map((p) => p.name)],
      range: { start: parts[0]!.start, end: semicolon?.end ?? value?.end ?? assign.end },
      pathRange: { start: parts[0]!.start, end: parts[parts.length - 1]!.end },
      valueRange: { start: valueAt, end: value?.end ?? valueAt },
      set,
    };
  }

  private pattern(node: SyntaxNode, depth: number): void {
    const view = asPattern(node)!;
    const open = node.token(K.LBrace)?.start ?? node.start;
    const args: ArgumentPattern['args'] = [];
    for (const e of view.entries()) {
      const name = e.name();
      if (name?.name) {
        args.push({ name: name.name, start: name.start, end: name.end });
        this.names.add(name.name);
      }
      this.visit(e.default(), [], depth + 1, false);
    }
    const bind = view.bind();
    if (bind?.name) this.names.add(bind.name);
    const ellipsis = node.token(K.Ellipsis);
    this.patterns.push({
      node,
      open,
      close: node.token(K.RBrace)?.start ?? node.end,
      args,
      ellipsis: ellipsis && { start: ellipsis.start, end: ellipsis.end },
      outermost: depth === 0,
    });
  }
}

/** `mkMerge` for `mkMerge` and `lib.mkMerge`. */
function lastName(fn: SyntaxNode): string | undefined {
  if (fn.kind === K.IdentExpr) return fn.token(K.Ident)?.text;
  const parts = asSelect(fn)?.attrPath()?.parts();
  return parts?.[parts.length - 1]?.name;
}

// ------------------------------------------------------------------ queries

/** A binding found for an option; `partial` when only a prefix of the option is written. */
export interface LocatedOption {
  binding: OptionBinding;
  partial: boolean;
}

/**
 * The option path a binding sets, as NixOS sees it: the path of the binding with a module's
 * explicit `config.` removed. Dynamic parts stay undefined.
 */
export function optionPathOf(binding: OptionBinding): (string | undefined)[] {
  return binding.path.length > 1 && binding.path[0] === 'config' ? binding.path.slice(1) : binding.path;
}

/** The innermost non-let binding around `offset` and the option path it sets. */
export function optionAt(outline: ModuleOutline, offset: number): { binding: OptionBinding; path: (string | undefined)[] } | undefined {
  let best: OptionBinding | undefined;
  for (const b of outline.bindings) {
    if (b.kind !== 'attr' || b.range.start > offset || offset > b.range.end) continue;
    if (!best || b.range.start >= best.range.start) best = b;
  }
  return best && { binding: best, path: optionPathOf(best) };
}

/** Every binding defining exactly `path` (written flat, nested, or under `config`), in document order. */
export function optionDefinitions(outline: ModuleOutline, path: readonly string[]): OptionBinding[] {
  return outline.bindings.filter((b) => b.kind === 'attr' && (samePath(b.path, path) || samePath(b.path, ['config', ...path])));
}

/**
 * Where `path` is defined. When several bindings define it, `valueText` (the value as the module
 * system prints it) picks one. Without an exact definition: the longest binding that writes a
 * prefix of the path and whose value is not a set (`a.b = someVariable;`), as partial.
 */
export function locateOption(outline: ModuleOutline, path: readonly string[], valueText?: string): LocatedOption | undefined {
  const exact = optionDefinitions(outline, path);
  if (exact.length) return { binding: pickByValue(outline.text, exact, valueText), partial: false };
  let best: OptionBinding | undefined;
  for (const b of outline.bindings) {
    if (b.kind !== 'attr') continue;
    const p = b.path[0] === 'config' && path[0] !== 'config' ? b.path.slice(1) : b.path;
    if (p.length < path.length && p.length > 1 && p.every((c, i) => c === path[i]) && outline.text[b.valueRange.start] !== '{') {
      if (!best || b.path.length > best.path.length) best = b;
    }
  }
  return best ? { binding: best, partial: true } : undefined;
}

function pickByValue(text: string, candidates: OptionBinding[], valueText: string | undefined): OptionBinding {
  if (candidates.length === 1 || valueText === undefined) return candidates[0]!;
  const want = normaliseValue(valueText);
  const value = (b: OptionBinding) => normaliseValue(text.slice(b.valueRange.start, b.valueRange.end));
  return candidates.find((b) => value(b) === want) ?? candidates.find((b) => value(b).includes(want)) ?? candidates[0]!;
}

function normaliseValue(value: string): string {
  return value.replace(/\s+/g, '').replace(/^(?:lib\.)?(?:mkForce|mkDefault)/, '');
}

function samePath(a: readonly (string | undefined)[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

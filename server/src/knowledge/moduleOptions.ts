// Options the workspace's own modules declare, read statically from the tree (no evaluation):
// `options.a.b = mkOption { type = types.X; default = ...; description = ...; }`, the
// `options = { a.b = ...; }` form, `mkEnableOption "..."`, `mkPackageOption pkgs "name" { }`, and
// `types.submodule { options = { ... }; }` under `attrsOf`/`listOf`, which gives `<name>`/`*` levels.
// Instant and approximate: what cannot be read statically is left out or typed `anything`.
import {
  SyntaxKind as K,
  SyntaxNode,
  asApply,
  asAttrSet,
  asBinding,
  asLambda,
  asLetIn,
  asList,
  asSelect,
  asWith,
  exprChildren,
  parse,
  staticStringValue,
} from '../syntax/index.js';
import type { OptionInfo } from './model.js';
import { parseOptionType } from './optionTypes.js';

/** The options a module file declares; `file` becomes each option's declaration. */
export function moduleOptions(text: string, file: string, tree: SyntaxNode = parse(text).tree): OptionInfo[] {
  const out: OptionInfo[] = [];
  const reader = new Reader(text, file, out);
  const body = moduleBody(tree);
  if (!body) return out;
  for (const c of body.children) {
    if (!(c instanceof SyntaxNode) || c.kind !== K.Binding) continue;
    const view = asBinding(c)!;
    const names = view.attrPath()?.staticNames();
    if (names?.[0] === 'options') reader.declare(view.value(), names.slice(1));
  }
  return out;
}

/** The module's attribute set: past the file's `{ ... }:` arguments, `let ... in`, `with`, parentheses. */
function moduleBody(tree: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | undefined = tree.kind === K.Root ? exprChildren(tree)[0] : tree;
  for (let i = 0; n && i < 16; i++) {
    if (n.kind === K.Lambda) n = asLambda(n)!.body();
    else if (n.kind === K.AttrSet) return n;
    else {
      const inner = unwrap(n);
      if (inner === n) return undefined;
      n = inner;
    }
  }
  return undefined;
}

/** `f`, `lib.f`, `lib.types.f` -> `f`; `types.f` -> `f`. */
function calleeName(fn: SyntaxNode | undefined): string | undefined {
  fn = unwrap(fn);
  if (!fn) return undefined;
  if (fn.kind === K.IdentExpr) return fn.token(K.Ident)?.text;
  const parts = asSelect(fn)?.attrPath()?.parts();
  return parts?.[parts.length - 1]?.name;
}

/** Strips parentheses, `with x;` and `let ... in` around an expression. */
function unwrap(n: SyntaxNode | undefined): SyntaxNode | undefined {
  for (;;) {
    if (!n) return undefined;
    if (n.kind === K.Paren) n = exprChildren(n)[0];
    else if (n.kind === K.WithExpr) n = asWith(n)?.body();
    else if (n.kind === K.LetIn) n = asLetIn(n)?.body();
    else return n;
  }
}

function call(n: SyntaxNode | undefined): { name: string; args: SyntaxNode[] } | undefined {
  n = unwrap(n);
  if (!n) return undefined;
  if (n.kind === K.Apply) {
    const { fn, args } = asApply(n)!.flatten();
    const name = calleeName(fn);
    return name ? { name, args } : undefined;
  }
  if (n.kind === K.IdentExpr || n.kind === K.Select) {
    const name = calleeName(n);
    return name ? { name, args: [] } : undefined;
  }
  return undefined;
}

/** The static bindings of a set: name -> value node (only single-name bindings). */
function fields(set: SyntaxNode | undefined): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  set = unwrap(set);
  if (!set || set.kind !== K.AttrSet) return out;
  for (const c of set.children) {
    if (!(c instanceof SyntaxNode) || c.kind !== K.Binding) continue;
    const view = asBinding(c)!;
    const names = view.attrPath()?.staticNames();
    const value = view.value();
    if (names?.length === 1 && value) out.set(names[0]!, value);
  }
  return out;
}

// What NixOS's types print as their description (the manual's type text).
const TYPE_TEXT: Record<string, string> = {
  bool: 'boolean',
  int: 'signed integer',
  ints: 'signed integer',
  float: 'floating point number',
  number: 'signed integer or floating point number',
  str: 'string',
  string: 'string',
  singleLineStr: 'string',
  nonEmptyStr: 'non-empty string',
  lines: 'strings concatenated with "\\n"',
  commas: 'strings concatenated with ","',
  path: 'path',
  package: 'package',
  port: '16 bit unsigned integer; between 0 and 65535 (both inclusive)',
  attrs: 'attribute set',
  anything: 'anything',
  raw: 'raw value',
  unspecified: 'unspecified value',
};
const COMPOUND: Record<string, string> = {
  listOf: 'list of ',
  nonEmptyListOf: 'non-empty list of ',
  attrsOf: 'attribute set of ',
  lazyAttrsOf: 'lazy attribute set of ',
  nullOr: 'null or ',
};

class Reader {
  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly out: OptionInfo[],
  ) {}

  private source(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** A value under `options`: an option declaration, or a set of them. */
  declare(value: SyntaxNode | undefined, path: string[]): void {
    const n = unwrap(value);
    if (!n) return;
    const c = call(n);
    if (c?.name === 'mkOption') return this.mkOption(c.args[0], path);
    if (c?.name === 'mkEnableOption') {
      const what = c.args[0] && this.stringOf(c.args[0]);
      return this.emit(path, 'boolean', {
        description: what ? `Whether to enable ${what}.` : '',
        default: 'false',
        example: 'true',
      });
    }
    if (c?.name === 'mkPackageOption') {
      // mkPackageOption pkgs "name" { default = [ "a" "b" ]; example = ...; }
      const name = c.args[1] && (this.stringOf(c.args[1]) ?? this.source(c.args[1]));
      const extra = fields(c.args[2]);
      const def = extra.get('default');
      const defPath = def && asList(unwrap(def)!) ? asList(unwrap(def)!)!.items().map((i) => this.stringOf(i) ?? '?').join('.') : def ? this.stringOf(def) : name;
      const example = extra.get('example');
      return this.emit(path, 'package', {
        description: name ? `The ${name} package to use.` : 'The package to use.',
        default: defPath ? `pkgs.${defPath}` : undefined,
        example: example ? (this.stringOf(example) ? `pkgs.${this.stringOf(example)}` : this.source(example)) : undefined,
      });
    }
    if (n.kind === K.AttrSet) {
      for (const child of n.children) {
        if (!(child instanceof SyntaxNode) || child.kind !== K.Binding) continue;
        const view = asBinding(child)!;
        const names = view.attrPath()?.staticNames();
        if (names) this.declare(view.value(), [...path, ...names]);
      }
    }
  }

  private mkOption(arg: SyntaxNode | undefined, path: string[]): void {
    const f = fields(arg);
    const typeNode = f.get('type');
    const typeText = typeNode ? this.typeText(typeNode) : 'unspecified value';
    const defaultText = f.get('defaultText');
    const def = f.get('default');
    const example = f.get('example');
    const description = f.get('description');
    const readOnly = f.get('readOnly');
    this.emit(path, typeText, {
      description: description ? this.docOf(description) ?? '' : '',
      default: defaultText ? this.literalOf(defaultText) : def ? this.literalOf(def) : undefined,
      example: example ? this.literalOf(example) : undefined,
      readOnly: readOnly !== undefined && this.source(readOnly).trim() === 'true',
    });
    if (typeNode) this.submodules(typeNode, path);
  }

  private emit(path: string[], typeText: string, info: { description: string; default?: string; example?: string; readOnly?: boolean }): void {
    const o: OptionInfo = {
      path,
      type: parseOptionType(typeText),
      description: info.description,
      declarations: [this.file],
      readOnly: info.readOnly ?? false,
      source: 'workspace',
    };
    if (info.default !== undefined) o.default = info.default;
    if (info.example !== undefined) o.example = info.example;
    this.out.push(o);
  }

  /** A string literal's value. */
  private stringOf(n: SyntaxNode): string | undefined {
    const u = unwrap(n);
    return u && (u.kind === K.String || u.kind === K.IndString) ? staticStringValue(u) : undefined;
  }

  /** A description or default text: a string, or `mdDoc`/`literalMD`/`literalExpression` of one. */
  private docOf(n: SyntaxNode): string | undefined {
    const s = this.stringOf(n);
    if (s !== undefined) return s;
    const c = call(n);
    if (c && ['mdDoc', 'literalMD', 'literalExpression', 'literalExample', 'doc'].includes(c.name) && c.args[0]) return this.stringOf(c.args[0]);
    return undefined;
  }

  /** A default or example as the manual shows it: the text of `literalExpression "..."`, else the source. */
  private literalOf(n: SyntaxNode): string {
    const c = call(n);
    if (c && ['literalMD', 'literalExpression', 'literalExample'].includes(c.name) && c.args[0]) return this.stringOf(c.args[0]) ?? this.source(n);
    return this.source(n);
  }

  /** The manual's text for a type expression. */
  private typeText(n: SyntaxNode, nested = false): string {
    const c = call(n);
    if (!c) return 'unspecified value';
    const wrap = (s: string) => (nested && / /.test(s) && !(s in SIMPLE_PHRASES) ? `(${s})` : s);
    if (c.args.length === 0) {
      if (c.name === 'submodule') return nested ? '(submodule)' : 'submodule';
      return wrap(TYPE_TEXT[c.name] ?? c.name);
    }
    const prefix = COMPOUND[c.name];
    if (prefix) return wrap(prefix + this.typeText(c.args[0]!, true));
    if (c.name === 'enum' || c.name === 'oneOf') {
      const list = asList(unwrap(c.args[0])!);
      if (!list) return 'unspecified value';
      if (c.name === 'oneOf') return wrap(list.items().map((i) => this.typeText(i, true)).join(' or '));
      return `one of ${list.items().map((i) => this.source(i)).join(', ')}`;
    }
    if (c.name === 'either') return wrap(`${this.typeText(c.args[0]!, true)} or ${this.typeText(c.args[1] ?? c.args[0]!, true)}`);
    if (c.name === 'submodule') return nested ? '(submodule)' : 'submodule';
    if (c.name === 'strMatching') return 'string matching the pattern ' + (this.stringOf(c.args[0]!) ?? '');
    if (c.name === 'separatedString') return `strings concatenated with ${this.source(c.args[0]!)}`;
    if (c.name === 'between' && c.args.length >= 2) return `integer between ${this.source(c.args[0]!)} and ${this.source(c.args[1]!)} (both inclusive)`;
    if (c.name === 'functionTo') return `function that evaluates to a(n) ${this.typeText(c.args[0]!, true)}`;
    if (c.name === 'uniq' || c.name === 'unique') return this.typeText(c.args[c.args.length - 1]!, nested);
    return 'unspecified value';
  }

  /** The `options` of `submodule X` inside a type, under `<name>`/`*`/nothing per the wrapper. */
  private submodules(n: SyntaxNode, path: string[]): void {
    const c = call(n);
    if (!c) return;
    if (c.name === 'submodule' && c.args[0]) return this.submoduleOptions(c.args[0], path);
    if (c.name === 'attrsOf' || c.name === 'lazyAttrsOf') return c.args[0] && this.submodules(c.args[0], [...path, '<name>']);
    if (c.name === 'listOf' || c.name === 'nonEmptyListOf') return c.args[0] && this.submodules(c.args[0], [...path, '*']);
    if (c.name === 'nullOr' || c.name === 'uniq') return c.args[0] && this.submodules(c.args[0], path);
  }

  /** `{ options = ...; }`, `{ name, ... }: { options = ...; }`, or a list of such modules. */
  private submoduleOptions(module: SyntaxNode, path: string[]): void {
    let m = unwrap(module);
    if (m?.kind === K.List) {
      for (const item of exprChildren(m)) this.submoduleOptions(item, path);
      return;
    }
    if (m?.kind === K.Lambda) m = unwrap(asLambda(m)!.body());
    if (!m || !asAttrSet(m)) return;
    for (const child of m.children) {
      if (!(child instanceof SyntaxNode) || child.kind !== K.Binding) continue;
      const view = asBinding(child)!;
      const names = view.attrPath()?.staticNames();
      if (names?.[0] === 'options') this.declare(view.value(), [...path, ...names.slice(1)]);
    }
  }
}

/** Type texts with spaces that NixOS does not parenthesise when nested. */
const SIMPLE_PHRASES: Record<string, true> = {
  'signed integer': true,
  'floating point number': true,
  'attribute set': true,
  'raw value': true,
  'unspecified value': true,
  'non-empty string': true,
};

// What the NixOS-aware features share about one analysed file: whether it is a module, its
// outline and option bindings (made once per analysis), and how a written value or a package
// name reads. Pure.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, EXPR_KINDS, asApply, asLiteral, asSelect, attrStaticName, exprChildren, staticStringValue, tokenAt, unparen } from '../syntax/index.js';
import type { Analysis, Reference } from '../analysis/index.js';
import { memberOutline, moduleOutline, type ModuleOutline } from '../analysis/optionPaths.js';
import { lastName, moduleOptions, moduleShape, type ModuleOptions, type ModuleShape } from '../analysis/moduleKind.js';
import { NixosIndex } from '../knowledge/nixosIndex.js';

/** The index features get when none is loaded: knows nothing, so checks stay silent. */
export const EMPTY_INDEX = new NixosIndex([]);

export interface NixosFile {
  outline: ModuleOutline;
  options: ModuleOptions;
}

// (an analysis carried over to the next version is updated in place: its text says which one)
const files = new WeakMap<Analysis, { text: string; file: NixosFile | undefined }>();
const shapes = new WeakMap<Analysis, { text: string; shape: ModuleShape }>();

/** The file's shape (moduleShape), read once per version. */
export function shapeOf(a: Analysis): ModuleShape {
  const known = shapes.get(a);
  if (known && known.text === a.text) return known.shape;
  const shape = moduleShape(a.tree);
  shapes.set(a, { text: a.text, shape });
  return shape;
}

/**
 * The outline and option bindings of a NixOS module (or a flake with inline modules); undefined
 * for anything else, found without walking the file (its top alone says it is no module).
 */
export function nixosFile(a: Analysis): NixosFile | undefined {
  const known = files.get(a);
  if (known && known.text === a.text) return known.file;
  const shape = shapeOf(a);
  let file: NixosFile | undefined;
  if (shape.kind === 'nixos' || shape.flakeModules) {
    const outline = moduleOutline(a.text, a.tree);
    const options = moduleOptions(outline);
    if (options.settings.length > 0 || shape.kind === 'nixos') file = { outline, options };
  }
  files.set(a, { text: a.text, file });
  return file;
}

const outlines = new WeakMap<Analysis, { text: string; outline: ModuleOutline }>();

/** The whole outline of any file (a module's is nixosFile's), made once per version. */
export function outlineOf(a: Analysis): ModuleOutline {
  const file = nixosFile(a);
  if (file) return file.outline;
  const known = outlines.get(a);
  if (known && known.text === a.text) return known.outline;
  const outline = moduleOutline(a.text, a.tree);
  outlines.set(a, { text: a.text, outline });
  return outline;
}

const checked = new WeakMap<Analysis, { text: string; file: NixosFile | undefined }>();

/**
 * What the option checks read of `nixosFile` (settings and declarations: the same), on every
 * keystroke, without walking the parts of the file no option setting can be in (memberOutline).
 * Its outline is partial: anything that edits or completes reads `nixosFile`.
 */
export function nixosSettings(a: Analysis): NixosFile | undefined {
  const whole = files.get(a);
  if (whole && whole.text === a.text) return whole.file;
  const known = checked.get(a);
  if (known && known.text === a.text) return known.file;
  const shape = shapeOf(a);
  let file: NixosFile | undefined;
  // (a flake's inline modules are found on its whole outline)
  if (shape.flakeModules) file = nixosFile(a);
  else if (shape.kind === 'nixos') {
    const outline = memberOutline(a.text, a.tree, shape.roots);
    file = { outline, options: moduleOptions(outline) };
  }
  checked.set(a, { text: a.text, file });
  return file;
}

/** Whether the file is a NixOS or Home Manager module (module arguments, no argument fixes). */
export function isModuleFile(a: Analysis): boolean {
  const kind = shapeOf(a).kind;
  return kind === 'nixos' || kind === 'home-manager';
}

/** What a literal value is, when the text alone says so. */
export type LiteralKind = 'bool' | 'int' | 'float' | 'string' | 'path' | 'list' | 'set' | 'null' | 'function';

export interface LiteralValue {
  kind: LiteralKind;
  node: SyntaxNode;
  /** The value of a bool, number or static string. */
  value?: string | number | boolean | null;
}

/** Wrappers whose last argument is the value itself. */
const VALUE_WRAPPERS: ReadonlySet<string> = new Set(['mkDefault', 'mkForce', 'mkOverride', 'mkIf', 'mkBefore', 'mkAfter', 'mkOrder', 'mkVMOverride', 'mkImageMediaOverride']);

/** The value as written, through `mkDefault`/`mkForce`/`mkIf c`/`mkOverride n`; undefined unless a literal. */
export function literalValue(a: Analysis, value: SyntaxNode | undefined): LiteralValue | undefined {
  let n = unparen(value);
  while (n?.kind === K.Apply) {
    const { fn, args } = asApply(n)!.flatten();
    const name = lastName(fn);
    if (!name || !VALUE_WRAPPERS.has(name) || args.length === 0) return undefined;
    n = unparen(args[args.length - 1]);
  }
  if (!n) return undefined;
  switch (n.kind) {
    case K.Literal: {
      const lit = asLiteral(n)!;
      return { kind: lit.kind, node: n, value: lit.value };
    }
    case K.String:
    case K.IndString: {
      const s = staticStringValue(n);
      return { kind: 'string', node: n, value: s ?? undefined };
    }
    case K.Path:
    case K.SearchPathExpr:
      return { kind: 'path', node: n };
    case K.List:
      return { kind: 'list', node: n };
    case K.AttrSet:
      return { kind: 'set', node: n };
    case K.Lambda:
      return { kind: 'function', node: n };
    case K.IdentExpr: {
      const name = a.text.slice(n.start, n.end);
      // only the builtin names, not a variable someone called `true`
      const ref = a.referenceOfNode.get(n);
      if (ref?.resolution.kind !== 'builtin') return undefined;
      if (name === 'true' || name === 'false') return { kind: 'bool', node: n, value: name === 'true' };
      if (name === 'null') return { kind: 'null', node: n, value: null };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `pkgs.firefox`: the Select's package name and its range, when the base is the variable `pkgs`. */
export function pkgsSelect(a: Analysis, n: SyntaxNode): { name: string; start: number; end: number; names: string[] } | undefined {
  const s = asSelect(n);
  if (!s || s.default()) return undefined;
  const base = unparen(s.base());
  if (!base || base.kind !== K.IdentExpr || a.text.slice(base.start, base.end) !== 'pkgs') return undefined;
  const parts = s.attrPath()?.parts() ?? [];
  const first = parts[0];
  if (!first?.name) return undefined;
  const names: string[] = [];
  for (const p of parts) {
    if (!p.name) break;
    names.push(p.name);
  }
  return { name: first.name, start: first.start, end: first.end, names };
}

/**
 * pkgsSelect's first name and the node it is read from, for a Select whose base is already known
 * to be the variable `pkgs`: the same answer without the views and lists pkgsSelect makes, as the
 * package checks read every `pkgs.x` of a file on each keystroke.
 */
export function pkgsFirstName(sel: SyntaxNode): { name: string; node: SyntaxNode } | undefined {
  let path: SyntaxNode | undefined;
  let afterOr = false;
  for (const c of sel.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === K.OrKw) afterOr = true;
    } else if (afterOr && EXPR_KINDS.has(c.kind)) return undefined; // an `or` default
    else if (path === undefined && c.kind === K.AttrPath) path = c;
  }
  if (!path) return undefined;
  for (const c of path.children) {
    if (!(c instanceof SyntaxNode)) continue;
    if (c.kind !== K.IdentExpr && c.kind !== K.String && c.kind !== K.Dynamic && c.kind !== K.IndString) continue;
    const name = attrStaticName(c);
    return name ? { name, node: c } : undefined;
  }
  return undefined;
}

/**
 * Whether a name taken from `with ...;` can only come from `with pkgs;` (every enclosing `with`
 * is `pkgs`). `seen` remembers the answer per `with` across the references of one run.
 */
export function fromWithPkgs(a: Analysis, r: Reference, seen: Map<SyntaxNode, boolean> = new Map()): boolean {
  if (r.resolution.kind !== 'with') return false;
  for (const w of r.resolution.withs) {
    let pkgs = seen.get(w);
    if (pkgs === undefined) {
      const ns = unparen(exprChildren(w)[0]);
      pkgs = ns !== undefined && ns.kind === K.IdentExpr && a.text.slice(ns.start, ns.end) === 'pkgs';
      seen.set(w, pkgs);
    }
    if (!pkgs) return false;
  }
  return true;
}

/**
 * Attributes of `pkgs` that are functions or sets rather than packages: no package listing holds
 * them, so they are never "unknown packages".
 */
export function isPkgsHelper(name: string): boolean {
  return (
    PKGS_HELPERS.has(name) ||
    /^(write|fetch|make|mk|build|run|call|linux|python\d*|perl\d*|lua\d*|haskell|node|ocaml|rust|go_?|gnome|kde|plasma|xfce|qt\d|lib)/.test(name) ||
    /(Packages|Plugins|Extensions|Platform|_latest|Set)$/.test(name)
  );
}

const PKGS_HELPERS: ReadonlySet<string> = new Set([
  'lib', 'stdenv', 'system', 'path', 'formats', 'config', 'pkgs', 'buildPackages', 'targetPackages', 'callPackage',
  'symlinkJoin', 'substituteAll', 'replaceVars', 'nixos', 'testers', 'appimageTools', 'dockerTools', 'vmTools',
  'emptyDirectory', 'emptyFile', 'hostPlatform', 'buildPlatform', 'targetPlatform', 'overrideScope', 'xorg',
  'vimUtils', 'vscode-utils', 'texlive', 'nerd-fonts', 'androidenv', 'dotnetCorePackages', 'cudaPackages',
]);

/** The attribute-path part under the cursor: a name of a binding's path or of a selection. */
export function attrPartAt(a: Analysis, offset: number): { part: SyntaxNode; index: number; owner: SyntaxNode } | undefined {
  for (const o of [offset, offset - 1]) {
    if (o < 0) continue;
    const t = tokenAt(a.tree, o);
    if (!t || o < t.start || o >= t.end || (t.kind !== K.Ident && t.kind !== K.StrFragment)) continue;
    let part: SyntaxNode | null = t.parent;
    while (part && part.parent && part.parent.kind !== K.AttrPath) part = part.parent;
    const path = part?.parent;
    if (!part || !path || !path.parent) continue;
    return { part, index: path.childNodes().indexOf(part), owner: path.parent };
  }
  return undefined;
}

/**
 * The option path at the cursor in a module: `upTo` ends at the hovered name, `full` is the
 * whole path written (`services.openssh.enable` as a binding, or read as `config.services...`).
 */
export function optionPathAt(a: Analysis, offset: number): { range: { start: number; end: number }; upTo: string[]; full: string[] } | undefined {
  const at = attrPartAt(a, offset);
  const file = at && nixosFile(a);
  if (!at || !file) return undefined;
  const range = { start: at.part.start, end: at.part.end };
  if (at.owner.kind === K.Binding) {
    const setting = file.options.settings.find((x) => x.binding.node === at.owner);
    if (!setting) return undefined;
    const written = setting.path.length - setting.binding.parts.length;
    return { range, upTo: setting.path.slice(0, written + at.index + 1), full: setting.path };
  }
  if (at.owner.kind !== K.Select) return undefined;
  const sel = asSelect(at.owner)!;
  const base = unparen(sel.base());
  if (!base || base.kind !== K.IdentExpr || a.text.slice(base.start, base.end) !== 'config') return undefined;
  const names: string[] = [];
  for (const p of sel.attrPath()?.parts() ?? []) {
    if (!p.name) break;
    names.push(p.name);
  }
  if (names.length <= at.index) return undefined;
  return { range, upTo: names.slice(0, at.index + 1), full: names };
}

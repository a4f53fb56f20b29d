// What a file is, read from its shape (no evaluation): a NixOS module, a Home Manager module, a
// package expression, a flake, an overlay, or something else; and which of its bindings set
// NixOS options. Option checks run only on NixOS modules' option bindings, because a false alarm
// on a package or an overlay costs more than a missed one: when unsure, the answer is 'unknown'.
import { SyntaxKind as K, SyntaxNode, asApply, asBinding, asLambda, asSelect, attrStaticName, exprChildren, isExpr, unparen } from '../syntax/index.js';
import type { ModuleOutline, OptionBinding } from './optionPaths.js';

export type ModuleKind = 'nixos' | 'home-manager' | 'package' | 'flake' | 'overlay' | 'unknown';

export interface ModuleShape {
  kind: ModuleKind;
  /**
   * The attribute sets that are NixOS module bodies: the file's own (a module), the inline
   * modules of `nixosConfigurations.*.modules` and `nixosModules.*` (a flake); else none.
   */
  roots: SyntaxNode[];
  /** The file is a flake with inline modules: roots are found on its outline (moduleRoots). */
  flakeModules: boolean;
}

/** The arguments the module system passes every NixOS module. */
export const MODULE_ARGUMENTS: ReadonlySet<string> = new Set(['config', 'options', 'lib', 'pkgs', 'modulesPath']);

/** Top-level option names that only a NixOS module sets (not Home Manager, not a package). */
const NIXOS_TOP: ReadonlySet<string> = new Set([
  'boot', 'networking', 'services', 'users', 'environment', 'nix', 'nixpkgs', 'system', 'hardware',
  'fileSystems', 'swapDevices', 'programs', 'security', 'time', 'i18n', 'console', 'fonts',
  'virtualisation', 'systemd', 'sound', 'powerManagement', 'documentation', 'zramSwap', 'location',
  'xdg', 'qt', 'gtk', 'specialisation', 'containers', 'krb5', 'power', 'appstream', 'sops', 'age',
]);

/** Names a module body holds for the module system itself, not as options. */
export const MODULE_KEYWORDS: ReadonlySet<string> = new Set(['imports', 'options', 'config', '_file', 'key', 'disabledModules', 'require', 'freeformType']);

/** Arguments that mark a package expression (`{ stdenv, fetchurl, ... }:`). */
const PACKAGE_ARGS: ReadonlySet<string> = new Set(['stdenv', 'fetchurl', 'fetchFromGitHub', 'fetchgit', 'mkDerivation', 'buildPythonPackage', 'buildGoModule', 'rustPlatform', 'callPackage', 'stdenvNoCC', 'python3Packages', 'makeWrapper']);

/** Functions whose argument sets define the option the call is bound to. */
const WRAPPERS: ReadonlySet<string> = new Set(['mkIf', 'mkDefault', 'mkForce', 'mkOverride', 'mkMerge', 'mkBefore', 'mkAfter', 'mkOrder', 'mkVMOverride', 'mkImageMediaOverride']);

/**
 * What the file whose tree this is looks like. Read afresh on each call (only the top of the file
 * is looked at): an edit may update a tree in place, so nothing is kept on it.
 */
export function moduleShape(tree: SyntaxNode): ModuleShape {
  const none = (kind: ModuleKind): ModuleShape => ({ kind, roots: [], flakeModules: false });
  const top = unparen(exprChildren(tree)[0]);
  if (!top) return none('unknown');
  if (top.kind === K.AttrSet && firstNames(top).has('outputs')) return { kind: 'flake', roots: [], flakeModules: true };
  let body = top;
  let moduleArgs = true;
  let packageArgs = false;
  let stockArgs = false;
  if (top.kind === K.Lambda) {
    const lambda = asLambda(top)!;
    const inner = unparen(lambda.body());
    const pattern = lambda.pattern();
    if (!pattern) {
      // `final: prev: { ... }` (or `self: super:`) is an overlay
      if (inner?.kind === K.Lambda && !asLambda(inner)!.pattern()) return none('overlay');
    } else {
      const names = pattern.entries().map((e) => e.name()?.name ?? '');
      packageArgs = names.some((n) => PACKAGE_ARGS.has(n) || n.startsWith('fetch'));
      moduleArgs = pattern.hasEllipsis ? !packageArgs : names.every((n) => MODULE_ARGUMENTS.has(n));
      stockArgs = names.length > 0 && names.every((n) => MODULE_ARGUMENTS.has(n));
    }
    if (!inner) return none('unknown');
    body = inner;
  }
  if (!moduleArgs) return none(packageArgs ? 'package' : 'unknown');
  const roots = bodies(body);
  if (roots.length === 0) return none(packageArgs || callsBuilder(body) ? 'package' : 'unknown');
  const names = new Set<string>();
  for (const r of roots) for (const n of firstNames(r)) names.add(n);
  if (names.has('home')) return none('home-manager');
  // (a module being written, `{ config, pkgs, ... }: { }`, has no names yet: its arguments say it)
  let looksNixos = names.has('imports') || names.has('options') || (stockArgs && names.size === 0);
  for (const n of names) if (NIXOS_TOP.has(n)) looksNixos = true;
  if (!looksNixos && names.has('config')) for (const r of roots) for (const n of configNames(r)) if (NIXOS_TOP.has(n)) looksNixos = true;
  return looksNixos ? { kind: 'nixos', roots, flakeModules: false } : none('unknown');
}

/** The module bodies an expression is: through let, with, assert, parentheses and mkIf/mkMerge. */
function bodies(e: SyntaxNode | undefined): SyntaxNode[] {
  const n = unparen(e);
  if (!n) return [];
  switch (n.kind) {
    case K.AttrSet:
      return [n];
    case K.LetIn:
      return bodies(letBody(n));
    case K.WithExpr:
    case K.AssertExpr:
      return bodies(exprChildren(n)[1]);
    case K.Lambda:
      // `{ net }` while a set is being typed reads as a function's pattern missing its `:`
      return n.token(K.Colon) ? [] : n.childNodes().filter((c) => c.kind === K.Pattern);
    case K.Apply: {
      const { fn, args } = asApply(n)!.flatten();
      const name = fn && lastName(fn);
      if (!name || !WRAPPERS.has(name)) return [];
      const last = unparen(args[args.length - 1]);
      if (name === 'mkMerge' && last?.kind === K.List) return exprChildren(last).flatMap(bodies);
      return bodies(last);
    }
    default:
      return [];
  }
}

/** The first names of a set's bindings (`services` for `services.x.y = ...`), inherits left out. */
function firstNames(set: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const c of set.childNodes()) {
    const first = c.kind === K.Binding ? firstName(c) : undefined;
    if (first) out.add(first);
  }
  return out;
}

/** The first name of a binding's path (`services` in `services.x = ...`), read without views. */
export function firstName(binding: SyntaxNode): string | undefined {
  const path = binding.node(K.AttrPath);
  const first = path?.childNodes()[0];
  if (!first) return undefined;
  return first.kind === K.IdentExpr ? first.token(K.Ident)?.text : attrStaticName(first);
}

/** The first names under `config` (`config = { ... }` or `config.x = ...`). */
function configNames(set: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const c of set.childNodes()) {
    if (c.kind !== K.Binding) continue;
    const b = asBinding(c)!;
    const parts = b.attrPath()?.parts() ?? [];
    if (parts[0]?.name !== 'config') continue;
    if (parts[1]?.name) out.add(parts[1].name);
    else for (const r of bodies(b.value())) for (const n of firstNames(r)) out.add(n);
  }
  return out;
}

/** `stdenv.mkDerivation { ... }` and the like somewhere at the top of the body. */
function callsBuilder(e: SyntaxNode): boolean {
  let n = unparen(e);
  while (n && (n.kind === K.LetIn || n.kind === K.WithExpr || n.kind === K.AssertExpr))
    n = unparen(n.kind === K.LetIn ? letBody(n) : exprChildren(n)[1]);
  if (!n || n.kind !== K.Apply) return false;
  const name = lastName(asApply(n)!.flatten().fn!) ?? '';
  return /^(mkDerivation|build\w+|mkShell|writeShellApplication|runCommand\w*)$/.test(name);
}

/**
 * A `let`'s body: its last expression child (the bindings are no expressions). Read from the
 * end without the tokens: a long `let` has thousands.
 */
function letBody(n: SyntaxNode): SyntaxNode | undefined {
  const cs = n.childNodes();
  for (let i = cs.length - 1; i >= 0; i--) {
    const c = cs[i]!;
    if (c.kind === K.Binding || c.kind === K.Inherit_) return undefined;
    if (isExpr(c)) return c;
  }
  return undefined;
}

/** `mkMerge` for `mkMerge` and `lib.mkMerge`. */
export function lastName(fn: SyntaxNode | undefined): string | undefined {
  if (!fn) return undefined;
  if (fn.kind === K.IdentExpr) return fn.token(K.Ident)?.text;
  const parts = asSelect(fn)?.attrPath()?.parts();
  return parts?.[parts.length - 1]?.name;
}

// ------------------------------------------------------------------ option bindings

/** A binding that sets a NixOS option (or a set of them), with the option path it writes. */
export interface OptionSetting {
  binding: OptionBinding;
  /** The option path, `config.` removed. */
  path: string[];
}

export interface ModuleOptions {
  shape: ModuleShape;
  /** Bindings in module bodies that define options, outer before inner. */
  settings: OptionSetting[];
  /** Option paths this file declares itself (`options.my.thing = mkOption ...`): never unknown. */
  declared: string[][];
  /**
   * The option path an attribute set of the file continues (`[]` for a module body,
   * `services.openssh` inside `services.openssh = { ... }`), undefined when it is no part of a
   * module's options (a let's value, a function's argument, ...).
   */
  setPrefix(set: SyntaxNode): string[] | undefined;
}

/** The module bodies of a flake: inline modules in `nixosConfigurations.*.modules` and `nixosModules.*`. */
function flakeRoots(outline: ModuleOutline): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const b of outline.bindings) {
    if (b.kind !== 'attr') continue;
    const value = unparen(asBinding(b.node)!.value());
    const last = b.path[b.path.length - 1];
    if (last === 'modules' && b.path.includes('nixosConfigurations') && value?.kind === K.List) {
      for (const item of exprChildren(value)) out.push(...inlineModule(item));
    } else if (b.path[b.path.length - 2] === 'nixosModules' || last === 'nixosModule') out.push(...inlineModule(value));
  }
  return out;
}

function inlineModule(e: SyntaxNode | undefined): SyntaxNode[] {
  const n = unparen(e);
  if (n?.kind === K.Lambda) {
    const pattern = asLambda(n)!.pattern();
    if (pattern && !pattern.hasEllipsis && !pattern.entries().every((x) => MODULE_ARGUMENTS.has(x.name()?.name ?? ''))) return [];
    return bodies(asLambda(n)!.body());
  }
  return bodies(n);
}

/**
 * The option bindings of a file's outline (none unless it is a NixOS module or a flake with
 * inline ones). `bodies` names the module bodies instead (a part of a module read alone).
 */
export function moduleOptions(outline: ModuleOutline, bodies?: SyntaxNode[]): ModuleOptions {
  const shape = bodies ? { kind: 'nixos' as const, roots: bodies, flakeModules: false } : moduleShape(outline.tree);
  const roots = shape.flakeModules ? flakeRoots(outline) : shape.roots;
  if (roots.length === 0) return { shape, settings: [], declared: [], setPrefix: () => undefined };
  const rootSet = new Set(roots);
  const byNode = new Map<SyntaxNode, OptionBinding>();
  for (const b of outline.bindings) if (b.kind === 'attr') byNode.set(b.node, b);
  const member = new Map<SyntaxNode, boolean>();
  const isMember = (set: SyntaxNode): boolean => {
    let known = member.get(set);
    if (known === undefined) member.set(set, (known = climb(set)));
    return known;
  };
  const climb = (set: SyntaxNode): boolean => {
    if (rootSet.has(set)) return true;
    let child = set;
    for (let p = set.parent; p; child = p, p = p.parent) {
      switch (p.kind) {
        case K.Binding: {
          const b = byNode.get(p);
          return b !== undefined && asBinding(p)!.value() === child && isMember(b.set);
        }
        case K.Lambda:
          // (a set being typed that reads as a pattern: see bodies)
          if (p.token(K.Colon) || child.kind !== K.Pattern) return false;
          continue;
        case K.Paren:
        case K.IfElse:
        case K.WithExpr:
        case K.AssertExpr:
          continue;
        case K.LetIn:
          if (letBody(p) !== child) return false;
          continue;
        case K.Apply: {
          if (!WRAPPERS.has(lastName(asApply(p)!.flatten().fn) ?? '')) return false;
          continue;
        }
        case K.List:
          // only the items of mkMerge [ ... ]
          if (!(p.parent?.kind === K.Apply && lastName(asApply(p.parent)!.flatten().fn) === 'mkMerge')) return false;
          continue;
        default:
          return false;
      }
    }
    return false;
  };
  const settings: OptionSetting[] = [];
  const declared: string[][] = [];
  for (const b of outline.bindings) {
    if (b.kind !== 'attr' || !isMember(b.set)) continue;
    if (b.path.some((p) => p === undefined)) continue;
    const path = b.path as string[];
    if (path[0] === 'options') {
      if (path.length > 1) declared.push(path.slice(1));
      continue;
    }
    const option = path[0] === 'config' ? path.slice(1) : path;
    if (option.length === 0 || (path[0] !== 'config' && MODULE_KEYWORDS.has(path[0]!))) continue;
    settings.push({ binding: b, path: option });
  }
  const setPrefix = (set: SyntaxNode): string[] | undefined => {
    if (rootSet.has(set)) return [];
    if (!isMember(set)) return undefined;
    for (let p = set.parent; p; p = p.parent) {
      if (p.kind !== K.Binding) continue;
      const b = byNode.get(p);
      if (!b || b.path.some((x) => x === undefined)) return undefined;
      const path = b.path as string[];
      return path[0] === 'config' ? path.slice(1) : path;
    }
    return undefined;
  };
  return { shape, settings, declared, setPrefix };
}

/**
 * Whether the file declares `path`, an option below or above it, or one next to it (in the same
 * group: `options.my.a` makes `my.b` the module's own too): its own options are never unknown.
 */
export function declaredHere(declared: readonly string[][], path: readonly string[]): boolean {
  return declared.some((d) => {
    const group = d.length > 1 ? d.length - 1 : d.length;
    const n = Math.min(group, path.length);
    for (let i = 0; i < n; i++) if (d[i] !== path[i]) return false;
    return true;
  });
}

// Completion from what NixOS knows: option names at any nesting of a module (keys already set
// left out, a typical value as a snippet), values of an option (booleans, enum values), package
// names in package lists and after `pkgs.`, and lib functions after `lib.`. Pure.
import { SyntaxKind as K, SyntaxNode, asBinding, exprChildren, tokenAt, unparen } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { OptionType } from '../knowledge/model.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { CompletionEntry } from './types.js';
import { nixosFile } from './nixosContext.js';

type Want = ((name: string) => boolean) | undefined;

/** The innermost node strictly around `offset`. */
function nodeAround(root: SyntaxNode, offset: number): SyntaxNode {
  let n = root;
  for (;;) {
    const next = n.childNodes().find((c) => c.start < offset && offset < c.end);
    if (!next) return n;
    n = next;
  }
}

/**
 * Option names for a key at `wordStart` in a module, after the dotted path `typed` (`services.`
 * gives `["services"]`): the children of the enclosing set's option path plus `typed`. Undefined
 * when the cursor is in no module set.
 */
export function optionKeyEntries(a: Analysis, index: NixosIndex, wordStart: number, typed: readonly string[], want: Want): { entries: CompletionEntry[]; taken: Set<string> } | undefined {
  if (index.size.options === 0) return undefined;
  const file = nixosFile(a);
  if (!file) return undefined;
  let set: SyntaxNode | null = nodeAround(a.tree, wordStart);
  while (set && set.kind !== K.AttrSet && !isTypedSet(set)) {
    if (set.kind === K.LetIn || set.kind === K.Lambda || set.kind === K.List) return undefined;
    set = set.parent;
  }
  if (!set) return undefined;
  const setPrefix = file.options.setPrefix(set);
  if (!setPrefix) return undefined;
  let prefix = [...setPrefix, ...typed];
  if (prefix[0] === 'config' && setPrefix.length === 0) prefix = prefix.slice(1);
  // keys this set already gives (the binding being typed, maybe glued onto the next line's, aside)
  const taken = new Set<string>();
  for (const b of file.outline.bindings) {
    if (b.set !== set) continue;
    if (b.range.start <= wordStart && wordStart <= b.range.end) {
      // `services.` glued onto the next line's `services.openssh = ...`: that name is not typed here
      const next = b.parts.find((p) => p.start >= wordStart);
      if (next?.name && a.text.slice(wordStart, next.start).includes('\n')) taken.add(next.name);
      continue;
    }
    const names = b.parts.map((p) => p.name);
    if (names.length === typed.length + 1 && typed.every((t, i) => names[i] === t) && names[typed.length]) taken.add(names[typed.length]!);
  }
  const followed = /^[\w'-]*\s*[=.]/.test(a.text.slice(wordStart));
  return { entries: optionNameEntries(index, prefix, want, { taken, snippets: !followed }), taken };
}

/** The option names below `prefix`; with `snippets`, a leaf with a typical value inserts `name = value;`. */
export function optionNameEntries(index: NixosIndex, prefix: readonly string[], want: Want, how: { taken?: ReadonlySet<string>; snippets?: boolean } = {}): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const c of index.children(prefix)) {
    if (c.name === '<name>' || how.taken?.has(c.name) || (want && !want(c.name))) continue;
    const o = c.option;
    const entry: CompletionEntry = {
      label: c.name,
      kind: 'property',
      detail: o ? o.type.text : `options under ${[...prefix, c.name].join('.')}`,
    };
    if (o?.description) entry.documentation = o.description;
    const value = o && !c.hasChildren && how.snippets ? typicalValue(o.type) : undefined;
    if (value) {
      entry.insertText = `${quoteName(c.name)} = ${value};`;
      entry.isSnippet = true;
    } else if (quoteName(c.name) !== c.name) entry.insertText = quoteName(c.name);
    out.push(entry);
  }
  return out;
}

/** `{ net }` while a set is typed reads as a pattern whose function lacks its `:`. */
export function isTypedSet(n: SyntaxNode): boolean {
  return n.kind === K.Pattern && n.parent?.kind === K.Lambda && !n.parent.token(K.Colon);
}

function quoteName(name: string): string {
  return /^[A-Za-z_][\w'-]*$/.test(name) ? name : JSON.stringify(name);
}

/** The value snippet a new definition starts with, when one is typical for the type. */
function typicalValue(t: OptionType): string | undefined {
  switch (t.kind) {
    case 'bool':
      return '${1|true,false|}';
    case 'enum': {
      const vs = (t.values ?? []).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)).replace(/[,|\\$}]/g, '\\$&'));
      return vs.length ? `\${1|${vs.join(',')}|}` : undefined;
    }
    case 'list':
      return '[ $0 ]';
    case 'str':
      return '"$1"';
    case 'int':
    case 'port':
      return '${1:0}';
    case 'attrs':
    case 'submodule':
      return '{\n  $0\n}';
    case 'nullOr':
      return t.of?.[0] ? typicalValue(t.of[0]) : undefined;
    default:
      return undefined;
  }
}

/** After `name = ` where `name` is an option: its booleans or enum values. */
export function optionValueEntries(a: Analysis, index: NixosIndex, wordStart: number): CompletionEntry[] | undefined {
  if (index.size.options === 0) return undefined;
  let i = wordStart - 1;
  while (i >= 0 && /\s/.test(a.text[i]!)) i--;
  if (a.text[i] !== '=' || a.text[i - 1] === '=') return undefined;
  const t = tokenAt(a.tree, i);
  const binding = t?.kind === K.Assign ? t.parent : undefined;
  if (!binding || binding.kind !== K.Binding) return undefined;
  const setting = nixosFile(a)?.options.settings.find((s) => s.binding.node === binding);
  const option = setting && index.option(setting.path);
  if (!option) return undefined;
  const values = valuesOf(option.type);
  return values.length ? values.map((v) => ({ label: v, kind: 'value' as const, detail: option.type.text })) : undefined;
}

function valuesOf(t: OptionType): string[] {
  switch (t.kind) {
    case 'bool':
      return ['true', 'false'];
    case 'enum':
      return (t.values ?? []).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
    case 'nullOr':
      return [...(t.of?.[0] ? valuesOf(t.of[0]) : []), 'null'];
    case 'either':
      return (t.of ?? []).flatMap(valuesOf);
    default:
      return [];
  }
}

/**
 * Whether a name typed at `wordStart` is an item of a package list: a list under `with pkgs;`,
 * or the value of an option whose type is a list of packages.
 */
export function inPackageList(a: Analysis, index: NixosIndex, wordStart: number): boolean {
  let n: SyntaxNode | null = nodeAround(a.tree, wordStart);
  while (n && n.kind !== K.List) {
    if (n.kind === K.AttrSet || n.kind === K.LetIn || n.kind === K.Lambda || n.kind === K.Binding) return false;
    n = n.parent;
  }
  if (!n) return false;
  let child: SyntaxNode = n;
  for (let p = n.parent; p; child = p, p = p.parent) {
    switch (p.kind) {
      case K.WithExpr: {
        const ns = unparen(exprChildren(p)[0]);
        if (ns !== child && ns && a.text.slice(ns.start, ns.end) === 'pkgs') return true;
        continue;
      }
      case K.Paren:
      case K.BinaryOp:
      case K.LetIn:
        continue;
      case K.Apply:
        continue;
      case K.Binding: {
        if (asBinding(p)!.value() !== child) return false;
        const setting = nixosFile(a)?.options.settings.find((s) => s.binding.node === p);
        const t = setting && index.option(setting.path)?.type;
        return t?.kind === 'list' && t.of?.[0]?.kind === 'package';
      }
      default:
        return false;
    }
  }
  return false;
}

/** Package names (top-level attributes) the word could become, at most `limit`. */
export function packageEntries(index: NixosIndex, want: Want, limit = 500): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const name of index.packageNames()) {
    if (name.includes('.') || (want && !want(name))) continue;
    const p = index.package(name)!;
    out.push({ label: name, kind: 'package', detail: p.version ? `${p.pname ?? name} ${p.version}${p.unfree ? ' (unfree)' : ''}` : p.unfree ? 'unfree' : undefined, documentation: p.description });
    if (out.length >= limit) break;
  }
  return out;
}

/** The names after `lib.` + `path.` (`lib.types.` lists the types). */
export function libEntries(index: NixosIndex, path: readonly string[], want: Want): CompletionEntry[] {
  const prefix = path.length ? `${path.join('.')}.` : '';
  const out: CompletionEntry[] = [];
  for (const name of index.libNames(prefix)) {
    if (want && !want(name)) continue;
    const f = index.lib(prefix + name);
    out.push(f ? { label: name, kind: 'function', detail: f.type || undefined, documentation: f.description || undefined } : { label: name, kind: 'property', detail: `lib.${prefix}${name}` });
  }
  return out;
}

// Go to definition, find references and document highlights, from name resolution.
import { SyntaxKind as K, SyntaxNode, tokenAt, PathLit } from '../syntax/index.js';
import { symbolAt, targetDefinition, type Analysis, type Definition, type Reference } from '../analysis/index.js';
import type { TextRange } from './types.js';
import { moduleOutline } from '../analysis/optionPaths.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { optionPathAt } from './nixosContext.js';

const rangeOf = (n: { start: number; end: number }): TextRange => ({ start: n.start, end: n.end });

/**
 * Where the name at `offset` is defined. On a path literal (`./x.nix`), its
 * text, which the LSP layer resolves against the document's folder.
 */
export function definition(a: Analysis, offset: number): Array<{ range: TextRange } | { path: string }> {
  const path = pathAt(a, offset);
  if (path !== undefined) return [{ path }];
  const s = symbolAt(a, offset);
  if (!s) return [];
  // `inherit x;` defines x from the outer x: go to the source
  const r = s.reference;
  if (r) {
    if (r.resolution.kind === 'local') return r.resolution.definition.nameNodes.map((n) => ({ range: rangeOf(n) }));
    if (r.resolution.kind === 'with') return r.resolution.withs.map((w) => ({ range: withNamespaceRange(w) }));
    return [];
  }
  if (s.defines) return [{ range: rangeOf(s.defines.nameNodes[0]!) }];
  return [];
}

function withNamespaceRange(w: SyntaxNode): TextRange {
  const ns = w.childNodes()[0];
  return ns ? rangeOf(ns) : rangeOf(w);
}

/** The text of a non-interpolated path literal at `offset`. */
export function pathAt(a: Analysis, offset: number): string | undefined {
  for (const o of [offset, offset - 1]) {
    if (o < 0) continue;
    const t = tokenAt(a.tree, o);
    if (!t || t.kind !== K.PathFragment || o < t.start || o >= t.end) continue;
    const p = t.parent;
    if (p && p.kind === K.Path) {
      const text = new PathLit(p).text;
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** What the cursor stands for, for references and highlights. */
type Target =
  | { kind: 'local'; definition: Definition }
  | { kind: 'builtin'; name: string }
  | { kind: 'with'; name: string; with: SyntaxNode };

function targetAt(a: Analysis, offset: number): Target | undefined {
  const s = symbolAt(a, offset);
  if (!s) return undefined;
  const d = targetDefinition(s);
  if (d) return { kind: 'local', definition: d };
  const r = s.reference!;
  if (r.resolution.kind === 'builtin') return { kind: 'builtin', name: r.name };
  if (r.resolution.kind === 'with') return { kind: 'with', name: r.name, with: r.resolution.withs[0]! };
  return undefined;
}

function referencesOf(a: Analysis, t: Target): Reference[] {
  if (t.kind === 'local') return t.definition.references;
  if (t.kind === 'builtin') return a.references.filter((r) => r.resolution.kind === 'builtin' && r.name === t.name);
  return a.references.filter((r) => r.resolution.kind === 'with' && r.name === t.name && r.resolution.withs[0] === t.with);
}

export function references(a: Analysis, offset: number, includeDeclaration: boolean): TextRange[] {
  const t = targetAt(a, offset);
  if (!t) return [];
  const out: TextRange[] = [];
  if (includeDeclaration && t.kind === 'local') for (const n of t.definition.nameNodes) out.push(rangeOf(n));
  for (const r of referencesOf(a, t)) out.push(r.range);
  return out.sort((x, y) => x.start - y.start);
}

export function documentHighlights(a: Analysis, offset: number): Array<{ range: TextRange; kind: 'read' | 'write' }> {
  const t = targetAt(a, offset);
  if (!t) return [];
  const out: Array<{ range: TextRange; kind: 'read' | 'write' }> = [];
  if (t.kind === 'local') for (const n of t.definition.nameNodes) out.push({ range: rangeOf(n), kind: 'write' });
  for (const r of referencesOf(a, t)) out.push({ range: r.range, kind: 'read' });
  return out.sort((x, y) => x.range.start - y.range.start);
}

/**
 * The option at the cursor (a binding's name in a module, or `config.a.b`) and the files that
 * declare it: absolute for a workspace module or a store path, nixpkgs-relative otherwise.
 */
export function optionDeclarationAt(a: Analysis, offset: number, index: NixosIndex): { option: string[]; files: string[] } | undefined {
  const at = optionPathAt(a, offset);
  if (!at) return undefined;
  const option = index.option(at.upTo) ?? index.option(at.full);
  if (!option || option.declarations.length === 0) return undefined;
  return { option: option.path, files: option.declarations };
}

/**
 * Where a declaring file's text declares `option` (`options.a.b = mkOption { ... }`, or the
 * `options.b` of a submodule for `a.<name>.b`): the longest declared path that ends the option's.
 */
export function declarationSite(text: string, option: readonly string[]): TextRange | undefined {
  let best: { range: TextRange; length: number } | undefined;
  for (const b of moduleOutline(text).bindings) {
    const k = b.path.lastIndexOf('options');
    if (k < 0 || b.kind !== 'attr') continue;
    const declared = b.path.slice(k + 1);
    if (declared.length === 0 || declared.length > option.length) continue;
    const tail = option.slice(option.length - declared.length);
    if (!declared.every((d, i) => d === tail[i])) continue;
    if (!best || declared.length > best.length) best = { range: { start: b.pathRange.start, end: b.pathRange.end }, length: declared.length };
  }
  return best?.range;
}

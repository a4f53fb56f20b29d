// Completion: names in scope, builtins, keywords and snippets in expressions;
// attribute names the file already uses after `a.b.` and in attribute sets.
// Works on text around the cursor as well as the tree, because the code being
// typed is usually broken.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokenAt, Binding, Select, unparen, walk, IDENTIFIER_SOURCE, NAME_CHAR_SOURCE } from '../syntax/index.js';
import { scopeAt, isGlobalName, type Analysis, type Definition } from '../analysis/index.js';
import { builtinSignature, type BuiltinDoc, type Knowledge } from '../knowledge/builtins.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { EMPTY_INDEX } from './nixosContext.js';
import { inPackageList, libEntries, optionKeyEntries, optionNameEntries, optionValueEntries, packageEntries } from './nixosCompletion.js';
import { nixosFile } from './nixosContext.js';
import type { CompletionEntry } from './types.js';

export type { CompletionEntry } from './types.js';

const KEYWORDS = ['if', 'then', 'else', 'let', 'in', 'with', 'rec', 'inherit', 'assert', 'or'];
const NAME_CHARS = new RegExp(NAME_CHAR_SOURCE);
const DOTTED_NAME_BEFORE = new RegExp(`(${IDENTIFIER_SOURCE}(?:\\.${IDENTIFIER_SOURCE})*)$`);
const NAME_PREFIX = new RegExp(`^${NAME_CHAR_SOURCE}*`);

/**
 * Entries for the cursor at `offset`, most relevant first, narrowed to those
 * the word typed so far could still become: its characters in order, any case
 * (a superset of what editors' fuzzy filters keep), entries starting with the
 * word first. Narrowing here keeps answers small in files with hundreds of
 * names in scope; the editor asks again when the word gets shorter.
 */
export function complete(a: Analysis, offset: number, k: Knowledge, index: NixosIndex = EMPTY_INDEX): CompletionEntry[] {
  if (inCommentOrString(a, offset)) return [];
  let wordStart = offset;
  while (wordStart > 0 && NAME_CHARS.test(a.text[wordStart - 1]!)) wordStart--;
  const word = a.text.slice(wordStart, offset);
  return narrowToWord(entriesAt(a, offset, wordStart, k, index, couldBecome(word)), word);
}

/** Entries of `first`, then those of `rest` whose labels are new. */
function merged(first: CompletionEntry[] | undefined, rest: CompletionEntry[]): CompletionEntry[] {
  if (!first?.length) return rest;
  const labels = new Set(first.map((e) => e.label));
  return first.concat(rest.filter((e) => !labels.has(e.label)));
}

/** What narrowToWord keeps, as a test on a name, to apply before any entry is made; undefined keeps all. */
function couldBecome(word: string): ((name: string) => boolean) | undefined {
  if (word === '') return undefined;
  const w = word.toLowerCase();
  return (name) => name.startsWith(word) || isSubsequenceIgnoringCase(w, name);
}

/** isSubsequence(needle, hay.toLowerCase()) for a lower-case needle, without making the lower-case string. */
function isSubsequenceIgnoringCase(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) {
    let c = hay.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) return isSubsequence(needle, hay.toLowerCase());
    if (c === needle.charCodeAt(j)) j++;
  }
  return j === needle.length;
}

/** Entries whose label holds `word`'s characters in order (ignoring case); those starting with `word` first. */
export function narrowToWord(entries: CompletionEntry[], word: string): CompletionEntry[] {
  if (word === '') return entries;
  const w = word.toLowerCase();
  const starting: CompletionEntry[] = [];
  const rest: CompletionEntry[] = [];
  for (const e of entries) {
    if (e.label.startsWith(word)) starting.push(e);
    else if (isSubsequenceIgnoringCase(w, e.label)) rest.push(e);
  }
  return starting.concat(rest);
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay.charCodeAt(i) === needle.charCodeAt(j)) j++;
  return j === needle.length;
}

/** The documentation of the builtin an entry names (see CompletionEntry.builtin). */
export function builtinDoc(k: Knowledge, name: string): string | undefined {
  return k.builtins.get(name)?.doc;
}

function entriesAt(a: Analysis, offset: number, wordStart: number, k: Knowledge, index: NixosIndex, want?: (name: string) => boolean): CompletionEntry[] {
  const text = a.text;

  // `a.b.c.` before the word: attribute completion
  if (text[wordStart - 1] === '.') {
    const path = dottedPathBefore(text, wordStart - 1);
    if (!path) return [];
    if (path.length === 1 && path[0] === 'builtins' && !shadowed(a, offset, 'builtins')) return builtinMembers(k);
    if (isKeyPosition(a, wordStart)) {
      // (the parser may glue `services.` onto the next line's binding: the text says what is typed)
      const options = optionKeyEntries(a, index, wordStart, path, want);
      return merged(options?.entries, attrNamesAfter(a, [...enclosingAttrPath(a, wordStart), ...path], wordStart)).filter((e) => !options?.taken.has(e.label));
    }
    const inFile = attrNamesAfter(a, path, wordStart);
    if (path[0] === 'pkgs' && path.length === 1 && index.size.packages > 0) return merged(packageEntries(index, want), inFile);
    if (path[0] === 'lib' && index.size.lib > 0) return merged(libEntries(index, path.slice(1), want), inFile);
    if (path[0] === 'config' && index.size.options > 0 && nixosFile(a)) return merged(optionNameEntries(index, path.slice(1), want), inFile);
    return inFile;
  }
  const from = inheritSource(a, wordStart);
  if (from) return attrNamesAfter(a, from, wordStart);
  if (isKeyPosition(a, wordStart)) {
    const options = optionKeyEntries(a, index, wordStart, [], want);
    const out = merged(options?.entries, attrNamesAfter(a, enclosingAttrPath(a, wordStart), wordStart)).filter((e) => !options?.taken.has(e.label));
    out.push({ label: 'inherit', kind: 'keyword' });
    return out;
  }
  if (inPattern(a, wordStart)) return optionKeyEntries(a, index, wordStart, [], want)?.entries ?? [];
  const values = optionValueEntries(a, index, wordStart);
  if (values) return values.concat(expressionCompletions(a, offset, k, want));
  const exprs = expressionCompletions(a, offset, k, want);
  // a package list: package names first (some, as the word narrows them)
  if (index.size.packages > 0 && inPackageList(a, index, wordStart)) return merged(packageEntries(index, want, 100), exprs);
  return exprs;
}


function inCommentOrString(a: Analysis, offset: number): boolean {
  if (offset === 0) return false;
  const t = tokenAt(a.tree, offset - 1);
  if (!t || offset - 1 < t.start || offset - 1 >= t.end) return false;
  if (t.kind === K.Comment || t.kind === K.BlockComment) return true;
  return t.kind === K.StrFragment || t.kind === K.StrEscape || (t.kind === K.Quote && t.end > offset);
}

function dottedPathBefore(text: string, dot: number): string[] | undefined {
  const m = DOTTED_NAME_BEFORE.exec(text.slice(Math.max(0, dot - 300), dot));
  return m ? m[1]!.split('.') : undefined;
}

function shadowed(a: Analysis, offset: number, name: string): boolean {
  return scopeAt(a, offset).names.some((n) => n.name === name);
}

function previousToken(a: Analysis, offset: number): SyntaxToken | undefined {
  let o = offset - 1;
  while (o >= 0) {
    const t = tokenAt(a.tree, o);
    if (!t) return undefined;
    if (t.kind > K.BlockComment && t.end <= offset) return t;
    o = t.start - 1;
  }
  return undefined;
}

/** Whether the cursor starts an attribute name in a binding list (`{ | }`, `a = 1; |`). */
function isKeyPosition(a: Analysis, wordStart: number): boolean {
  // skip a partly typed `a.b.` path
  let s = wordStart;
  while (s > 0 && (NAME_CHARS.test(a.text[s - 1]!) || a.text[s - 1] === '.')) s--;
  const prev = previousToken(a, s);
  if (!prev) return false;
  const p = prev.parent;
  if (!p) return false;
  if (prev.kind === K.LBrace) return p.kind === K.AttrSet || p.kind === K.LegacyLet;
  if (prev.kind === K.Let) return p.kind === K.LetIn;
  if (prev.kind === K.Semicolon) return p.kind === K.Binding || p.kind === K.Inherit_;
  return false;
}

/** In `inherit (lib.types) |`: the source's path, `["lib", "types"]`. */
function inheritSource(a: Analysis, wordStart: number): string[] | undefined {
  const prev = previousToken(a, wordStart);
  let inh: SyntaxNode | null | undefined = prev?.parent;
  if (prev?.kind === K.RParen && inh?.kind === K.InheritFrom) inh = inh.parent;
  else if (!(inh?.kind === K.Inherit_ && inh.node(K.InheritFrom)) && !(prev?.kind === K.Ident && inh?.parent?.kind === K.Inherit_)) return undefined;
  if (inh?.kind === K.IdentExpr) inh = inh.parent;
  const from = inh?.kind === K.Inherit_ ? inh.node(K.InheritFrom) : undefined;
  if (!from) return undefined;
  const e = unparen(from.childNodes()[0]);
  if (!e) return undefined;
  if (e.kind === K.IdentExpr) return [a.text.slice(e.start, e.end)];
  if (e.kind === K.Select) {
    const s = new Select(e);
    const base = unparen(s.base());
    const names = s.attrPath()?.staticNames();
    if (base && base.kind === K.IdentExpr && names && !s.default()) return [a.text.slice(base.start, base.end), ...names];
  }
  return undefined;
}

function inPattern(a: Analysis, wordStart: number): boolean {
  const prev = previousToken(a, wordStart);
  return !!prev && (prev.kind === K.LBrace || prev.kind === K.Comma) && prev.parent?.kind === K.Pattern;
}

/** The attribute path of the bindings enclosing `offset`: `services.openssh` inside `services.openssh = { | }`. */
function enclosingAttrPath(a: Analysis, offset: number): string[] {
  return enclosingAttrPathOf(nodeContaining(a.tree, offset), offset);
}

function enclosingAttrPathOf(start: SyntaxNode | null, offset: number): string[] {
  const out: string[][] = [];
  for (let n = start; n; n = n.parent) {
    if (n.kind === K.AttrSet && n.parent?.kind === K.Binding && n.start < offset) {
      const names = new Binding(n.parent).attrPath()?.staticNames();
      if (!names) return [];
      out.unshift(names);
    }
    if (n.kind === K.LetIn || n.kind === K.Lambda || n.kind === K.Apply) break;
  }
  return out.flat();
}

function nodeContaining(root: SyntaxNode, offset: number): SyntaxNode {
  let n = root;
  for (;;) {
    const next = n.childNodes().find((c) => c.start < offset && offset < c.end);
    if (!next) return n;
    n = next;
  }
}

/** Every static attribute path written in the file: binding paths (with their nesting) and selects. */
export function attributePathsInFile(a: Analysis): string[][] {
  const out: string[][] = [];
  walk(a.tree, (n) => {
    if (n.kind === K.Binding) {
      const names = new Binding(n).attrPath()?.staticNames();
      if (names) out.push([...enclosingAttrPathOf(n.parent, n.start), ...names]);
    } else if (n.kind === K.Select) {
      const s = new Select(n);
      const base = unparen(s.base());
      const names = s.attrPath()?.staticNames();
      if (base && base.kind === K.IdentExpr && names) out.push([a.text.slice(base.start, base.end), ...names]);
    }
  });
  return out;
}

/**
 * The file's attribute paths (attributePathsInFile) as the names that follow each prefix, with
 * how often: made once per version of a document (an analysis and its text) and kept, since
 * walking every binding of a large file on each request cost 16-21 ms.
 */
const namesAfterPrefix = new WeakMap<Analysis, { text: string; next: Map<string, Map<string, number>> }>();

function namesAfter(a: Analysis, prefix: string[]): Map<string, number> {
  let kept = namesAfterPrefix.get(a);
  if (!kept || kept.text !== a.text) {
    const next = new Map<string, Map<string, number>>();
    for (const p of attributePathsInFile(a)) {
      let key = '';
      for (let i = 0; i < p.length; i++) {
        let m = next.get(key);
        if (!m) next.set(key, (m = new Map()));
        m.set(p[i]!, (m.get(p[i]!) ?? 0) + 1);
        key += `${p[i]}\u0000`;
      }
    }
    namesAfterPrefix.set(a, (kept = { text: a.text, next }));
  }
  return kept.next.get(prefix.map((x) => `${x}\u0000`).join('')) ?? new Map();
}

function attrNamesAfter(a: Analysis, prefix: string[], exclude: number): CompletionEntry[] {
  const seen = new Map(namesAfter(a, prefix));
  // the word being typed is in the file too: don't offer it back to itself
  const typed = a.text.slice(exclude).match(NAME_PREFIX)![0];
  if (typed && seen.get(typed) === 1) seen.delete(typed);
  return [...seen.keys()].sort().map((label) => ({
    label,
    kind: 'property' as const,
    detail: prefix.length > 0 ? `${prefix.join('.')}.${label}` : label,
  }));
}

function builtinMembers(k: Knowledge): CompletionEntry[] {
  return [...k.builtins.values()].filter((d) => d.name !== 'builtins').map((d) => builtinEntry(d));
}

function builtinEntry(d: BuiltinDoc): CompletionEntry {
  return {
    label: d.name,
    kind: (d.arity ?? d.args.length) > 0 ? 'function' : 'variable',
    detail: builtinSignature(d),
    documentation: d.doc,
    builtin: d.name,
  };
}

function definitionEntry(d: Definition): CompletionEntry {
  const argument = d.kind === 'param' || d.kind === 'formal' || d.kind === 'pattern-at';
  const detail =
    d.kind === 'let' ? 'let binding' : d.kind === 'rec' ? 'rec attribute' : d.kind === 'legacy-let' ? 'let { } binding' : 'function argument';
  return { label: d.name, kind: argument ? 'argument' : 'variable', detail };
}

/** `want`: the names worth an entry (see couldBecome); the rest are never made into one. */
function expressionCompletions(a: Analysis, offset: number, k: Knowledge, want?: (name: string) => boolean): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  // (whether `lib` is in scope decides the mkIf snippet, wanted or not)
  let libInScope = false;
  const { names, withs } = scopeAt(a, offset, (name) => {
    if (name === 'lib') libInScope = true;
    return want === undefined || want(name);
  });
  const seen = new Set<string>();
  for (const n of names) {
    if (!n.definition || seen.has(n.name)) continue;
    seen.add(n.name);
    out.push(definitionEntry(n.definition));
  }
  for (const d of k.builtins.values()) {
    if (!d.global || seen.has(d.name) || (want !== undefined && !want(d.name)) || !isGlobalName(d.name)) continue;
    seen.add(d.name);
    out.push(builtinEntry(d));
  }
  // names the file already takes from the same `with`
  if (withs.length > 0) {
    for (const r of a.references) {
      if (r.resolution.kind !== 'with' || seen.has(r.name) || r.range.end === offset || (want !== undefined && !want(r.name))) continue;
      if (!r.resolution.withs.some((w) => withs.includes(w))) continue;
      seen.add(r.name);
      out.push({ label: r.name, kind: 'variable', detail: 'from with' });
    }
  }
  for (const kw of KEYWORDS) out.push({ label: kw, kind: 'keyword' });
  out.push(
    { label: 'let', kind: 'snippet', detail: 'let ... in ...', insertText: 'let\n  ${1:name} = ${2:value};\nin\n$0', isSnippet: true },
    { label: 'if', kind: 'snippet', detail: 'if ... then ... else ...', insertText: 'if ${1:condition} then ${2:yes} else ${3:no}', isSnippet: true },
  );
  const mkIfFromWith = withs.length > 0 && !libInScope;
  if (libInScope || mkIfFromWith)
    out.push({
      label: 'mkIf',
      kind: 'snippet',
      detail: 'lib.mkIf condition { ... }',
      documentation: 'Define these options only when the condition holds.',
      insertText: `${libInScope ? 'lib.' : ''}mkIf \${1:config.services.\${2:name}.enable} {\n  $0\n}`,
      isSnippet: true,
    });
  return out;
}



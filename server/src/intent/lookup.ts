// The lookups understanding makes. Did-you-mean is the index's own. Search runs over one
// lower-cased string per index (every package's attribute path, pname and description; every
// option's path and description), built on first use and kept beside the index (a WeakMap),
// with a word index over it (wordIndex.ts) that finds the entries holding a query's rarest word
// without reading the text (a scan of the 8.5 MB package text was ~4 ms a word); only the best
// few entries become records (through the index). Before, each package and option was copied into its
// own object with its own strings (+100 MB with 120 000 packages); the index's row-by-row search
// saves that memory too but is several times slower per request, and a request searches often.
import type { OptionInfo, PackageInfo } from '../knowledge/model.js';
import { optionMatchScore, type NixosIndex } from '../knowledge/nixosIndex.js';
import { buildWordIndex, entriesWith, lastAtOrBefore, type WordIndex } from './wordIndex.js';

/** Entries `lower\x01lowerText\x02original\x00`: the name as found, after the searched part. */
interface Texts {
  text: string;
  starts: Int32Array;
  /** Built with the text. */
  words: WordIndex;
}

interface Tables {
  packages?: Texts;
  options?: Texts;
  /** Searches of the request being read: a clause not understood searches again for its nearest things. */
  searched: Map<string, PackageInfo[]>;
  searchedOptions: Map<string, OptionInfo[]>;
  /** The entries holding a word, per table, while one request is read: its clauses search by the same word often. */
  hits: Map<Texts, Map<string, number[]>>;
}

const tables = new WeakMap<NixosIndex, Tables>();

function tablesOf(index: NixosIndex): Tables {
  let t = tables.get(index);
  if (!t) tables.set(index, (t = { searched: new Map(), searchedOptions: new Map(), hits: new Map() }));
  return t;
}

const clean = (s: string) => s.replace(/[\x00-\x02]/g, ' ');

function texts(entries: Iterable<[lower: string, text: string, original: string]>): Texts {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (const [lower, text, original] of entries) {
    const entry = `${clean(lower)}\x01${clean(text)}\x02${clean(original)}\x00`;
    starts.push(at);
    parts.push(entry);
    at += entry.length;
  }
  starts.push(at);
  const t = { text: parts.join(''), starts: Int32Array.from(starts) };
  return { ...t, words: buildWordIndex(t) };
}

function* packageEntries(index: NixosIndex): Generator<[string, string, string]> {
  for (const [name, text] of index.packageSearchTexts()) yield [name.toLowerCase(), text, name];
}

function* optionEntries(index: NixosIndex): Generator<[string, string, string]> {
  // (the text holds the path again: harmless, a word in the path scores as the path first)
  for (const { path, text } of index.optionSearchTexts()) yield [path.join('.').toLowerCase(), text, path.join('\x1d')];
}

/**
 * The word to find entries by: every word must be in an entry, so any one finds the same entries;
 * the longest is nearly always the rarest ("the", "do" are in most descriptions), so it finds the
 * fewest to score.
 */
const rarest = (words: readonly string[]) => words.reduce((a, b) => (b.length > a.length ? b : a));

/**
 * The entries holding `first` in their searched part, by number: from the word index, else (a
 * word shorter than three letters) by a scan of the whole table, megabytes with a full nixpkgs.
 * What either finds is kept while the request is read.
 */
function entriesHolding(tables: Tables, t: Texts, first: string): number[] {
  let byWord = tables.hits.get(t);
  if (!byWord) tables.hits.set(t, (byWord = new Map()));
  const known = byWord.get(first);
  if (known) return known;
  const out = entriesWith(t.words, t, first) ?? scanEntries(t, first);
  byWord.set(first, out);
  return out;
}

/** The entries holding `first` in their searched part, by reading the table. */
export function scanEntries(t: { text: string; starts: Int32Array }, first: string): number[] {
  const out: number[] = [];
  let from = 0;
  while (from < t.text.length) {
    const hit = t.text.indexOf(first, from);
    if (hit < 0) break;
    // the entry the hit is in
    const lo = lastAtOrBefore(t.starts, hit);
    const start = t.starts[lo]!;
    from = t.starts[lo + 1]!;
    const orig = t.text.indexOf('\x02', start);
    if (hit + first.length > orig) continue; // in the original name only: not searched
    out.push(lo);
  }
  return out;
}

/** Each entry holding `first` (somewhere in its searched part), as [name, text, original]. */
function* holding(tables: Tables, t: Texts, first: string): Generator<[string, string, string]> {
  for (const e of entriesHolding(tables, t, first)) {
    const start = t.starts[e]!;
    const end = t.starts[e + 1]! - 1;
    const sep = t.text.indexOf('\x01', start);
    const orig = t.text.indexOf('\x02', sep);
    yield [t.text.slice(start, sep), t.text.slice(sep + 1, orig), t.text.slice(orig + 1, end)];
  }
}

/** Package names a plausible typo away from `word` (as knowledge's `nearest`), nearest first. */
export function nearestPackageNames(index: NixosIndex, word: string, limit = 3): string[] {
  // A typo keeps the first or the second letter in place, nearly always.
  return index
    .nearestPackages(word, Infinity)
    .filter((c) => c[0] === word[0] || c[1] === word[1] || c[0] === word[1])
    .slice(0, limit);
}

/** Packages whose name or description holds every word of the query, best first (everyday names first). */
export function searchPackages(index: NixosIndex, query: string, limit = 20): PackageInfo[] {
  const q = query.toLowerCase().trim();
  if (!q) return [];
  const t = tablesOf(index);
  const done = t.searched.get(q);
  if (done) return done.slice(0, limit);
  const named = index.everydayName(q)?.map((a) => index.package(a)).filter((p): p is PackageInfo => !!p) ?? [];
  t.packages ??= texts(packageEntries(index));
  const words = q.split(/\s+/);
  const scored: Array<{ name: string; s: number }> = [];
  for (const [attr, text, name] of holding(t, t.packages, rarest(words))) {
    let s = attr === q ? 10 : 0;
    for (const w of words) {
      if (attr.includes(w)) s += 3;
      else if (text.includes(w)) s += 1;
      else {
        s = -1;
        break;
      }
    }
    if (s > 0) scored.push({ name, s: s - attr.length * 0.01 });
  }
  // (only what a request can use becomes a record: the rest stay names)
  const ranked = scored.sort((a, b) => b.s - a.s).slice(0, Math.max(limit, 30) + named.length).map((x) => index.package(x.name)!);
  const found = [...new Set([...named, ...ranked])];
  t.searched.set(q, found);
  return found.slice(0, limit);
}

/** A new request: searches are remembered only while one request is read. */
export function newRequest(index: NixosIndex): void {
  tables.get(index)?.searched.clear();
  tables.get(index)?.searchedOptions.clear();
  tables.get(index)?.hits.clear();
}

/** Options whose path or description holds every word of the query, best first. */
export function searchOptions(index: NixosIndex, query: string, limit = 20): OptionInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const t = tablesOf(index);
  const key = words.join(' ');
  const done = t.searchedOptions.get(key);
  if (done) return done.slice(0, limit);
  t.options ??= texts(optionEntries(index));
  const scored: Array<{ path: string[]; s: number }> = [];
  for (const [path, text, original] of holding(t, t.options, rarest(words))) {
    const s = optionMatchScore(path, text, words);
    if (s <= 0) continue;
    const levels = original.split('\x1d');
    scored.push({ path: levels, s: s - levels.length * 0.01 });
  }
  const found = scored
    .sort((a, b) => b.s - a.s)
    .slice(0, Math.max(limit, 30))
    .map((x) => index.option(x.path))
    .filter((o): o is OptionInfo => o !== undefined);
  t.searchedOptions.set(key, found);
  return found.slice(0, limit);
}

/**
 * The tables of an index with their word indexes, built if need be. Built by the first search
 * otherwise (~0.3-0.7 s CPU at full size, on the request that searches first); a caller may build
 * them once the index is loaded instead. Tests and benches read them to compare with a scan.
 */
export function lookupTables(index: NixosIndex): { packages: Texts; options: Texts } {
  const t = tablesOf(index);
  t.packages ??= texts(packageEntries(index));
  t.options ??= texts(optionEntries(index));
  return { packages: t.packages, options: t.options };
}

/** The words the request being read (or the last one) has looked up in each table. */
export function wordsLookedUp(index: NixosIndex): { packages: string[]; options: string[] } {
  const t = tables.get(index);
  const of = (x: Texts | undefined) => (x && t?.hits.get(x) ? [...t.hits.get(x)!.keys()] : []);
  return { packages: of(t?.packages), options: of(t?.options) };
}

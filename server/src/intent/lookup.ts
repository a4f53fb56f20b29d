// Fast lookups over the index for understanding, built once per index and kept beside it
// (a WeakMap): package names bucketed by length for typos, and lower-cased search text for
// packages and options. With an index the size of full nixpkgs (~100,000 packages, ~20,000
// options) the index's own linear searches take tens to hundreds of milliseconds a request;
// these take a few.
import type { OptionInfo, PackageInfo } from '../knowledge/model.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { editDistance } from '../knowledge/nearestNames.js';

interface Tables {
  byLength: Map<number, string[]>;
  packages: Array<{ attr: string; text: string; all: string; p: PackageInfo }>;
  /** Package searches of the request being read: a clause not understood searches again for its nearest things. */
  searched: Map<string, PackageInfo[]>;
  searchedOptions: Map<string, OptionInfo[]>;
  options: Array<{ path: string; text: string; o: OptionInfo }>;
}

const tables = new WeakMap<NixosIndex, Tables>();

function tablesOf(index: NixosIndex): Tables {
  let t = tables.get(index);
  if (t) return t;
  t = { byLength: new Map(), packages: [], options: [], searched: new Map(), searchedOptions: new Map() };
  for (const name of index.packageNames()) {
    const list = t.byLength.get(name.length);
    if (list) list.push(name);
    else t.byLength.set(name.length, [name]);
    const p = index.package(name)!;
    const attr = name.toLowerCase();
    const text = `${p.pname ?? ''} ${p.description ?? ''}`.toLowerCase();
    t.packages.push({ attr, text, all: `${attr}\n${text}`, p });
  }
  for (const o of index.options()) t.options.push({ path: o.path.join('.').toLowerCase(), text: o.description.toLowerCase(), o });
  tables.set(index, t);
  return t;
}

/** Package names a plausible typo away from `word` (as knowledge's `nearest`), nearest first. */
export function nearestPackageNames(index: NixosIndex, word: string, limit = 3): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const t = tablesOf(index);
  const scored: Array<{ c: string; d: number }> = [];
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const c of t.byLength.get(len) ?? []) {
      // A typo keeps the first or the second letter in place, nearly always.
      if (c[0] !== word[0] && c[1] !== word[1] && c[0] !== word[1]) continue;
      if (c === word) continue;
      const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, max);
      if (d <= max) scored.push({ c, d });
    }
  }
  return scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, limit).map((s) => s.c);
}

/** Packages whose name or description holds every word of the query, best first (everyday names first). */
export function searchPackages(index: NixosIndex, query: string, limit = 20): PackageInfo[] {
  const q = query.toLowerCase().trim();
  if (!q) return [];
  const named = index.everydayName(q)?.map((a) => index.package(a)).filter((p): p is PackageInfo => !!p) ?? [];
  const t = tablesOf(index);
  const done = t.searched.get(q);
  if (done) return done.slice(0, limit);
  const words = q.split(/\s+/);
  const scored: Array<{ p: PackageInfo; s: number }> = [];
  for (const e of t.packages) {
    // Nearly every package lacks the first word: one look at name and description together.
    if (!e.all.includes(words[0]!)) continue;
    let s = e.attr === q ? 10 : 0;
    for (const w of words) {
      if (e.attr.includes(w)) s += 3;
      else if (e.text.includes(w)) s += 1;
      else {
        s = -1;
        break;
      }
    }
    if (s > 0) scored.push({ p: e.p, s: s - e.attr.length * 0.01 });
  }
  const ranked = scored.sort((a, b) => b.s - a.s).map((x) => x.p);
  const found = [...new Set([...named, ...ranked])];
  t.searched.set(q, found);
  return found.slice(0, limit);
}

/** A new request: searches are remembered only while one request is read. */
export function newRequest(index: NixosIndex): void {
  tables.get(index)?.searched.clear();
  tables.get(index)?.searchedOptions.clear();
}

/** Options whose path or description holds every word of the query, best first. */
export function searchOptions(index: NixosIndex, query: string, limit = 20): OptionInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const t = tablesOf(index);
  const key = words.join(' ');
  const done = t.searchedOptions.get(key);
  if (done) return done.slice(0, limit);
  const scored: Array<{ o: OptionInfo; s: number }> = [];
  for (const e of t.options) {
    let s = 0;
    for (const w of words) {
      if (e.path.includes(w)) s += e.path.endsWith(w) || e.path.includes(`.${w}.`) ? 3 : 2;
      else if (e.text.includes(w)) s += 1;
      else {
        s = -1;
        break;
      }
    }
    if (s > 0) scored.push({ o: e.o, s: s - e.o.path.length * 0.01 });
  }
  const found = scored.sort((a, b) => b.s - a.s).map((x) => x.o);
  t.searchedOptions.set(key, found);
  return found.slice(0, limit);
}

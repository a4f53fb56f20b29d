// The packages of every layer, merged without copying: each layer's records (a Map) or rows (a
// PackageTable over the cache's bytes) stay as they are, and a lookup asks them from the highest
// priority down. So 120 000 cached packages cost no Map of 120 000 names, and a rebuilt index
// (the workspace layer changed) does not register them again. Pure.
import { letterMask, type KnowledgeLayer, type PackageInfo, type PackageTable } from './model.js';
import { bitCount, differOnlyInDigits, editDistance } from './nearestNames.js';
import { ownString } from '../syntax/index.js';

type Source = { records: Map<string, PackageInfo>; table?: undefined } | { table: PackageTable; records?: undefined };

/** Names of one source by length, with their letter masks: did-you-mean looks at a few lengths only. */
interface Buckets {
  /** Rows (or record indices) ordered by name length, and where each length starts in that order. */
  order: Int32Array;
  from: Map<number, [start: number, end: number]>;
  masks: Uint32Array;
  names?: string[];
}

export class PackageIndex {
  /** Lowest priority first; within a layer its records, then its rows (a row wins). */
  private readonly sources: Source[] = [];
  /** Rows made into records, by name (always from the source that holds the name highest). */
  private readonly made = new Map<string, PackageInfo>();
  private buckets?: Buckets[];
  readonly size: number;

  constructor(layers: readonly KnowledgeLayer[]) {
    for (const layer of layers) {
      if (layer.packages?.length) this.sources.push({ records: new Map(layer.packages.map((p) => [p.attrPath, p])) });
      if (layer.packageTable?.size) this.sources.push({ table: layer.packageTable });
    }
    let size = 0;
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const s = this.sources[i]!;
      if (i === this.sources.length - 1) size += s.table ? s.table.size : s.records!.size;
      else for (const name of this.namesOf(s)) if (!this.above(name, i)) size++;
    }
    this.size = size;
  }

  private has(s: Source, name: string): boolean {
    return s.table ? s.table.find(name) >= 0 : s.records!.has(name);
  }

  /** Whether a source above `i` holds `name` (then source i's entry is hidden). */
  private above(name: string, i: number): boolean {
    for (let j = i + 1; j < this.sources.length; j++) if (this.has(this.sources[j]!, name)) return true;
    return false;
  }

  private *namesOf(s: Source): Generator<string> {
    if (s.records) yield* s.records.keys();
    else for (let r = 0; r < s.table.size; r++) yield s.table.name(r);
  }

  get(name: string): PackageInfo | undefined {
    const made = this.made.get(name);
    if (made) return made;
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const s = this.sources[i]!;
      if (s.records) {
        const p = s.records.get(name);
        if (p) return p;
      } else {
        const row = s.table.find(name);
        if (row >= 0) {
          const p = s.table.info(row);
          this.made.set(ownString(name), p);
          return p;
        }
      }
    }
    return undefined;
  }

  /** Every name once. */
  *names(): Generator<string> {
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const last = i === this.sources.length - 1;
      for (const name of this.namesOf(this.sources[i]!)) if (last || !this.above(name, i)) yield name;
    }
  }

  /** Every name once with its search text, as `names` (rows stay rows). */
  *searchTexts(): Generator<[string, string]> {
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const s = this.sources[i]!;
      const last = i === this.sources.length - 1;
      if (s.records) {
        for (const [name, p] of s.records) if (last || !this.above(name, i)) yield [name, `${name} ${p.pname ?? ''} ${p.description ?? ''}`.toLowerCase()];
      } else {
        for (let r = 0; r < s.table.size; r++) {
          const name = s.table.name(r);
          if (last || !this.above(name, i)) yield [name, s.table.searchText(r)];
        }
      }
    }
  }

  private bucketsOf(s: Source): Buckets {
    const names = s.records ? [...s.records.keys()] : undefined;
    const count = names ? names.length : s.table!.size;
    const length = (i: number) => (names ? names[i]!.length : s.table!.nameLength(i));
    const masks = new Uint32Array(count);
    for (let i = 0; i < count; i++) masks[i] = names ? letterMask(names[i]!) : s.table!.nameMask(i);
    // By length with a counting sort (stable, so rows keep their order within a length): no
    // comparator calls, which a fresh process runs cold before its first did-you-mean (~9 ms).
    const lengths = new Int32Array(count);
    let longest = 0;
    for (let i = 0; i < count; i++) longest = Math.max(longest, (lengths[i] = length(i)));
    const starts = new Int32Array(longest + 2);
    for (let i = 0; i < count; i++) starts[lengths[i]! + 1]!++;
    for (let n = 1; n <= longest + 1; n++) starts[n]! += starts[n - 1]!;
    const from = new Map<number, [number, number]>();
    for (let n = 0; n <= longest; n++) if (starts[n + 1]! > starts[n]!) from.set(n, [starts[n]!, starts[n + 1]!]);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[starts[lengths[i]!]!++] = i;
    return { order, from, masks, names };
  }

  /**
   * Names within `max` edits of `name` (case alone: half an edit) with their distance, among those
   * within `max` letters of its length whose letter sets differ in at most twice the edits allowed
   * (each edit adds or removes at most one letter class): the only ones that can be near. Cached
   * rows are compared on their bytes; a string is made only of a name that is near.
   */
  private near_(name: string, max: number): Map<string, number> {
    this.buckets ??= this.sources.map((s) => this.bucketsOf(s));
    const mask = letterMask(name);
    const lower = name.toLowerCase();
    const out = new Map<string, number>();
    for (let i = 0; i < this.sources.length; i++) {
      const s = this.sources[i]!;
      const b = this.buckets[i]!;
      for (let n = name.length - max; n <= name.length + max; n++) {
        const range = b.from.get(n);
        if (!range) continue;
        for (let k = range[0]; k < range[1]; k++) {
          const row = b.order[k]!;
          if (bitCount(b.masks[row]! ^ mask) > 2 * max) continue;
          if (b.names) {
            const c = b.names[row]!;
            const d = c.toLowerCase() === lower ? 0.5 : editDistance(name, c, max);
            if (d <= max) out.set(c, d);
          } else {
            const d = s.table!.distance(row, name, max);
            if (d <= max) out.set(s.table!.name(row), d);
          }
        }
      }
    }
    return out;
  }

  private static best(found: Iterable<[string, number]>, limit: number): string[] {
    return [...found].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, limit).map((x) => x[0]);
  }

  /** Did-you-mean over every name (nested attribute paths too): as `nearest` over all of them. */
  nearest(name: string, limit: number): string[] {
    const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
    const found = this.near_(name, max);
    found.delete(name);
    return PackageIndex.best(found, limit);
  }

  /**
   * Top-level names within `max` edits (case alone is half an edit; never one that differs only
   * in its digits), nearest first, at most three.
   */
  near(name: string, max: number): string[] {
    return PackageIndex.best([...this.near_(name, max)].filter(([n]) => !n.includes('.') && !differOnlyInDigits(n, name)), 3);
  }

  /** Packages whose attribute path, pname or description holds every word, best first (after `named`). */
  search(q: string, named: PackageInfo[], limit: number): PackageInfo[] {
    const words = q.split(/\s+/);
    const scored: { p: PackageInfo; s: number }[] = [];
    const score = (p: PackageInfo) => {
      const attr = p.attrPath.toLowerCase();
      const text = `${p.pname ?? ''} ${p.description ?? ''}`.toLowerCase();
      let s = attr === q ? 10 : 0;
      for (const w of words) {
        if (attr.includes(w)) s += 3;
        else if (text.includes(w)) s += 1;
        else return;
      }
      if (s > 0) scored.push({ p, s: s - attr.length * 0.01 });
    };
    for (let i = 0; i < this.sources.length; i++) {
      const s = this.sources[i]!;
      if (s.records) {
        for (const [name, p] of s.records) if (!this.above(name, i)) score(p);
        continue;
      }
      for (let r = 0; r < s.table.size; r++) {
        // a row is searched as text (its bytes first); only the rows that match become records
        if (!s.table.mayMatch(r, words)) continue;
        const text = s.table.searchText(r);
        if (!words.every((w) => text.includes(w))) continue;
        // (made for the search only: kept, a broad search would hold thousands of records)
        const name = s.table.name(r);
        if (!this.above(name, i)) score(this.made.get(name) ?? s.table.info(r));
      }
    }
    const ranked = scored.sort((a, b) => b.s - a.s).map((x) => x.p);
    const seen = new Set<string>();
    return [...named, ...ranked].filter((p) => !seen.has(p.attrPath) && seen.add(p.attrPath)).slice(0, limit);
  }
}

// The NixOS knowledge the features ask: options by path (through `<name>` and `*` levels),
// their children for completion, packages by attribute path, lib functions, and the nearest
// names for "did you mean". Built once from the layers the sources loaded; pure.
import { layerSize, letterMask, type KnowledgeLayer, type LibFunction, type OptionInfo, type OptionTable, type PackageInfo, type RenamedOption, type SourceName } from './model.js';
import { bitCount, differOnlyInDigits, editDistance, nearest } from './nearestNames.js';
import { PackageIndex } from './packageIndex.js';
import { ownString } from '../syntax/index.js';

/** Rows per option table in the tree's numbers (2^21: far more than NixOS has options). */
const ROWS = 2 ** 21;

/** Levels of an option path that stand for any name the user picks. */
export const PLACEHOLDERS = new Set(['<name>', '*']);

interface OptionNode {
  /** Named levels below (none on most nodes: the options themselves). */
  children?: Map<string, OptionNode>;
  /** The `<name>` (or `*`) child, when this level is an attrsOf/listOf submodule. */
  any?: OptionNode;
  /** A record, or a row of `optionTables` (table index * ROWS + row) made into one when asked for. */
  option?: OptionInfo | number;
}

export interface OptionChild {
  /** The next path component (`<name>` for a placeholder level). */
  name: string;
  option?: OptionInfo;
  /** Whether options lie below it. */
  hasChildren: boolean;
}

const newNode = (): OptionNode => ({});
const hasBelow = (n: OptionNode) => (n.children?.size ?? 0) > 0 || n.any !== undefined;

/**
 * How well an option (its dotted path and description, lower case) matches every search word:
 * 3 for a whole path level or the path's end, 2 inside the path, 1 in the description; -1 when a
 * word is in neither. Shared by the index's search and Ask's own search tables.
 */
export function optionMatchScore(path: string, text: string, words: readonly string[]): number {
  let s = 0;
  for (const w of words) {
    if (path.includes(w)) s += path.endsWith(w) || path.includes(`.${w}.`) ? 3 : 2;
    else if (text.includes(w)) s += 1;
    else return -1;
  }
  return s;
}

export class NixosIndex {
  private readonly root = newNode();
  private readonly renames = new Map<string, RenamedOption>();
  private readonly optionTables: OptionTable[] = [];
  private readonly packages: PackageIndex;
  private readonly everyday = new Map<string, string[]>();
  private readonly libs = new Map<string, LibFunction>();
  private optionCount = 0;
  /** Whole option paths by length, built on the first did-you-mean that needs them: a typo is
   * within three edits, so only paths within three characters of its length can be near. */
  private optionsByLength?: Map<number, Array<{ text: string; path: string[]; mask: number }>>;
  private readonly nearMemo = new Map<string, string[]>();
  readonly sources: SourceName[] = [];
  /**
   * A layer lists every option (packages): an unknown one is then an error. With only partial
   * layers (the embedded subset), a name they lack may still be real.
   */
  readonly completeOptions: boolean = false;
  readonly completePackages: boolean = false;

  /** Layers lowest priority first: a later layer's fact replaces an earlier one's. */
  constructor(layers: readonly KnowledgeLayer[]) {
    for (const layer of layers) {
      this.sources.push(layer.source);
      const full = layer.source === 'options.json' || layer.source === 'live';
      const size = layerSize(layer);
      if ((layer.complete?.options ?? (full && size.options > 0))) this.completeOptions = true;
      if ((layer.complete?.packages ?? (layer.source === 'live' && size.packages > 0))) this.completePackages = true;
      for (const o of layer.options ?? []) this.addOption(o.path, o);
      if (layer.optionTable) {
        const base = this.optionTables.push(layer.optionTable) - 1;
        for (let i = 0; i < layer.optionTable.size; i++) this.addOption(layer.optionTable.path(i), base * ROWS + i);
      }
      for (const r of layer.renamed ?? []) this.renames.set(r.path.join('.'), r);
      for (const [k, v] of Object.entries(layer.everydayNames ?? {})) this.everyday.set(k.toLowerCase(), v);
      for (const f of layer.lib ?? []) {
        this.libs.set(f.name, f);
        for (const a of f.aliases) if (a.startsWith('lib.') && !this.libs.has(a.slice(4))) this.libs.set(a.slice(4), f);
      }
    }
    this.packages = new PackageIndex(layers);
  }

  get size(): { options: number; packages: number; lib: number } {
    return { options: this.optionCount, packages: this.packages.size, lib: this.libs.size };
  }

  private addOption(path: readonly string[], o: OptionInfo | number): void {
    let node = this.root;
    for (const part of path) {
      if (PLACEHOLDERS.has(part)) node = node.any ??= newNode();
      else {
        node.children ??= new Map();
        let next = node.children.get(part);
        if (!next) node.children.set(part, (next = newNode()));
        node = next;
      }
    }
    if (node.option === undefined) this.optionCount++;
    node.option = o;
  }

  /** A node's option, a row made into a record (once) when it is one. */
  private optionOf(node: OptionNode | undefined): OptionInfo | undefined {
    const o = node?.option;
    if (typeof o !== 'number') return o;
    const info = this.optionTables[Math.floor(o / ROWS)]!.info(o % ROWS);
    node!.option = info;
    return info;
  }

  /** The node a concrete path reaches: a named child first, else the placeholder level. */
  private nodeAt(path: readonly string[]): OptionNode | undefined {
    let node: OptionNode | undefined = this.root;
    for (const part of path) {
      if (!node) return undefined;
      node = (PLACEHOLDERS.has(part) ? undefined : node.children?.get(part)) ?? node.any;
    }
    return node;
  }

  /** The option a concrete path sets: `users.users.alice.shell` finds `users.users.<name>.shell`. */
  option(path: readonly string[]): OptionInfo | undefined {
    return this.optionOf(this.nodeAt(path));
  }

  /**
   * Whether options lie below this path, so that setting it as a whole (`services.openssh = { }`)
   * or a deeper path under it may be right even though it is no option itself.
   */
  isOptionPrefix(path: readonly string[]): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && hasBelow(node);
  }

  /**
   * The longest prefix of `path` that the index knows, and the option it ends on, if any: a path
   * below an option of type attrs/submodule without declared children (`boot.kernel.sysctl."x"`)
   * is that option's value, not an unknown option. An option with declared sub-options
   * (`users.users`, itself an option in NixOS) is passed through: `users.users.alice.shel` is
   * known up to `alice` and has no option there, so it is unknown (did-you-mean: `shell`).
   */
  knownPrefix(path: readonly string[]): { length: number; option?: OptionInfo } {
    let node: OptionNode = this.root;
    for (let i = 0; i < path.length; i++) {
      const next: OptionNode | undefined = node.children?.get(path[i]!) ?? node.any;
      if (!next) {
        const option = this.optionOf(node);
        return option ? { length: i, option } : { length: i };
      }
      node = next;
    }
    return { length: path.length, option: this.optionOf(node) };
  }

  /** The next levels below a path, for completion: names, then the placeholder level. */
  children(path: readonly string[]): OptionChild[] {
    const node = this.nodeAt(path);
    if (!node) return [];
    const out: OptionChild[] = [];
    for (const [name, child] of node.children ?? []) out.push({ name, option: this.optionOf(child), hasChildren: hasBelow(child) });
    if (node.any) out.push({ name: '<name>', option: this.optionOf(node.any), hasChildren: hasBelow(node.any) });
    return out;
  }

  /** Whether any renamed or removed option is known. */
  get hasRenames(): boolean {
    return this.renames.size > 0;
  }

  /**
   * Names at `parent`'s level within `max` edits of `name` (a difference in case alone is half
   * an edit; a name that only extends or shortens it at the end, or differs only in its digits,
   * is left out), nearest first.
   * Remembered: the checks ask the same questions on every keystroke.
   */
  nearChildren(parent: readonly string[], name: string, max: number): string[] {
    const key = `${parent.join('\0')}\u0001${name}\u0001${max}`;
    let found = this.nearMemo.get(key);
    if (found) return found;
    const lower = name.toLowerCase();
    const close: { n: string; d: number }[] = [];
    const node = this.nodeAt(parent);
    for (const n of node?.children?.keys() ?? []) {
      if (Math.abs(n.length - name.length) > max) continue;
      // one edit keeps the first or the last letter (case aside): most names fail this at once
      if (max <= 1 && n.length > 2 && name.length > 2 && (n.charCodeAt(0) | 32) !== (name.charCodeAt(0) | 32) && (n.charCodeAt(n.length - 1) | 32) !== (name.charCodeAt(name.length - 1) | 32)) continue;
      if (n.toLowerCase() === lower) {
        if (n !== name) close.push({ n, d: 0.5 });
      } else if (max > 0 && !n.startsWith(name) && !name.startsWith(n) && !differOnlyInDigits(n, name)) {
        const d = editDistance(name, n, max);
        if (d <= max) close.push({ n, d });
      }
    }
    found = close.sort((x, y) => x.d - y.d || x.n.localeCompare(y.n)).slice(0, 3).map((x) => x.n);
    if (this.nearMemo.size > 20_000) this.nearMemo.clear();
    this.nearMemo.set(ownString(key), found);
    return found;
  }

  renamed(path: readonly string[]): RenamedOption | undefined {
    return this.renames.get(path.join('.'));
  }

  /** Every option, in no particular order (for search and listings). */
  *options(): Generator<OptionInfo> {
    for (const node of this.optionNodes()) yield this.optionOf(node)!;
  }

  /** Every node that holds an option. */
  private *optionNodes(): Generator<OptionNode> {
    const stack: OptionNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.option !== undefined) yield node;
      for (const child of node.children?.values() ?? []) stack.push(child);
      if (node.any) stack.push(node.any);
    }
  }

  /** Every option's path (rows are not made into records). */
  private *optionPaths(): Generator<string[]> {
    for (const node of this.optionNodes()) {
      const o = node.option!;
      yield typeof o === 'number' ? this.optionTables[Math.floor(o / ROWS)]!.path(o % ROWS) : o.path;
    }
  }

  /**
   * Did-you-mean for an unknown option path: siblings close to the first unknown level, then
   * whole paths close to the whole path (a misspelt middle level), nearest first.
   */
  nearestOptions(path: readonly string[], limit = 3): string[][] {
    const { length } = this.knownPrefix(path);
    const prefix = path.slice(0, length);
    const wrong = path[length];
    const out: string[][] = [];
    const seen = new Set<string>();
    const add = (p: string[]) => {
      const key = p.join('.');
      if (!seen.has(key) && out.length < limit) {
        seen.add(key);
        out.push(p);
      }
    };
    if (wrong !== undefined) {
      const siblings = this.children(prefix).map((c) => c.name).filter((n) => !PLACEHOLDERS.has(n) && n !== '<name>');
      for (const name of nearest(wrong, siblings, limit)) {
        const candidate = [...prefix, name, ...path.slice(length + 1)];
        add(this.option(candidate) || this.isOptionPrefix(candidate) ? candidate : [...prefix, name]);
      }
    }
    if (out.length < limit) {
      const whole = path.join('.');
      const max = Math.max(1, Math.min(3, Math.floor(whole.length / 8)));
      const scored: { p: string[]; d: number }[] = [];
      if (!this.optionsByLength) {
        this.optionsByLength = new Map();
        for (const path of this.optionPaths()) {
          const text = path.join('.');
          const entry = { text, path, mask: letterMask(text) };
          const list = this.optionsByLength.get(text.length);
          if (list) list.push(entry);
          else this.optionsByLength.set(text.length, [entry]);
        }
      }
      // (an edit changes at most two letter classes: paths whose sets differ more cannot be near)
      const mask = letterMask(whole);
      for (let n = whole.length - max; n <= whole.length + max; n++) {
        for (const e of this.optionsByLength.get(n) ?? []) {
          if (bitCount(e.mask ^ mask) > 2 * max) continue;
          const d = editDistance(whole, e.text, max);
          if (d <= max) scored.push({ p: e.path, d });
        }
      }
      scored.sort((a, b) => a.d - b.d);
      for (const s of scored) add(s.p);
    }
    return out;
  }

  /**
   * Every option's path and its search text (path and description, lower-case), without making
   * records of rows: for a caller that keeps its own search text (intent's lookup).
   */
  *optionSearchTexts(): Generator<{ path: string[]; text: string }> {
    for (const node of this.optionNodes()) {
      const o = node.option!;
      if (typeof o === 'number') {
        const table = this.optionTables[Math.floor(o / ROWS)]!;
        yield { path: table.path(o % ROWS), text: table.searchText(o % ROWS) };
      } else yield { path: o.path, text: `${o.path.join('.')} ${o.description}`.toLowerCase() };
    }
  }

  /** Options whose path or description holds every word of the query, best first. */
  searchOptions(query: string, limit = 20): OptionInfo[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const scored: { o: OptionInfo; s: number }[] = [];
    for (const node of this.optionNodes()) {
      // a row is searched as text; only the rows that match become records (not kept)
      const row = node.option!;
      let o: OptionInfo;
      if (typeof row === 'number') {
        const table = this.optionTables[Math.floor(row / ROWS)]!;
        if (!table.mayMatch(row % ROWS, words)) continue;
        const text = table.searchText(row % ROWS);
        if (!words.every((w) => text.includes(w))) continue;
        // (made for the search only: kept, a broad search would hold thousands of records)
        o = table.info(row % ROWS);
      } else o = row;
      const s = optionMatchScore(o.path.join('.').toLowerCase(), o.description.toLowerCase(), words);
      if (s > 0) scored.push({ o, s: s - o.path.length * 0.01 });
    }
    return scored.sort((a, b) => b.s - a.s).slice(0, limit).map((x) => x.o);
  }

  package(attrPath: string): PackageInfo | undefined {
    return this.packages.get(attrPath);
  }

  /** Every package name once. */
  packageNames(): IterableIterator<string> {
    return this.packages.names();
  }

  /** Every package name once, with its search text (attribute path, pname, description; lower-case), making no records of rows. */
  packageSearchTexts(): Generator<[name: string, text: string]> {
    return this.packages.searchTexts();
  }

  /**
   * Top-level packages within `max` edits of `name` (a difference in case alone is half an edit;
   * never one that differs only in its digits), nearest first. Remembered, like nearChildren.
   */
  nearPackages(name: string, max: number): string[] {
    const key = `\u0002${name}\u0001${max}`;
    let found = this.nearMemo.get(key);
    if (found) return found;
    found = this.packages.near(name, max);
    if (this.nearMemo.size > 20_000) this.nearMemo.clear();
    this.nearMemo.set(ownString(key), found);
    return found;
  }

  /** Did-you-mean for an unknown package name (top-level or nested attribute path). */
  nearestPackages(name: string, limit = 3): string[] {
    return this.packages.nearest(name, limit);
  }

  /** What people call a thing ("vs code", "chrome") -> attribute paths, best first. */
  everydayName(text: string): string[] | undefined {
    return this.everyday.get(text.toLowerCase());
  }

  /** Packages whose name, attribute path or description holds every word of the query. */
  searchPackages(query: string, limit = 20): PackageInfo[] {
    const q = query.toLowerCase().trim();
    if (!q) return [];
    const named = this.everydayName(q)?.map((a) => this.package(a)).filter((p): p is PackageInfo => !!p) ?? [];
    return this.packages.search(q, named, limit);
  }

  lib(name: string): LibFunction | undefined {
    return this.libs.get(name);
  }

  /** Names after `lib.` + prefix (`types.` lists the types), for completion. */
  libNames(prefix = ''): string[] {
    const out = new Set<string>();
    for (const name of this.libs.keys()) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const dot = rest.indexOf('.');
      out.add(dot < 0 ? rest : rest.slice(0, dot));
    }
    return [...out];
  }
}

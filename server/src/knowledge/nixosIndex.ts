// The NixOS knowledge the features ask: options by path (through `<name>` and `*` levels),
// their children for completion, packages by attribute path, lib functions, and the nearest
// names for "did you mean". Built once from the layers the sources loaded; pure.
import type { KnowledgeLayer, LibFunction, OptionInfo, PackageInfo, PackageTable, RenamedOption, SourceName } from './model.js';
import { differOnlyInDigits, editDistance, nearest } from './nearestNames.js';

/** Rows per package table in the packages map's numbers (2^21: more than nixpkgs has). */
const ROWS = 2 ** 21;

/** Levels of an option path that stand for any name the user picks. */
export const PLACEHOLDERS = new Set(['<name>', '*']);

interface OptionNode {
  children: Map<string, OptionNode>;
  /** The `<name>` (or `*`) child, when this level is an attrsOf/listOf submodule. */
  any?: OptionNode;
  option?: OptionInfo;
}

export interface OptionChild {
  /** The next path component (`<name>` for a placeholder level). */
  name: string;
  option?: OptionInfo;
  /** Whether options lie below it. */
  hasChildren: boolean;
}

const newNode = (): OptionNode => ({ children: new Map() });

/** Which of 32 letter classes a name uses (case folded; digits and the rest share classes). */
function letterMask(name: string): number {
  let mask = 0;
  for (let i = 0; i < name.length; i++) mask |= 1 << (name.charCodeAt(i) | 0x20) % 32;
  return mask;
}

function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class NixosIndex {
  private readonly root = newNode();
  private readonly renames = new Map<string, RenamedOption>();
  /** A record, or a row of `tables` (table index * ROWS + row) made into a record when asked for. */
  private readonly packages = new Map<string, PackageInfo | number>();
  private readonly tables: PackageTable[] = [];
  private readonly everyday = new Map<string, string[]>();
  private readonly libs = new Map<string, LibFunction>();
  private optionCount = 0;
  /** Names by length, built on the first did-you-mean: a typo is within three edits, so only
   * names within three characters of its length can be near (120 000 packages: a few thousand). */
  private packagesByLength?: Map<number, { names: string[]; masks: number[] }>;
  private optionsByLength?: Map<number, string[][]>;
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
      if ((layer.complete?.options ?? (full && (layer.options?.length ?? 0) > 0))) this.completeOptions = true;
      const packageCount = (layer.packages?.length ?? 0) + (layer.packageTable?.attrPaths.length ?? 0);
      if ((layer.complete?.packages ?? (layer.source === 'live' && packageCount > 0))) this.completePackages = true;
      for (const o of layer.options ?? []) this.addOption(o);
      for (const r of layer.renamed ?? []) this.renames.set(r.path.join('.'), r);
      for (const p of layer.packages ?? []) this.packages.set(p.attrPath, p);
      if (layer.packageTable) {
        const base = this.tables.push(layer.packageTable) - 1;
        const names = layer.packageTable.attrPaths;
        for (let i = 0; i < names.length; i++) this.packages.set(names[i]!, base * ROWS + i);
      }
      for (const [k, v] of Object.entries(layer.everydayNames ?? {})) this.everyday.set(k.toLowerCase(), v);
      for (const f of layer.lib ?? []) {
        this.libs.set(f.name, f);
        for (const a of f.aliases) if (a.startsWith('lib.') && !this.libs.has(a.slice(4))) this.libs.set(a.slice(4), f);
      }
    }
  }

  get size(): { options: number; packages: number; lib: number } {
    return { options: this.optionCount, packages: this.packages.size, lib: this.libs.size };
  }

  private addOption(o: OptionInfo): void {
    let node = this.root;
    for (const part of o.path) {
      if (PLACEHOLDERS.has(part)) node = node.any ??= newNode();
      else {
        let next = node.children.get(part);
        if (!next) node.children.set(part, (next = newNode()));
        node = next;
      }
    }
    if (!node.option) this.optionCount++;
    node.option = o;
  }

  /** The node a concrete path reaches: a named child first, else the placeholder level. */
  private nodeAt(path: readonly string[]): OptionNode | undefined {
    let node: OptionNode | undefined = this.root;
    for (const part of path) {
      if (!node) return undefined;
      node = (PLACEHOLDERS.has(part) ? undefined : node.children.get(part)) ?? node.any;
    }
    return node;
  }

  /** The option a concrete path sets: `users.users.alice.shell` finds `users.users.<name>.shell`. */
  option(path: readonly string[]): OptionInfo | undefined {
    return this.nodeAt(path)?.option;
  }

  /**
   * Whether options lie below this path, so that setting it as a whole (`services.openssh = { }`)
   * or a deeper path under it may be right even though it is no option itself.
   */
  isOptionPrefix(path: readonly string[]): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && (node.children.size > 0 || node.any !== undefined);
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
      const next: OptionNode | undefined = node.children.get(path[i]!) ?? node.any;
      if (!next) return node.option ? { length: i, option: node.option } : { length: i };
      node = next;
    }
    return { length: path.length, option: node.option };
  }

  /** The next levels below a path, for completion: names, then the placeholder level. */
  children(path: readonly string[]): OptionChild[] {
    const node = this.nodeAt(path);
    if (!node) return [];
    const out: OptionChild[] = [];
    for (const [name, child] of node.children) {
      out.push({ name, option: child.option, hasChildren: child.children.size > 0 || child.any !== undefined });
    }
    if (node.any) out.push({ name: '<name>', option: node.any.option, hasChildren: node.any.children.size > 0 || node.any.any !== undefined });
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
    for (const n of node?.children.keys() ?? []) {
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
    this.nearMemo.set(key, found);
    return found;
  }

  renamed(path: readonly string[]): RenamedOption | undefined {
    return this.renames.get(path.join('.'));
  }

  /** Every option, in no particular order (for search and listings). */
  *options(): Generator<OptionInfo> {
    const stack: OptionNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.option) yield node.option;
      for (const child of node.children.values()) stack.push(child);
      if (node.any) stack.push(node.any);
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
        for (const o of this.options()) {
          const n = o.path.join('.').length;
          const list = this.optionsByLength.get(n);
          if (list) list.push(o.path);
          else this.optionsByLength.set(n, [o.path]);
        }
      }
      for (let n = whole.length - max; n <= whole.length + max; n++) {
        for (const p of this.optionsByLength.get(n) ?? []) {
          const d = editDistance(whole, p.join('.'), max);
          if (d <= max) scored.push({ p, d });
        }
      }
      scored.sort((a, b) => a.d - b.d);
      for (const s of scored) add(s.p);
    }
    return out;
  }

  /** Options whose path or description holds every word of the query, best first. */
  searchOptions(query: string, limit = 20): OptionInfo[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const scored: { o: OptionInfo; s: number }[] = [];
    for (const o of this.options()) {
      const path = o.path.join('.').toLowerCase();
      const text = o.description.toLowerCase();
      let s = 0;
      for (const w of words) {
        if (path.includes(w)) s += path.endsWith(w) || path.includes(`.${w}.`) ? 3 : 2;
        else if (text.includes(w)) s += 1;
        else {
          s = -1;
          break;
        }
      }
      if (s > 0) scored.push({ o, s: s - o.path.length * 0.01 });
    }
    return scored.sort((a, b) => b.s - a.s).slice(0, limit).map((x) => x.o);
  }

  package(attrPath: string): PackageInfo | undefined {
    const p = this.packages.get(attrPath);
    if (typeof p !== 'number') return p;
    const info = this.tables[Math.floor(p / ROWS)]!.info(p % ROWS);
    this.packages.set(attrPath, info);
    return info;
  }

  packageNames(): IterableIterator<string> {
    return this.packages.keys();
  }

  /**
   * Top-level packages within `max` edits of `name` (a difference in case alone is half an edit;
   * never one that differs only in its digits), nearest first. Remembered, like nearChildren.
   */
  nearPackages(name: string, max: number): string[] {
    const key = `\u0002${name}\u0001${max}`;
    let found = this.nearMemo.get(key);
    if (found) return found;
    const lower = name.toLowerCase();
    const close: { n: string; d: number }[] = [];
    for (const n of this.packages.keys()) {
      if (Math.abs(n.length - name.length) > max || n.includes('.') || differOnlyInDigits(n, name)) continue;
      const d = n.toLowerCase() === lower ? 0.5 : editDistance(name, n, max);
      if (d <= max) close.push({ n, d });
    }
    found = close.sort((x, y) => x.d - y.d || x.n.localeCompare(y.n)).slice(0, 3).map((x) => x.n);
    if (this.nearMemo.size > 20_000) this.nearMemo.clear();
    this.nearMemo.set(key, found);
    return found;
  }

  /** Did-you-mean for an unknown package name (top-level or nested attribute path). */
  nearestPackages(name: string, limit = 3): string[] {
    if (!this.packagesByLength) {
      this.packagesByLength = new Map();
      for (const p of this.packages.keys()) {
        let bucket = this.packagesByLength.get(p.length);
        if (!bucket) this.packagesByLength.set(p.length, (bucket = { names: [], masks: [] }));
        bucket.names.push(p);
        bucket.masks.push(letterMask(p));
      }
    }
    // Each edit adds or removes at most one letter of the set of letters a name uses: names whose
    // sets differ in more than twice the edits allowed cannot be near (the same bound `nearest` uses).
    const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
    const mask = letterMask(name);
    const candidates: string[] = [];
    for (let n = name.length - max; n <= name.length + max; n++) {
      const bucket = this.packagesByLength.get(n);
      if (!bucket) continue;
      for (let i = 0; i < bucket.names.length; i++) if (bitCount(bucket.masks[i]! ^ mask) <= 2 * max) candidates.push(bucket.names[i]!);
    }
    return nearest(name, candidates, limit);
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
    const words = q.split(/\s+/);
    const scored: { p: PackageInfo; s: number }[] = [];
    for (const [key, value] of this.packages) {
      // A row is searched as text; only the rows that match become records.
      if (typeof value === 'number') {
        const row = this.tables[Math.floor(value / ROWS)]!.searchText(value % ROWS);
        if (!words.every((w) => row.includes(w))) continue;
      }
      const p = typeof value === 'number' ? this.package(key)! : value;
      const attr = p.attrPath.toLowerCase();
      const text = `${p.pname ?? ''} ${p.description ?? ''}`.toLowerCase();
      let s = attr === q ? 10 : 0;
      for (const w of words) {
        if (attr.includes(w)) s += 3;
        else if (text.includes(w)) s += 1;
        else {
          s = -1;
          break;
        }
      }
      if (s > 0) scored.push({ p, s: s - attr.length * 0.01 });
    }
    const ranked = scored.sort((a, b) => b.s - a.s).map((x) => x.p);
    return [...new Set([...named, ...ranked])].slice(0, limit);
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

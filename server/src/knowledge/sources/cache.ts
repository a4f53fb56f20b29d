// The disk cache of evaluated knowledge: one JSON file per key under the XDG cache folder, so a
// restart loads the last evaluation instead of running Nix again. The key is a hash of what the
// result depends on (the nixpkgs it read, the flake's lock, the configuration, our version); a
// write goes to a temporary file renamed into place, so a reader never sees half a file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KnowledgeLayer, License, OptionInfo, OptionType, PackageInfo, PackageTable } from '../model.js';
import { parseOptionType } from '../optionTypes.js';

/** `$XDG_CACHE_HOME/nix-humanity/knowledge`, else `~/.cache/nix-humanity/knowledge`. */
export function knowledgeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'nix-humanity', 'knowledge');
}

/** A stable key from the parts a result depends on (any order of object keys). */
export function cacheKey(parts: Record<string, string | undefined>): string {
  const canonical = Object.keys(parts)
    .sort()
    .map((k) => `${k}=${parts[k] ?? ''}`)
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The hash of a file's content, or undefined when it cannot be read (flake.lock). */
export function fileHash(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** Bumped when PackedLayer changes: an older file is then ignored, not misread. */
const FORMAT = 3;

interface CacheFile {
  format: number;
  key: string;
  written: string;
  layer: PackedLayer;
}

// The cache holds a layer in rows rather than objects: no field names repeated 140 000 times, the
// declaring files and licence lists stored once each, and type texts parsed once per distinct
// text on loading. Packages are one text, a line per package and a tab between fields: parsing
// it is copying a string, and a package becomes a record only when it is looked up
// (PackageTable). For 20 000 options and 120 000 packages: 45 MB as objects, 26 MB as JSON rows.
type OptionRow = [path: string[], type: string, description: string, defaultText: string | null, example: string | null, declarations: number[], readOnly: 0 | 1];
// A package line: attrPath, name, pname, version, description, homepage, licence list, flags, mainProgram.

interface PackedLayer {
  source: KnowledgeLayer['source'];
  files: string[];
  options: OptionRow[];
  licenses: License[][];
  packages: string;
  rest: Pick<KnowledgeLayer, 'renamed' | 'everydayNames' | 'lib'>;
}

const UNFREE = 1;
const BROKEN = 2;
const INSECURE = 4;

export function packLayer(layer: KnowledgeLayer): PackedLayer {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (f: string) => {
    let i = fileIndex.get(f);
    if (i === undefined) fileIndex.set(f, (i = files.push(f) - 1));
    return i;
  };
  const licenses: License[][] = [];
  const licenseIndex = new Map<string, number>();
  const licensesOf = (ls: License[]) => {
    const k = JSON.stringify(ls);
    let i = licenseIndex.get(k);
    if (i === undefined) licenseIndex.set(k, (i = licenses.push(ls) - 1));
    return i;
  };
  return {
    source: layer.source,
    files,
    options: (layer.options ?? []).map((o) => [o.path, o.type.text, o.description, o.default ?? null, o.example ?? null, o.declarations.map(fileOf), o.readOnly ? 1 : 0]),
    licenses,
    packages: (layer.packages ?? [])
      .map((p) =>
        [
          p.attrPath,
          p.name,
          p.pname ?? '',
          p.version ?? '',
          p.description ?? '',
          p.homepage ?? '',
          licensesOf(p.licenses),
          (p.unfree ? UNFREE : 0) | (p.broken ? BROKEN : 0) | (p.insecure ? INSECURE : 0),
          p.mainProgram ?? '',
        ]
          .map((f) => String(f).replace(/[\t\n\r]+/g, ' '))
          .join('\t'),
      )
      .join('\n'),
    rest: { renamed: layer.renamed, everydayNames: layer.everydayNames, lib: layer.lib },
  };
}

export function unpackLayer(packed: PackedLayer): KnowledgeLayer {
  const source = packed.source;
  const types = new Map<string, OptionType>();
  const options = packed.options.map(([path, typeText, description, def, example, declarations, readOnly]): OptionInfo => {
    let type = types.get(typeText);
    if (!type) types.set(typeText, (type = parseOptionType(typeText)));
    const o: OptionInfo = { path, type, description, declarations: declarations.map((i) => packed.files[i]!), readOnly: readOnly === 1, source };
    if (def !== null) o.default = def;
    if (example !== null) o.example = example;
    return o;
  });
  const lines = packed.packages === '' ? [] : packed.packages.split('\n');
  const packageTable: PackageTable = {
    attrPaths: lines.map((l) => l.slice(0, l.indexOf('\t'))),
    info(row) {
      const f = lines[row]!.split('\t');
      const [attrPath, name, pname, version, description, homepage] = f;
      const flags = Number(f[7]);
      const p: PackageInfo = { attrPath: attrPath!, name: name!, licenses: packed.licenses[Number(f[6])] ?? [], unfree: (flags & UNFREE) !== 0, source };
      if (pname) p.pname = pname;
      if (version) p.version = version;
      if (description) p.description = description;
      if (homepage) p.homepage = homepage;
      if (f[8]) p.mainProgram = f[8];
      if (flags & BROKEN) p.broken = true;
      if (flags & INSECURE) p.insecure = true;
      return p;
    },
    searchText(row) {
      const line = lines[row]!;
      // attrPath, then pname and description (fields 0, 2, 4)
      const f = line.split('\t', 5);
      return `${f[0]} ${f[2]} ${f[4]}`.toLowerCase();
    },
  };
  return { source, options, packageTable, ...packed.rest };
}

/** The cached layer for `key`, or undefined (missing, unreadable, of another key or format). */
export function readCache(dir: string, key: string): KnowledgeLayer | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), 'utf8')) as CacheFile;
    return data.format === FORMAT && data.key === key && data.layer && typeof data.layer === 'object' ? unpackLayer(data.layer) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically; a failure (read-only home, full disk) is reported, never thrown. */
export function writeCache(dir: string, key: string, layer: KnowledgeLayer): string | undefined {
  const file = path.join(dir, `${key}.json`);
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const data: CacheFile = { format: FORMAT, key, written: new Date().toISOString(), layer: packLayer(layer) };
    fs.writeFileSync(temporary, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing to clean
    }
    return `Could not write the knowledge cache ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`;
  }
}

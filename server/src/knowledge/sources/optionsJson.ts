// An options.json in the format the NixOS manual build writes: from the path the user set, or
// found where a build leaves it (`result/share/doc/nixos/options.json` in the workspace) or where
// the extension ships one (the flake's vsix puts the pinned nixpkgs' index beside the server, as
// rows only: see readShippedRows).
// Read once into the disk cache's rows, keyed by the files' identity (path, size, time): later
// starts read the rows, not the JSON, and hold bytes, not 140 000 records.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../version.js';
import type { KnowledgeLayer } from '../model.js';
import { readOptionAliases, readOptionsJson, readPackagesJson } from '../readers.js';
import { cacheFile, readCache, slottedKey, writeCache } from './cache.js';

/**
 * The key of rows written beside an options.json when it was built (the flake's vsix runs
 * `node dist/options-json-worker.cjs dist/knowledge/options.json`): of this version only, so rows
 * of another release are not read as this one's.
 */
export const shippedRowsKey = (): string => slottedKey({ kind: 'shipped' }, { version: VERSION, kind: 'shipped' });

/** Where rows built with an options.json lie: beside it, under the shipped key. */
export const shippedRowsFile = (file: string): string => cacheFile(path.dirname(file), shippedRowsKey());

/**
 * Rows built beside the chosen options.json, when there are any: no conversion, no cache. The
 * JSON itself need not be there any more (the flake's vsix ships only the rows).
 */
export function readShippedRows(file: string): KnowledgeLayer | undefined {
  return readCache(path.dirname(file), shippedRowsKey());
}

/** Where to look, in order, when no path is set. */
export function optionsJsonCandidates(folders: readonly string[], serverDir: string | undefined): string[] {
  const out = folders.map((f) => path.join(f, 'result', 'share', 'doc', 'nixos', 'options.json'));
  if (serverDir) out.push(path.join(serverDir, 'knowledge', 'options.json'));
  return out;
}

export type FileLoad = { ok: true; layer: KnowledgeLayer; file: string; fromCache: boolean; shipped?: boolean; note?: string } | { ok: false; reason: string };

/** The cache key of an options.json and the packages.json beside it: their path, size and time. */
export function optionsJsonKey(file: string, packagesFile: string): string | undefined {
  const identity = (f: string) => {
    try {
      const s = fs.statSync(f);
      return `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      return 'none';
    }
  };
  const own = identity(file);
  if (own === 'none') return undefined;
  // (the slot, one per file: a changed file's rows replace the old ones)
  return slottedKey({ kind: 'options.json', file }, { version: VERSION, kind: 'options.json', file, own, packages: identity(packagesFile) });
}

/** The options.json to read: the set path, else the first candidate that exists or has its rows beside it. */
export function chooseOptionsJson(file: string | undefined, candidates: readonly string[]): string | undefined {
  // (the rows' name is a hash: worked out only where there is a folder, so `check` in a folder
  // with no `result` does not load node:crypto for it)
  return file ?? candidates.find((c) => fs.existsSync(c) || (fs.existsSync(path.dirname(c)) && fs.existsSync(shippedRowsFile(c))));
}

export const packagesBeside = (file: string): string => path.join(path.dirname(file), 'packages.json');

/**
 * The slow part of a first read (3 s of CPU and 300 MB at full size): the JSON parsed into
 * records. Also what the server's worker thread runs (system/optionsJsonThread.ts).
 */
export function readOptionsJsonFiles(file: string): { ok: true; layer: KnowledgeLayer } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code ? `Could not read ${file} (${code}): check nixHumanity.knowledge.optionsJson.` : `${file} is not valid JSON: rebuild it or point nixHumanity.knowledge.optionsJson elsewhere.` };
  }
  const layer: KnowledgeLayer = { source: 'options.json', options: readOptionsJson(json, 'options.json'), renamed: readOptionAliases(json, 'options.json') };
  json = undefined;
  if (layer.options!.length === 0) return { ok: false, reason: `${file} holds no options in the NixOS manual's format.` };
  const packagesFile = packagesBeside(file);
  if (fs.existsSync(packagesFile)) {
    try {
      layer.packages = readPackagesJson(JSON.parse(fs.readFileSync(packagesFile, 'utf8')), 'options.json');
    } catch {
      // the options alone are still worth having
    }
  }
  return { ok: true, layer };
}

/**
 * Reads an options.json (and a packages.json beside it, when there is one: the flake's vsix
 * ships both). `file` is the set path, else the first candidate that exists. With `cacheDir`,
 * the rows of an earlier read of the same files are used, and a first read writes them.
 */
export function loadOptionsJson(file: string | undefined, candidates: readonly string[], cacheDir?: string): FileLoad | undefined {
  const chosen = chooseOptionsJson(file, candidates);
  if (!chosen) return undefined;
  const shipped = readShippedRows(chosen);
  if (shipped) return { ok: true, layer: shipped, file: shippedRowsFile(chosen), fromCache: true, shipped: true };
  const key = cacheDir ? optionsJsonKey(chosen, packagesBeside(chosen)) : undefined;
  if (key && cacheDir) {
    const cached = readCache(cacheDir, key);
    if (cached) return { ok: true, layer: cached, file: chosen, fromCache: true };
  }
  const read = readOptionsJsonFiles(chosen);
  if (!read.ok) return read;
  const { layer } = read;
  if (!key || !cacheDir) return { ok: true, layer, file: chosen, fromCache: false };
  const failed = writeCache(cacheDir, key, layer);
  // what was written, read back: the rows, not the records, are kept
  const kept = failed ? undefined : readCache(cacheDir, key);
  return { ok: true, layer: kept ?? layer, file: chosen, fromCache: false, note: failed };
}

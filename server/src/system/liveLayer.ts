// The live knowledge source end to end: the cache key, the disk cache, the evaluation of options
// and packages, and the state to show. Used by the server (in the background, trusted folders
// only) and by `nix-humanity check --live`. Never throws: a failure is a 'failed' state with the
// reason, once, and the caller keeps the layers it has.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layerSize, type KnowledgeLayer, type SourceState } from '../knowledge/model.js';
import { readOptionAliases, readOptionsJson, readPackagesJson } from '../knowledge/readers.js';
import { cacheKey, fileHash, readCache, slottedKey, writeCache } from '../knowledge/sources/cache.js';
import { VERSION } from '../version.js';
import { followImports, FOLLOW_LIMITS, PathsMemo } from './importedFiles.js';
import { evaluateOptions, evaluatePackages, evaluateRemovedMessages, searchPathOf, type LiveRun } from './liveKnowledge.js';
import { findNixFiles, SKIPPED_DIRS } from './nixFiles.js';
import type { ConfigurationSource } from './rebuild/options.js';

export interface LiveLoad {
  target: ConfigurationSource;
  run: LiveRun;
  /** Where cached results live; undefined: no cache. */
  cacheDir?: string;
  /** Told as each step starts ("evaluating the options of ..."). */
  onProgress?: (message: string) => void;
}

export interface LiveLoaded {
  layer?: KnowledgeLayer;
  state: SourceState;
  fromCache: boolean;
  /** Anything worth a line in the log besides the state (a cache that could not be written). */
  notes: string[];
}

/** What the system's evaluation is called in messages. */
export function describeTarget(target: ConfigurationSource): string {
  return target.kind === 'flake'
    ? `nixosConfigurations.${target.host} of ${target.dir ?? target.ref}`
    : `<nixpkgs/nixos> with ${target.nixosConfig ?? '<nixos-config>'}`;
}

/** The cache key, or undefined when what the result depends on cannot be told. */
export async function liveCacheKey(target: ConfigurationSource, run: LiveRun, cacheDir?: string): Promise<string | undefined> {
  const home = (run.env ?? process.env).HOME;
  // (the literal paths of the files last read, per folder: see PathsMemo)
  const memo = (dir: string) => cacheDir && path.join(cacheDir, `${cacheKey({ imports: dir }).slice(0, 16)}.imports`);
  if (target.kind === 'flake') {
    const dir = target.dir;
    if (!dir) return undefined;
    const lock = fileHash(path.join(dir, 'flake.lock')) ?? fileHash(path.join(dir, 'flake.nix'));
    return lock && slottedKey({ kind: 'flake', dir, host: target.host }, { version: VERSION, kind: 'flake', dir, host: target.host, lock, modules: modulesFingerprint(dir, [path.join(dir, 'flake.nix')], home, memo(dir)) });
  }
  const found = await searchPathOf(target, run);
  const nixpkgs = found?.nixpkgs;
  if (!nixpkgs) return undefined;
  const config = target.nixosConfig;
  const searchPath = searchPathTargets(found.entries);
  // (the slot: this configuration; a channel update's evaluation replaces the older one on disk)
  const modules = config ? modulesFingerprint(path.dirname(config), [config], home, memo(path.dirname(config))) : undefined;
  return slottedKey({ kind: 'channels', config }, { version: VERSION, kind: 'channels', nixpkgs, config, configHash: config ? fileHash(config) : undefined, searchPath, modules });
}

/** Most configuration folders hold tens of files; past this the walk would cost more than it saves. */
const MODULE_FILES_LIMIT = 5000;

/**
 * The `.nix` files the evaluation may read of the user's own, by path, size and modification
 * time: every one under the configuration's folder, and those its files name by literal path
 * elsewhere (`imports = [ /home/alice/shared/common.nix ../hardware.nix ]`, followed from file
 * to file: importedFiles.ts), so an edit to a module of the user's own evaluates again. The
 * folder's files are only stat'ed for themselves; they (and what they name) are read to find
 * the paths (once: `memoFile` keeps what they named, by size, mtime and inode, for the next
 * start). `roots`: the configuration file or flake.nix, first, in case a walk limit stops the rest.
 */
export function modulesFingerprint(dir: string, roots: readonly string[] = [], home?: string, memoFile?: string): string {
  const { files, truncated } = findNixFiles([dir], SKIPPED_DIRS, MODULE_FILES_LIMIT);
  const memo = new PathsMemo(memoFile);
  const outside = followImports([...roots, ...files], home, FOLLOW_LIMITS, memo);
  memo.save();
  const listed = new Set(files);
  const lines = [...files, ...outside.files.filter((f) => !listed.has(f))].map((file) => {
    try {
      const st = fs.statSync(file);
      return `${file}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      return `${file}\0-`;
    }
  });
  return `${truncated ? 'truncated\n' : ''}${outside.truncated ? 'imports truncated\n' : ''}${lines.join('\n')}`;
}

/**
 * Where every entry of the effective search path (`name=path` or `path`) leads, links followed:
 * a configuration's other channels (`<home-manager/nixos>`) are under them, and a channel update
 * moves the profile link (`/nix/var/nix/profiles/per-user/root/channels`) to a new store path.
 * Only the file system is asked; entries that are not folders here (`flake:...`, URLs) are kept
 * as written.
 */
export function searchPathTargets(entries: readonly { prefix: string; path: string }[]): string {
  return entries
    .map(({ prefix, path: where }) => {
      if (!path.isAbsolute(where)) return `${prefix}=${where}`;
      try {
        return `${prefix}=${fs.realpathSync(where)}`;
      } catch {
        return `${prefix}=${where} (missing)`;
      }
    })
    .join('\n');
}

export async function loadLiveLayer(load: LiveLoad): Promise<LiveLoaded> {
  const what = describeTarget(load.target);
  const notes: string[] = [];
  const key = load.cacheDir ? await liveCacheKey(load.target, load.run, load.cacheDir) : undefined;
  if (key && load.cacheDir) {
    const cached = readCache(load.cacheDir, key);
    if (cached) return { layer: cached, fromCache: true, notes, state: ready(cached, `${what} (from the cache)`) };
  }
  load.onProgress?.(`Evaluating the options of ${what}`);
  const options = await evaluateOptions(load.target, load.run);
  if (!options.ok) {
    return {
      fromCache: false,
      notes,
      state: {
        source: 'live',
        state: options.cancelled ? 'off' : 'failed',
        detail: options.cancelled ? 'Stopped.' : `${options.reason} Using the other sources instead.`,
      },
    };
  }
  // Removed options' instructions live in assertions: read only when the walk found some.
  const removed = typeof options.json === 'object' && options.json !== null && Object.values(options.json as Record<string, { removed?: boolean }>).some((o) => o?.removed === true);
  const messages = removed ? await evaluateRemovedMessages(load.target, load.run) : undefined;
  if (messages && !messages.ok) notes.push(`Why options were removed not read: ${messages.reason}`);
  const layer: KnowledgeLayer = {
    source: 'live',
    options: readOptionsJson(options.json, 'live'),
    renamed: readOptionAliases(options.json, 'live', messages?.ok ? messages.json : {}),
  };
  load.onProgress?.(`Listing the packages of ${what}`);
  const packages = await evaluatePackages(load.target, load.run);
  if (packages.ok) layer.packages = readPackagesJson(packages.json, 'live');
  else notes.push(`Packages of ${what} not listed: ${packages.reason}`);
  let kept = layer;
  if (key && load.cacheDir && (packages.ok || !packages.cancelled)) {
    const failed = writeCache(load.cacheDir, key, layer);
    if (failed) notes.push(failed);
    // what was written, read back: rows over the file's bytes take a fraction of the records' memory
    else kept = readCache(load.cacheDir, key) ?? layer;
  }
  return { layer: kept, fromCache: false, notes, state: ready(kept, `${what}, evaluated in ${(options.ms / 1000).toFixed(1)} s`) };
}

function ready(layer: KnowledgeLayer, detail: string): SourceState {
  return { source: 'live', state: 'ready', detail, ...layerSize(layer) };
}

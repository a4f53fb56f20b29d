// The disk cache of evaluated knowledge: one JSON file per key under the XDG cache folder, so a
// restart loads the last evaluation instead of running Nix again. The key is a hash of what the
// result depends on (the nixpkgs it read, the flake's lock, the configuration, our version); a
// write goes to a temporary file renamed into place, so a reader never sees half a file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KnowledgeLayer } from '../model.js';

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

interface CacheFile {
  key: string;
  written: string;
  layer: KnowledgeLayer;
}

/** The cached layer for `key`, or undefined (missing, unreadable, or of another key). */
export function readCache(dir: string, key: string): KnowledgeLayer | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), 'utf8')) as CacheFile;
    return data.key === key && data.layer && typeof data.layer === 'object' ? data.layer : undefined;
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
    const data: CacheFile = { key, written: new Date().toISOString(), layer };
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

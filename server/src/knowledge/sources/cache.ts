// The disk cache of evaluated knowledge: one file per key under the XDG cache folder, so a
// restart loads the last evaluation instead of running Nix again. The key is a hash of what the
// result depends on (the nixpkgs it read, the flake's lock, the configuration, our version); a
// write goes to a temporary file renamed into place, so a reader never sees half a file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KnowledgeLayer } from '../model.js';
import { decodeRows, encodeRows, type RowsHeader } from './cacheRows.js';

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

/**
 * A key with a slot: `slot` names what the result is of (a flake's host, an options.json file),
 * `parts` what that result depends on. A newer result in the same slot replaces the older file.
 */
export function slottedKey(slot: Record<string, string | undefined>, parts: Record<string, string | undefined>): string {
  return `${cacheKey(slot).slice(0, 16)}-${cacheKey(parts)}`;
}

/** The hash of a file's content, or undefined when it cannot be read (flake.lock). */
export function fileHash(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** Bumped when the format changes: an older file is then ignored, not misread. */
const FORMAT = 4;
const MAGIC = 'NHKNOWLEDGE\n';

interface CacheHeader extends RowsHeader {
  format: number;
  key: string;
  written: string;
}

/** The file for `key` (binary: a header line, then the rows; see cacheRows.ts). */
export const cacheFile = (dir: string, key: string) => path.join(dir, `${key}.rows`);

/** The cached layer for `key`, or undefined (missing, unreadable, of another key or format). */
export function readCache(dir: string, key: string): KnowledgeLayer | undefined {
  try {
    const bytes = fs.readFileSync(cacheFile(dir, key));
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const newline = bytes.indexOf(0x0a, MAGIC.length);
    if (newline < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length, newline)) as CacheHeader;
    if (header.format !== FORMAT || header.key !== key) return undefined;
    return decodeRows(header, bytes.subarray(newline + 1));
  } catch {
    return undefined;
  }
}

/** Writes atomically; a failure (read-only home, full disk) is reported, never thrown. */
export function writeCache(dir: string, key: string, layer: KnowledgeLayer): string | undefined {
  const file = cacheFile(dir, key);
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { header, body } = encodeRows(layer);
    const head: CacheHeader = { format: FORMAT, key, written: new Date().toISOString(), ...header };
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(MAGIC + JSON.stringify(head) + '\n'), body]), { mode: 0o600 });
    fs.renameSync(temporary, file);
    removeStale(dir, key);
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

/** Our files: `KEY.rows` (a slot before the key since 2026-12-07) and `KEY.json`, the format before rows. */
const OURS = /^(?:([0-9a-f]{16})-)?[0-9a-f]{32}\.(rows|json)$/;
const TEMPORARY = /^(?:[0-9a-f]{16}-)?[0-9a-f]{32}\.(?:rows|json)\.\d+\.[0-9a-z]+\.tmp$/;
/** A temporary file this old is left over from a write that died (a write takes seconds). */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * After `key` was written: removes the files of ours no reader will ask for again, namely the
 * previous format (`.json`), rows written before keys had a slot, an older result in the same
 * slot, and temporary files of writes that died. Other slots (another workspace's system, another
 * options.json) are kept, and so is anything not named as we name files.
 */
function removeStale(dir: string, key: string): void {
  const slot = /^([0-9a-f]{16})-/.exec(key)?.[1];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === `${key}.rows`) continue;
    const ours = OURS.exec(name);
    const file = path.join(dir, name);
    try {
      if (ours ? ours[2] === 'json' || ours[1] === undefined || ours[1] === slot : TEMPORARY.test(name) && Date.now() - fs.statSync(file).mtimeMs > ABANDONED_MS) fs.rmSync(file, { force: true });
    } catch {
      // another process removed it, or it cannot be: the next write tries again
    }
  }
}

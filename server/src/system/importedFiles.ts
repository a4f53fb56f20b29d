// The `.nix` files a configuration reads that its folder does not hold: modules imported by
// literal path from elsewhere (`imports = [ /home/alice/nixos-shared/common.nix ../hardware.nix ]`),
// followed from file to file. For the live knowledge's cache key (liveLayer.ts): an edit to one
// of them must evaluate again. Paths are read on each file's syntax tree (analysis/literalPaths.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { literalPaths } from '../analysis/literalPaths.js';
import { parse } from '../syntax/index.js';
import { writeFileWhole } from './wholeFile.js';

export interface FollowLimits {
  /** Files followed beyond the roots. */
  files: number;
  /** Bytes read and parsed in all (the roots included). */
  bytes: number;
  /** A larger file is a dependency but is not read (a generated package set, not a module). */
  fileBytes: number;
}

/** A configuration folder's modules are a few KB each; these stop a walk into a whole tree of Nix. */
export const FOLLOW_LIMITS: FollowLimits = { files: 1000, bytes: 8 * 1024 * 1024, fileBytes: 1024 * 1024 };

export interface Followed {
  /** The files named from the roots and from what they name, as Nix resolves them, sorted; roots not included. */
  files: string[];
  /** A limit stopped the walk (the list is then a prefix, the same each time for the same files). */
  truncated: boolean;
}

/**
 * Follows the literal paths of `roots` (`.nix` files, read in the order given) and of every file
 * they lead to. A path is resolved as Nix does: relative to the folder of the file it is written
 * in, that file's own symbolic links followed first (a configuration.nix linked from a dotfiles
 * checkout names `./x.nix` beside the checkout's copy); `~/` from `home`; a folder means its
 * `default.nix`. Only `.nix` files are kept; one that does not exist is kept too (its creation
 * is a change) but not followed. Each file is read once, so an import cycle ends.
 */
export function followImports(roots: readonly string[], home: string | undefined, limits: FollowLimits = FOLLOW_LIMITS, memo?: PathsMemo): Followed {
  const seen = new Set<string>();
  const found: string[] = [];
  const queue: string[] = [];
  for (const r of roots) {
    const file = exprFile(path.resolve(r));
    if (file && !seen.has(file)) {
      seen.add(file);
      queue.push(file);
    }
  }
  let bytes = 0;
  let truncated = false;
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    let named: readonly string[];
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > limits.fileBytes) continue;
      // (counted from the size whether read or remembered: the same files stop the walk either way)
      if (bytes + st.size > limits.bytes) {
        truncated = true;
        break;
      }
      bytes += st.size;
      const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
      const known = memo?.seen(file, stamp);
      named = known ?? literalPaths(parse(fs.readFileSync(file, 'utf8')).tree);
      if (!known) memo?.learn(file, stamp, named);
    } catch {
      continue; // gone or unreadable: its stat in the key says so
    }
    const dir = path.dirname(file);
    for (const written of named) {
      const target = exprFile(written.startsWith('~/') ? (home ? path.join(home, written.slice(2)) : undefined) : path.resolve(dir, written));
      if (!target || seen.has(target)) continue;
      if (found.length >= limits.files) {
        truncated = true;
        break;
      }
      seen.add(target);
      found.push(target);
      queue.push(target);
    }
    if (truncated) break;
  }
  return { files: found.sort(), truncated };
}

/**
 * The file Nix reads for a path: its own links followed (not its folders': Nix keeps `..`
 * lexical), then `default.nix` of a folder. Undefined for what is not a `.nix` file (a
 * wallpaper, `./www` without a default.nix), or for a link loop.
 */
function exprFile(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  let at = p;
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(at);
    } catch {
      return at.endsWith('.nix') ? at : undefined;
    }
    if (st.isSymbolicLink()) {
      try {
        at = path.resolve(path.dirname(at), fs.readlinkSync(at));
      } catch {
        return undefined;
      }
      continue;
    }
    if (st.isDirectory()) {
      const inside = path.join(at, 'default.nix');
      return fs.existsSync(inside) ? exprFile(inside) : undefined;
    }
    return at.endsWith('.nix') ? at : undefined;
  }
  return undefined;
}

/**
 * The literal paths of files read before, by path and stamp (size, modification time, inode: what
 * the key itself trusts), kept on disk beside the knowledge cache: a restart stats the
 * configuration's files instead of parsing them (parsing 137 files cold costs about 0.2 s of CPU).
 * Only the files asked for in a walk are written back.
 */
export class PathsMemo {
  private readonly known = new Map<string, { stamp: string; paths: readonly string[] }>();
  private readonly used = new Map<string, { stamp: string; paths: readonly string[] }>();
  private learnt = false;

  constructor(private readonly file: string | undefined) {
    if (!file) return;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: number; files?: Record<string, [string, string[]]> };
      if (data.format !== MEMO_FORMAT || typeof data.files !== 'object' || data.files === null) return;
      for (const [name, entry] of Object.entries(data.files)) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]) && entry[1].every((p) => typeof p === 'string')) this.known.set(name, { stamp: entry[0], paths: entry[1] });
      }
    } catch {
      // none yet, or not ours to read: every file is parsed
    }
  }

  seen(file: string, stamp: string): readonly string[] | undefined {
    const entry = this.known.get(file);
    if (entry?.stamp !== stamp) return undefined;
    this.used.set(file, entry);
    return entry.paths;
  }

  learn(file: string, stamp: string, paths: readonly string[]): void {
    this.used.set(file, { stamp, paths });
    this.learnt = true;
  }

  /** Writes what this walk used, when it learnt something or dropped a file; never throws. */
  save(): void {
    if (!this.file || (!this.learnt && this.used.size === this.known.size)) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const files = Object.fromEntries([...this.used].map(([name, e]) => [name, [e.stamp, e.paths]]));
      writeFileWhole(this.file, JSON.stringify({ format: MEMO_FORMAT, files }));
    } catch {
      // bookkeeping: the next start parses again
    }
  }
}

const MEMO_FORMAT = 1;

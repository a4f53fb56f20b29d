// dist/cli.cjs: runs the CLI and server bundle (main.ts), which esbuild.mjs writes beside it as
// dist/cli-main.cjs (one byte a character, read as such), through V8's code cache. Compiling the
// bundle was a third of a command's start-up; with the cache kept from an earlier run it is
// read instead. Node 22's module.enableCompileCache does this for files; Node 20 (20.20 too)
// lacks it, so this is the same done by hand with vm.Script's cachedData. The cache is one file
// per bundle, command and Node version in the user's cache folder (XDG_CACHE_HOME, else
// ~/.cache), written after a run that had none, readable by that user only; without a writable
// folder the bundle just compiles as before.
import { closeSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** The folder the cache goes in, or undefined (NIX_HUMANITY_NO_COMPILE_CACHE set, no home). */
function cacheFolder(): string | undefined {
  if (process.env.NIX_HUMANITY_NO_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : '');
  return base ? path.join(base, 'nix-humanity') : undefined;
}

/** A cheap fingerprint of the bundle (its length and a sample of it): a stale cache is also refused by V8. */
function fingerprint(source: string): string {
  let h = 2166136261;
  for (let i = 0; i < source.length; i += 997) h = Math.imul(h ^ source.charCodeAt(i), 16777619);
  return `${source.length.toString(36)}-${(h >>> 0).toString(36)}`;
}

/** A short hash of the bundle's path, every character of it. */
function placeOf(filename: string): string {
  let h = 2166136261;
  for (let i = 0; i < filename.length; i++) h = Math.imul(h ^ filename.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** A cache nothing has used for this long is removed when another is written (an install since replaced). */
const UNUSED_MS = 30 * 24 * 3600 * 1000;
/** A cache in use has its time set again when it is older than this (a write at most once a week). */
const TOUCH_MS = 7 * 24 * 3600 * 1000;

/** The file's bytes, its time set again when it is due (TOUCH_MS); undefined when there is none. */
function readCache(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const data = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const now = Date.now();
    if (now - mtimeMs > TOUCH_MS) futimesSync(fd, now / 1000, now / 1000);
    return data.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The commands of main.ts (cli/commands/): each gets a cache of its own. */
const COMMANDS = new Set(['ask', 'check', 'diff', 'explain', 'generations', 'lsp', 'option', 'rebuild', 'rollback', 'search', '__runner']);

function run(): void {
  const filename = path.join(__dirname, 'cli-main.cjs');
  // (esbuild.mjs escapes every character beyond ASCII: latin1 is the exact text, and the fastest read)
  const source = readFileSync(filename, 'latin1');
  const folder = cacheFolder();
  // One cache per command: a cache holds the code of the functions its run compiled, so the
  // language server's would otherwise be the one `--help` left (all else compiled as it ran).
  // Anything else (flags, a mistyped command) shares one, so typing makes no files.
  const arg = process.argv[2] ?? '';
  const command = COMMANDS.has(arg) ? arg : 'other';
  // The bundle's place is in the name too: two installs (the extension's server and a CLI from
  // elsewhere, of other versions) each keep their caches instead of deleting each other's on
  // every start; an update in place replaces its own.
  const prefix = `cli-${command}-${process.version}-${process.arch}-${placeOf(filename)}-`;
  const file = folder && path.join(folder, `${prefix}${fingerprint(source)}.v8cache`);
  const cachedData = file ? readCache(file) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, ...(cachedData ? { cachedData } : {}) });
  if (file && (!cachedData || script.cachedDataRejected)) {
    // written once the command has run (the functions it compiled are in it), or after a
    // moment for the language server, which keeps running
    let written = false;
    const write = () => {
      // (a run that did not do its work, an operation runner nobody used, says so: kept, its
      // cache would lack the code of the runs after it, which would keep it as it is)
      if (written || (globalThis as Record<symbol, unknown>)[Symbol.for('nix-humanity.noCodeCache')]) return;
      written = true;
      try {
        const data = script.createCachedData();
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const temporary = `${file}.${process.pid}`;
        const fd = openSync(temporary, 'w', 0o600);
        try {
          writeSync(fd, data);
        } finally {
          closeSync(fd);
        }
        renameSync(temporary, file);
        // the same command's caches for earlier bundles in this place are of no more use, nor
        // any cache unused for a month (an install since replaced elsewhere: a new store path)
        const now = Date.now();
        for (const name of readdirSync(path.dirname(file))) {
          if (!name.endsWith('.v8cache') || name === path.basename(file)) continue;
          const other = path.join(path.dirname(file), name);
          try {
            if (name.startsWith(prefix) || now - statSync(other).mtimeMs > UNUSED_MS) rmSync(other, { force: true });
          } catch {
            // gone meanwhile (another process pruning)
          }
        }
      } catch {
        // no cache this time
      }
    };
    process.once('exit', write);
    // The operation runner waits for its run first: its cache is only worth keeping with the run's code in it.
    if (command !== '__runner') setTimeout(write, 3000).unref();
  }
  const main = script.runInThisContext() as (exports: unknown, req: NodeRequire, mod: NodeModule, filename: string, dirname: string) => void;
  main.call(module.exports, module.exports, require, module, filename, __dirname);
}

run();

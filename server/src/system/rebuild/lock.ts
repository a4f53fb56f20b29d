// One system operation at a time: a lock file holding the owner's pid. A lock whose process is
// gone (a crash, a kill -9) is stale and taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'operation.lock';

export interface LockOwner {
  pid: number;
  /** What it is doing, e.g. "switch". */
  operation: string;
  /** ISO time. */
  started: string;
}

export class OperationLockedError extends Error {
  constructor(readonly owner: LockOwner, readonly file: string) {
    super(
      `Another system operation is already running (${owner.operation}, process ${owner.pid}, started ${owner.started}). ` +
        'Wait for it to finish or cancel it, then try again.',
    );
  }
}

export interface OperationLock {
  file: string;
  release(): void;
}

/** Takes the lock in `dir`, or throws OperationLockedError naming the operation that holds it. */
export function acquireOperationLock(dir: string, operation: string, pid = process.pid): OperationLock {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = { pid, operation, started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      // 'wx' creates the file only if it does not exist: two processes cannot both succeed.
      fd = openNew(file, dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      fd = -1;
    }
    if (fd !== -1) {
      let ours: fs.BigIntStats;
      try {
        fs.writeSync(fd, JSON.stringify(owner) + '\n');
        ours = fs.fstatSync(fd, { bigint: true });
      } catch (error) {
        fs.closeSync(fd);
        removeIfThere(file);
        throw error;
      }
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only remove our own lock (a stale-lock takeover elsewhere may have replaced it). The
          // file is still open here, so its inode cannot have been freed and reused: the same
          // device and inode at the path is our file, told apart without reading it back.
          try {
            const there = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
            if (there && there.ino === ours.ino && there.dev === ours.dev) removeIfThere(file);
          } finally {
            fs.closeSync(fd);
          }
        },
      };
    }
    const existing = readOwner(file);
    if (existing && isAlive(existing.pid)) throw new OperationLockedError(existing, file);
    // Stale (dead owner) or unreadable (a crash mid-write): take it over. Rename first, so of two
    // processes taking over at once only one removes it.
    const stale = `${file}.stale.${pid}`;
    try {
      fs.renameSync(file, stale);
      fs.rmSync(stale, { force: true });
    } catch {
      // someone else took it over first: try again
    }
  }
  const existing = readOwner(file);
  throw new OperationLockedError(existing ?? { pid: 0, operation: 'unknown', started: 'unknown' }, file);
}

/** Creates `file` exclusively and opens it; the folder is made only when missing (the common case pays no mkdir). */
function openNew(file: string, dir: string): number {
  try {
    return fs.openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(dir, { recursive: true });
    return fs.openSync(file, 'wx');
  }
}

/** unlink, quiet when already gone (cheaper than rmSync's lstat-then-remove). */
export function removeIfThere(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

let discarded = 0;

/**
 * Removes `link` from its name now and from the disk a moment later. An out link Nix made points at
 * a store path too long for an inline symlink, so unlinking it frees a block and waits on the
 * file system journal (0.2 to 0.6 ms here); a rename does neither. The name is free (and no GC
 * root any more: Nix's root points at the name) as soon as this returns; the unlink itself runs in
 * the background. A crash in between leaves only an unregistered link named `NAME.old-PID-N`.
 */
export function discardLink(link: string): void {
  const old = `${link}.old-${process.pid}-${++discarded}`;
  try {
    fs.renameSync(link, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    removeIfThere(link);
    return;
  }
  fs.unlink(old, () => undefined);
}

/** Who holds the lock in `dir`, if a live process does. */
export function lockOwner(dir: string): LockOwner | undefined {
  const owner = readOwner(path.join(dir, LOCK_FILE));
  return owner && isAlive(owner.pid) ? owner : undefined;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && parsed.pid > 0) {
      return { pid: parsed.pid, operation: String(parsed.operation ?? 'unknown'), started: String(parsed.started ?? 'unknown') };
    }
  } catch {
    // missing or half-written
  }
  return undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (e.g. root running the other operation).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

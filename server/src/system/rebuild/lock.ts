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
    try {
      // 'wx' creates the file only if it does not exist: two processes cannot both succeed.
      writeNew(file, JSON.stringify(owner) + '\n', dir);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only remove our own lock (a stale-lock takeover elsewhere may have replaced it).
          if (readOwner(file)?.pid === pid) removeIfThere(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
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

/** Creates `file` exclusively; the folder is made only when missing (the common case pays no mkdir). */
function writeNew(file: string, text: string, dir: string): void {
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' });
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

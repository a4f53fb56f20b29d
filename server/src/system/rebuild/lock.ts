// One system operation per profile at a time: a lock file keyed by the profile's real path, in a
// folder every user can write (/tmp), so that a user's operation and root's (through sudo, with
// another HOME and so another state folder) on the same profile exclude each other. The profile's
// own folder would not do: only root can write /nix/var/nix/profiles, and the user's operation
// takes the lock before anything is elevated. A lock whose process is gone (a crash, a kill -9,
// a reboot, a pid since reused by another program) is stale and taken over.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootId, processStartTime } from '../exec';
import { profileKey } from '../knownGood';

/** Where the locks live: sticky and writable by everyone on every Linux (NixOS included). */
export const LOCK_FOLDER = '/tmp';

export interface LockOwner {
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/PID/stat): a reused pid has another. */
  start?: string;
  /** /proc/sys/kernel/random/boot_id when it was taken: a lock from before a reboot is stale. */
  boot?: string;
  uid?: number;
  /** What it is doing, e.g. "switch". */
  operation: string;
  /** ISO time. */
  started: string;
  profile?: string;
}

export class OperationLockedError extends Error {
  constructor(readonly owner: LockOwner, readonly file: string, message?: string) {
    super(
      message ??
        `Another system operation is already running on ${owner.profile ?? 'this profile'} (${owner.operation}, process ${owner.pid}` +
          `${owner.uid !== undefined && owner.uid !== process.getuid?.() ? ` of user ${owner.uid}` : ''}, started ${owner.started}). ` +
          `Wait for it to finish or cancel it, then try again. Its lock is ${file}; if no such operation is running, remove that file.`,
    );
  }
}

export interface OperationLock {
  file: string;
  release(): void;
}

/** The lock file of `profile` (on `host`, for a --target-host deployment: locked here only). */
export function profileLockFile(profile: string, host?: string, dir = LOCK_FOLDER): string {
  const key = host ? profileKey(profile, host) : realProfilePath(profile);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 20);
  return path.join(dir, `nix-humanity-${hash}.lock`);
}

/** The profile's path with its folder's symlinks resolved (the profile link itself is not followed:
 * it points at a generation, which changes). */
export function realProfilePath(profile: string): string {
  const absolute = path.resolve(profile);
  try {
    return path.join(fs.realpathSync.native(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

const held = new Set<OperationLock>();

/** Releases every lock this process holds (for an exit that cannot wait for the normal path). */
export function releaseHeldLocks(): void {
  for (const lock of [...held]) lock.release();
}

/**
 * Takes the lock of `profile`, or throws OperationLockedError naming the operation that holds it
 * and the lock file. The file appears complete or not at all (written under another name, then
 * hard-linked into place), so a half-written lock is never seen.
 */
export function acquireOperationLock(
  profile: string,
  operation: string,
  options: { host?: string; dir?: string; pid?: number } = {},
): OperationLock {
  const pid = options.pid ?? process.pid;
  const file = profileLockFile(profile, options.host, options.dir);
  const owner: LockOwner = {
    pid,
    ...optional('start', processStartTime(pid)),
    ...optional('boot', bootId()),
    ...optional('uid', process.getuid?.()),
    operation,
    started: new Date().toISOString(),
    profile: options.host ? `${options.host}:${profile}` : profile,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const temp = `${file}.${pid}.${randomBytes(4).toString('hex')}.new`;
    let ours: fs.BigIntStats;
    try {
      const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
      const fd = fs.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
      try {
        fs.writeSync(fd, JSON.stringify(owner) + '\n');
        ours = fs.fstatSync(fd, { bigint: true });
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      removeIfThere(temp);
      throw new OperationLockedError(owner, file, `Could not take the lock ${file}: ${reason(error)}. Free some room in ${path.dirname(file)} (or make it writable) and try again.`);
    }
    let linked = false;
    try {
      fs.linkSync(temp, file);
      linked = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        removeIfThere(temp);
        throw new OperationLockedError(owner, file, `Could not take the lock ${file}: ${reason(error)}.`);
      }
    } finally {
      removeIfThere(temp);
    }
    if (linked) return holding(file, ours);
    const existing = readOwner(file);
    if (existing && ownerAlive(existing)) throw new OperationLockedError(existing, file);
    // Stale (its process is gone) or unreadable: take it over. Rename first, so that of two
    // processes taking over at once only one gets it; then check what was moved really was stale.
    const stale = `${file}.stale.${pid}`;
    try {
      fs.renameSync(file, stale);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      // /tmp is sticky: another user's lock can only be removed by them or root.
      const who = existing ? `process ${existing.pid}${existing.uid !== undefined ? ` of user ${existing.uid}` : ''}, which is no longer running` : 'an unreadable owner';
      throw new OperationLockedError(existing ?? unknownOwner(), file, `A stale lock ${file} (left by ${who}) blocks ${operation} on ${profile}, and it belongs to another user: remove it with 'sudo rm ${file}', then try again.`);
    }
    const moved = readOwner(stale);
    if (moved && ownerAlive(moved)) {
      // A live lock taken between our check and the rename: put it back.
      try {
        fs.linkSync(stale, file);
      } catch {
        // its owner will find it gone at release; nothing else to do
      }
      removeIfThere(stale);
      throw new OperationLockedError(moved, file);
    }
    removeIfThere(stale);
  }
  throw new OperationLockedError(readOwner(file) ?? unknownOwner(), file);
}

function holding(file: string, ours: fs.BigIntStats): OperationLock {
  let released = false;
  const lock: OperationLock = {
    file,
    release() {
      if (released) return;
      released = true;
      held.delete(lock);
      // Only remove our own lock (a takeover elsewhere may have replaced it): the same device and
      // inode at the path is our file (we keep no descriptor: an inode number could be reused
      // only after our file was removed, and then the path would not lead to it).
      try {
        const there = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
        if (there && there.ino === ours.ino && there.dev === ours.dev) removeIfThere(file);
      } catch {
        // gone, or the folder went away: nothing to release
      }
    },
  };
  held.add(lock);
  return lock;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function unknownOwner(): LockOwner {
  return { pid: 0, operation: 'unknown', started: 'unknown' };
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const text: Record<string, string> = { ENOSPC: 'no space left on the device', EROFS: 'the file system is read-only', EACCES: 'permission denied', EPERM: 'permission denied', EDQUOT: 'the disk quota is exhausted' };
  return (e.code && text[e.code]) ?? e.message ?? String(error);
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
 * `now`: unlink at once (an exit that cannot wait for the background).
 */
export function discardLink(link: string, now = false): void {
  if (now) {
    try {
      removeIfThere(link);
    } catch {
      // not ours to remove
    }
    return;
  }
  const old = `${link}.old-${process.pid}-${++discarded}`;
  try {
    fs.renameSync(link, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    try {
      removeIfThere(link);
    } catch {
      // a read-only folder: nothing can be made there either
    }
    return;
  }
  fs.unlink(old, () => undefined);
}

/** Who holds the lock of `profile`, if a live process does. */
export function lockOwner(profile: string, host?: string, dir?: string): LockOwner | undefined {
  const owner = readOwner(profileLockFile(profile, host, dir));
  return owner && ownerAlive(owner) ? owner : undefined;
}

function readOwner(file: string): LockOwner | undefined {
  let fd: number;
  try {
    // Never through a symlink planted in the shared folder.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(4096);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const parsed = JSON.parse(buffer.toString('utf8', 0, n)) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        ...optional('start', typeof parsed.start === 'string' ? parsed.start : undefined),
        ...optional('boot', typeof parsed.boot === 'string' ? parsed.boot : undefined),
        ...optional('uid', typeof parsed.uid === 'number' ? parsed.uid : undefined),
        operation: String(parsed.operation ?? 'unknown'),
        started: String(parsed.started ?? 'unknown'),
        ...optional('profile', typeof parsed.profile === 'string' ? parsed.profile : undefined),
      };
    }
  } catch {
    // damaged
  } finally {
    fs.closeSync(fd);
  }
  return undefined;
}

/** Whether the process that took the lock is still running: same boot, same pid, same start time. */
export function ownerAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  const start = processStartTime(owner.pid);
  if (start !== undefined) return owner.start === undefined || owner.start === start;
  // Not readable in /proc (gone, a zombie, hidden by hidepid, or no /proc): ask the kernel.
  return isAlive(owner.pid);
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

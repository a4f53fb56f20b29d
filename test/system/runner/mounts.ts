// Small file systems for the fault tests: a tmpfs of a given size (full, or read-only) when this
// machine lets us mount one (root in a container usually can), else undefined, and the tests use
// the stand-ins that need no mount (/dev/full behind a symlink, a file where a folder should be).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

let mountWorks: boolean | undefined;

/** Mounts a tmpfs of `size` (e.g. '64k') on `dir` (made if missing); false when mounting is not allowed here. */
export function mountTmpfs(dir: string, size: string, readOnly = false): boolean {
  fs.mkdirSync(dir, { recursive: true });
  if (mountWorks === false) return false;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { encoding: 'utf8' });
  mountWorks = r.status === 0;
  return mountWorks;
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
}

/** Fills the file system holding `dir` to the last byte (a file of zeros until ENOSPC). */
export function fill(dir: string): void {
  const fd = fs.openSync(`${dir}/.filler`, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  // The last partial block, and the room a small file would take.
  try {
    for (;;) fs.appendFileSync(`${dir}/.filler`, 'x');
  } catch {
    // full
  }
}

// Finding the `.nix` files of a folder tree: for `check` and the workspace index.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The `.nix` files under `roots`, sorted, not entering folders named in `skipped`; stops at
 * `limit` files (`truncated` then says so). Unreadable folders are passed over. Symbolic links
 * are followed, to files and to folders (a configuration.nix linked from a dotfiles checkout
 * is common); each folder is entered once, by its device and inode, so a link cycle ends.
 * A link is listed by its own path, as the user wrote the tree.
 */
/** Folders `check` and the CLI never walk into: build outputs, VCS data, dependency caches. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', 'result', '.direnv']);
/** The editor's workspace walks skip bundles and caches too (a workspace is often a project). */
export const WORKSPACE_SKIPPED_DIRS: ReadonlySet<string> = new Set([...SKIPPED_DIRS, 'dist', '.cache']);

export function findNixFiles(roots: string[], skipped: ReadonlySet<string>, limit = Infinity): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  const entered = new Set<string>();
  const stack: string[] = [];
  const enter = (dir: string, st?: { dev: number; ino: number }) => {
    if (!st) {
      try {
        st = statSync(dir);
      } catch {
        return;
      }
    }
    const key = `${st.dev}:${st.ino}`;
    if (entered.has(key)) return;
    entered.add(key);
    stack.push(dir);
  };
  for (const r of roots) enter(r);
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      const full = path.join(dir, e.name);
      let st: { dev: number; ino: number } | undefined;
      if (e.isSymbolicLink()) {
        try {
          const target = statSync(full);
          isDir = target.isDirectory();
          isFile = target.isFile(); // not a FIFO or device that would block or never end

          st = target;
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir) {
        if (!skipped.has(e.name)) enter(full, st);
      } else if (isFile && e.name.endsWith('.nix')) {
        if (files.length >= limit) return { files, truncated: true };
        files.push(full);
      }
    }
  }
  return { files: files.sort(), truncated: false };
}

// Finding the `.nix` files of a folder tree: for `check` and the workspace index.
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The `.nix` files under `roots`, sorted, not entering folders named in `skipped`; stops at
 * `limit` files (`truncated` then says so). Unreadable folders are passed over.
 */
export function findNixFiles(roots: string[], skipped: ReadonlySet<string>, limit = Infinity): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skipped.has(e.name)) stack.push(path.join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith('.nix')) {
        if (files.length >= limit) return { files, truncated: true };
        files.push(path.join(dir, e.name));
      }
    }
  }
  return { files: files.sort(), truncated: false };
}

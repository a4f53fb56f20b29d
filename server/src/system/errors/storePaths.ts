// Maps file names in Nix output back to files the user can edit. Flakes are evaluated from a
// copy in the store (/nix/store/HASH-source/REL); anything else in the store (nixpkgs, Nix's
// own `«string»` pseudo files) is not the user's and gets no diagnostic.
import * as path from 'node:path';

// Flake sources (and their inputs) are copied to `HASH-source`.
const STORE_SOURCE = /^\/nix\/store\/[0-9a-z]{32}-source\/(.+)$/;

export interface FileResolver {
  /** The workspace file `file` refers to, or undefined when it is not a user file. */
  resolve(file: string | undefined): string | undefined;
  read(file: string): string | undefined;
}

export function makeResolver(workspaceRoot: string, readFile: (p: string) => string | undefined): FileResolver {
  const cache = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!cache.has(file)) {
      let text: string | undefined;
      try {
        text = readFile(file);
      } catch {
        text = undefined;
      }
      cache.set(file, text);
    }
    return cache.get(file);
  };
  return {
    read,
    resolve(file) {
      if (!file) return undefined;
      const clean = stripPositionSuffix(file.trim());
      if (clean.startsWith('«') || clean.startsWith('(') || clean === '' || clean === 'none') return undefined;
      const store = STORE_SOURCE.exec(clean);
      if (store) {
        // The flake may sit in a sub-folder of its git repository, in which case REL starts
        // with the path from the repository root to the workspace root.
        const rel = store[1]!;
        for (let root = workspaceRoot; ; root = path.dirname(root)) {
          const candidate = path.join(root, rel);
          if (candidate.startsWith(workspaceRoot + path.sep) && read(candidate) !== undefined) return candidate;
          if (path.dirname(root) === root) break;
        }
        return undefined;
      }
      if (clean.startsWith('/nix/store/')) return undefined;
      const absolute = path.resolve(workspaceRoot, clean);
      return read(absolute) !== undefined ? absolute : undefined;
    },
  };
}

/** Removes a trailing `:LINE` or `:LINE:COL` (Nix sometimes puts the position in the file field). */
export function stripPositionSuffix(file: string): string {
  return file.replace(/:\d+(?::\d+)?$/, '');
}

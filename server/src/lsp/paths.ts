// Turning a Nix path literal as written (`./hardware.nix`, `../modules`, `~/x.nix`) into
// the file it opens. Nix's rules: relative to the file that contains it; a folder means its
// `default.nix`. Only existing files become links or definitions.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The file system path of a `file:` URI, or undefined for any other URI and for one that names no
 * path (`file:///a%ZZ.nix`, `file://host/x`): fileURLToPath throws on those, and a client may send them.
 */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The file URI a path literal in `documentUri` points at, or undefined when there is none. */
export function resolvePathTarget(documentUri: string, written: string): string | undefined {
  const file = resolvePathFile(documentUri, written);
  return file ? pathToFileURL(file).href : undefined;
}

export function resolvePathFile(documentUri: string, written: string): string | undefined {
  let base: string;
  try {
    if (!documentUri.startsWith('file:')) return undefined;
    base = path.dirname(fileURLToPath(documentUri));
  } catch {
    return undefined;
  }
  let p: string;
  if (written.startsWith('~/')) p = path.join(os.homedir(), written.slice(2));
  else if (written.startsWith('/')) p = written;
  else p = path.resolve(base, written);
  try {
    if (!existsSync(p)) return undefined;
    if (statSync(p).isDirectory()) {
      const d = path.join(p, 'default.nix');
      return existsSync(d) ? d : undefined;
    }
    return p;
  } catch {
    return undefined;
  }
}

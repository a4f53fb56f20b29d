// Nix's own rules for package names and versions (builtins.parseDrvName and
// builtins.compareVersions), so names read from store paths sort the way Nix sorts them.

export interface DrvName {
  name: string;
  version: string;
}

/** Nix's rule: the version starts after the first `-` that is not followed by a letter. */
export function parseDrvName(full: string): DrvName {
  for (let i = 0; i < full.length; i++) {
    if (full[i] === '-' && i + 1 < full.length && !/[A-Za-z]/.test(full[i + 1]!)) {
      return { name: full.slice(0, i), version: full.slice(i + 1) };
    }
  }
  return { name: full, version: '' };
}

/** The name of a store path without its hash: /nix/store/HASH-hello-2.12 -> hello-2.12. */
export function storePathName(storePath: string): string {
  const base = storePath.replace(/\/+$/, '').split('/').pop() ?? '';
  return base.replace(/^[0-9a-z]{32}-/, '');
}

/** Splits a version into components the way Nix does: runs of digits, runs of other characters; `.` and `-` separate. */
function components(version: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < version.length) {
    const c = version[i]!;
    if (c === '.' || c === '-') { i++; continue; }
    let j = i + 1;
    const digit = /\d/.test(c);
    while (j < version.length && version[j] !== '.' && version[j] !== '-' && /\d/.test(version[j]!) === digit) j++;
    out.push(version.slice(i, j));
    i = j;
  }
  return out;
}

function componentLess(a: string, b: string): boolean {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return BigInt(a) < BigInt(b);
  if (a === '' && bn) return true;
  if (a === 'pre' && b !== 'pre') return true;
  if (b === 'pre') return false;
  if (bn) return true; // a string component sorts below a number
  if (an) return false;
  return a < b;
}

/** -1, 0 or 1, as builtins.compareVersions. */
export function compareVersions(a: string, b: string): number {
  const ca = components(a);
  const cb = components(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i] ?? '';
    const y = cb[i] ?? '';
    if (componentLess(x, y)) return -1;
    if (componentLess(y, x)) return 1;
  }
  return 0;
}

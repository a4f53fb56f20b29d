// `with pkgs; [ vimm ]`  ->  unknown-package on `vimm`, fix `vim` (not `pkgs.vimm`: the list is in `with pkgs` already)
import type { Analysis } from '../../analysis/index.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { editDistance } from '../../knowledge/nearestNames.js';
import { isPkgsHelper } from '../nixosContext.js';
import type { Diagnostic } from '../types.js';

/**
 * A name taken from `pkgs` (`pkgs.vimm`, or `vimm` where only `with pkgs;` can give it) that no
 * package listing holds but that is close to a package that exists. Always a warning: overlays
 * add packages no index knows, and the build says for certain. With only the embedded subset
 * the name must be one edit from a known package; with a complete listing, up to two.
 */
export function unknownPackage(_a: Analysis, name: string, range: { start: number; end: number }, withPkgs: boolean, index: NixosIndex): Diagnostic | undefined {
  if (name.length < 3 || index.package(name) || isPkgsHelper(name)) return undefined;
  const max = index.completePackages ? (name.length <= 4 ? 1 : 2) : 1;
  const near = closePackages(index, name, max);
  if (near.length === 0) return undefined;
  const where = withPkgs ? ` (it is looked up in \`with pkgs;\`)` : '';
  return {
    ...range,
    severity: 'warning',
    code: 'unknown-package',
    message: `nixpkgs has no package \`${name}\`${where}. Did you mean \`${near[0]}\`?`,
    fixes: near.map((n, i) => ({ title: `Change to \`${n}\``, edits: [{ ...range, newText: n }], preferred: i === 0 })),
  };
}

/** Top-level packages within `max` edits of `name` (a case difference is half an edit), nearest first. */
function closePackages(index: NixosIndex, name: string, max: number): string[] {
  const lower = name.toLowerCase();
  const found: { n: string; d: number }[] = [];
  for (const n of index.packageNames()) {
    if (n.includes('.') || Math.abs(n.length - name.length) > max) continue;
    const d = n.toLowerCase() === lower ? 0.5 : editDistance(name, n, max);
    if (d <= max) found.push({ n, d });
  }
  return found.sort((x, y) => x.d - y.d || x.n.localeCompare(y.n)).slice(0, 3).map((x) => x.n);
}

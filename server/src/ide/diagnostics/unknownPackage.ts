// `with pkgs; [ vimm ]`  ->  unknown-package on `vimm`, fix `vim` (not `pkgs.vimm`: the list is in `with pkgs` already)
import type { Analysis } from '../../analysis/index.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { isPkgsHelper } from '../nixosContext.js';
import type { Diagnostic } from '../types.js';

/**
 * A name taken from `pkgs` (`pkgs.vimm`, or `vimm` where only `with pkgs;` can give it) that no
 * package listing holds but that is close to a package that exists. Always a warning: overlays
 * add packages no index knows, and the build says for certain. With only the embedded subset
 * the name must be one edit from a known package; with a complete listing, up to two; never
 * a name that differs only in its digits (`nodejs_21` is no misspelt `nodejs_20`).
 */
export function unknownPackage(_a: Analysis, name: string, range: { start: number; end: number }, withPkgs: boolean, index: NixosIndex): Diagnostic | undefined {
  if (name.length < 3 || index.package(name) || isPkgsHelper(name)) return undefined;
  const max = index.completePackages ? (name.length <= 4 ? 1 : 2) : 1;
  const near = index.nearPackages(name, max);
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


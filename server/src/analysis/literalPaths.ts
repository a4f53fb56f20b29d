// The files a Nix file names as literal paths: what an evaluation of it may read besides itself.
// The live knowledge's cache key follows them (system/importedFiles.ts) to see modules imported
// from outside the configuration's folder (`imports = [ /home/alice/shared/common.nix ]`).
// Read on the tree, so a path in a comment or a string is not taken for one.
import { SyntaxKind as K, SyntaxNode, asBinding, asPath, exprChildren, staticStringValue, walk } from '../syntax/index.js';

/**
 * Every path literal written whole (`./x.nix`, `../hardware.nix`, `/etc/nixos/a.nix`, `~/m.nix`,
 * `./.`), in the order written; interpolated paths (`./${n}.nix`) and search paths (`<nixpkgs>`)
 * are left out (what they name is not known without evaluating). Also a plain string item of an
 * `imports` list that is an absolute path (`imports = [ "/etc/nixos/extra.nix" ]`, which the
 * module system takes as a path). Not only `imports`: `import ./x.nix`, a flake's
 * `modules = [ ./host.nix ]` and `home-manager.users.a = ./home.nix` are read by the evaluation too.
 */
export function literalPaths(tree: SyntaxNode): string[] {
  const found: string[] = [];
  walk(tree, (n) => {
    if (n.kind === K.Path) {
      const text = asPath(n)?.text;
      if (text) found.push(text);
      return false;
    }
    if (n.kind === K.String || n.kind === K.IndString) {
      const value = n.kind === K.String && inImportsList(n) ? staticStringValue(n) : undefined;
      if (value !== undefined && value.startsWith('/')) found.push(value);
      return false;
    }
    return true;
  });
  return found;
}

/** `n` is an item of the list bound to `imports` (`imports = [ n ]`, or `a.imports`). */
function inImportsList(n: SyntaxNode): boolean {
  const list = n.parent;
  const binding = list?.kind === K.List ? list.parent : undefined;
  if (binding?.kind !== K.Binding) return false;
  const b = asBinding(binding);
  if (b?.value() !== list) return false;
  const parts = b.attrPath()?.staticNames();
  return parts !== undefined && parts[parts.length - 1] === 'imports' && exprChildren(list).includes(n);
}

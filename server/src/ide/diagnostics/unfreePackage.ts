// `environment.systemPackages = [ pkgs.vscode ];`  ->  unfree-package on `vscode`, fix `nixpkgs.config.allowUnfree = true;`
import type { Analysis } from '../../analysis/index.js';
import type { OptionSetting } from '../../analysis/moduleKind.js';
import { setOptionEdit } from '../../analysis/optionEdits.js';
import type { PackageInfo } from '../../knowledge/model.js';
import type { NixosFile } from '../nixosContext.js';
import type { Diagnostic, Fix } from '../types.js';

const ALLOW = ['nixpkgs', 'config', 'allowUnfree'];
const PREDICATE = ['nixpkgs', 'config', 'allowUnfreePredicate'];

/**
 * A package with an unfree license in a module that does not allow unfree packages. Information only:
 * another module of the configuration (or the flake's `nixpkgs` import) may allow them.
 * The fixes need the whole outline (where `nixpkgs.config` goes): made when first read (a code
 * action), not on every keystroke that reports the diagnostic again.
 */
export function unfreePackage(_a: Analysis, file: () => NixosFile | undefined, p: PackageInfo, range: { start: number; end: number }): Diagnostic | undefined {
  if (!p.unfree) return undefined;
  const license = p.licenses.find((l) => !l.free);
  const d: Diagnostic = {
    ...range,
    severity: 'info',
    code: 'unfree-package',
    message: `\`${p.attrPath}\` has an unfree license${license?.shortName ? ` (${license.shortName})` : ''}: NixOS builds it only if unfree packages are allowed. Add \`nixpkgs.config.allowUnfree = true;\` here or in another module, or allow just this package.`,
  };
  let fixes: Fix[] | undefined;
  Object.defineProperty(d, 'fixes', {
    enumerable: true,
    configurable: true,
    get: () => (fixes ??= unfreeFixes(file(), p)),
    set: (v: Fix[] | undefined) => void (fixes = v),
  });
  return d;
}

function unfreeFixes(file: NixosFile | undefined, p: PackageInfo): Fix[] {
  if (!file) return [];
  const fixes: Fix[] = [];
  const all = setOptionEdit(file.outline, ALLOW, 'true');
  if (all) fixes.push({ title: 'Allow unfree packages (`nixpkgs.config.allowUnfree = true;`)', edits: [all], preferred: true });
  const predicate = file.outline.boundNames.has('lib') && setOptionEdit(file.outline, PREDICATE, `pkg: builtins.elem (lib.getName pkg) [ "${p.pname ?? p.attrPath}" ]`);
  if (predicate) fixes.push({ title: `Allow only the unfree package \`${p.attrPath}\``, edits: [predicate] });
  return fixes;
}

/** Whether these settings allow unfree packages (`allowUnfree` or `allowUnfreePredicate`). */
export function unfreeAllowed(settings: readonly OptionSetting[]): boolean {
  return settings.some((s) => startsWith(s.path, ALLOW) || startsWith(s.path, PREDICATE));
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

// nixpkgs check-meta refusals: unfree, insecure and broken packages. The fix is a setting in
// the configuration, inserted as an exact edit.
import { SyntaxKind as K, SyntaxNode, tokens, type SyntaxToken } from '../../syntax/index.js';
import type { SystemDiagnostic } from '../../protocol/diagnostics';
import type { ErrorContext, ErrorFix } from './context';
import { parseDrvName } from './nixNames';
import type { ErrorRecord } from './records';

const REFUSAL = /(?:Package|package) [‘'"]([^’'"]+)[’'"] in (\S+?)(?: has an unfree license| is marked as (insecure|broken)| because it (?:has an unfree license|is marked as (insecure|broken)))/;

export function packageDiagnostics(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic[] | undefined {
  const m = REFUSAL.exec(record.body);
  if (!m) return undefined;
  const full = m[1]!;
  const kind = (m[3] ?? m[4] ?? 'unfree') as 'unfree' | 'insecure' | 'broken';
  const { name } = parseDrvName(full);
  const moduleFile = ctx.moduleFile();
  if (!moduleFile) return [];
  const site = findUse(name, ctx) ?? { file: moduleFile, range: ctx.topOfFile(moduleFile) };
  const fixes: (ErrorFix | undefined)[] = [];
  let message: string;
  const insert = (title: string, option: string, value: string) => {
    const edit = ctx.setOption(moduleFile, option.split('.'), value);
    return edit && ctx.fix(title, moduleFile, [edit]);
  };
  if (kind === 'unfree') {
    message = `${full} has an unfree license, and NixOS refuses to build unfree software unless you allow it. Allow this one package, or all unfree packages, in your configuration.`;
    fixes.push(insert(`Allow the unfree package '${name}'`, 'nixpkgs.config.allowUnfreePredicate',
      `pkg: builtins.elem (pkg.pname or (builtins.parseDrvName pkg.name).name) [ "${name}" ]`));
    fixes.push(insert('Allow all unfree packages', 'nixpkgs.config.allowUnfree', 'true'));
  } else if (kind === 'insecure') {
    message = `${full} is marked as insecure (it has known security problems), so NixOS refuses to build it. Use a newer version if you can, or explicitly permit this exact version.`;
    fixes.push(permitInsecure(full, moduleFile, ctx) ?? insert(`Permit the insecure package '${full}'`, 'nixpkgs.config.permittedInsecurePackages', `[ "${full}" ]`));
  } else {
    message = `${full} is marked as broken in nixpkgs, so NixOS refuses to build it. Remove it, use another version, or allow broken packages to try anyway.`;
    fixes.push(insert('Allow broken packages', 'nixpkgs.config.allowBroken', 'true'));
  }
  return [ctx.diagnostic({ file: site.file, range: site.range, severity: 'error', code: `${kind}-package`, message }, fixes)];
}

/** Adds to an existing permittedInsecurePackages list rather than defining it twice. */
function permitInsecure(full: string, file: string, ctx: ErrorContext): ErrorFix | undefined {
  const outline = ctx.outline(file)!;
  const list = outline.bindings.find((b) => b.path[b.path.length - 1] === 'permittedInsecurePackages' && outline.text[b.valueRange.end - 1] === ']');
  if (!list) return undefined;
  const at = list.valueRange.end - 1;
  return ctx.fix(`Permit the insecure package '${full}'`, file, [{ start: at, end: at, newText: `"${full}" ` }]);
}

/** Where the configuration mentions the package (`pkgs.name` or a bare name in a list). */
function findUse(name: string, ctx: ErrorContext) {
  const files = [ctx.moduleFile(), ctx.configurationFile()].filter((f): f is string => !!f);
  for (const file of new Set(files)) {
    const named = [...tokens(ctx.outline(file)!.tree)].filter((t) => t.kind === K.Ident && t.text === name);
    const token = named.find((t) => afterDot(t) || inList(t)) ?? named[0];
    if (token) return { file, range: ctx.range(file, token.start, token.end) };
  }
  return undefined;
}

/** The name is selected from something: `pkgs.name`. */
function afterDot(t: SyntaxToken): boolean {
  const attr = t.parent;
  const path = attr?.parent;
  if (!attr || !path || path.kind !== K.AttrPath) return false;
  const i = path.children.indexOf(attr);
  for (let j = i - 1; j >= 0; j--) {
    const c = path.children[j]!;
    if (c instanceof SyntaxNode || c.kind > K.BlockComment) return c.kind === K.Dot;
  }
  // The first name of a selection follows the `.` before the path: `pkgs.name`.
  return path.parent?.kind === K.Select;
}

/** The innermost bracket around the name is a list's `[`. */
function inList(t: SyntaxToken): boolean {
  for (let n = t.parent; n; n = n.parent) {
    if (n.kind === K.List) return true;
    if (BRACKETS.has(n.kind)) return false;
  }
  return false;
}

const BRACKETS: ReadonlySet<K> = new Set([K.AttrSet, K.LegacyLet, K.Pattern, K.Paren, K.InheritFrom, K.Interpolation, K.Dynamic]);

// nixpkgs check-meta refusals: unfree, insecure and broken packages. The fix is a setting in
// the configuration, inserted as an exact edit.
import type { SystemDiagnostic, SystemFix } from '../diagnostics';
import type { ErrorContext } from './context';
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
  const fixes: (SystemFix | undefined)[] = [];
  let message: string;
  const insert = (title: string, binding: string) => {
    const edit = ctx.insertSetting(moduleFile, binding);
    return edit && { title, edits: [edit] };
  };
  if (kind === 'unfree') {
    message = `${full} has an unfree license, and NixOS refuses to build unfree software unless you allow it. Allow this one package, or all unfree packages, in your configuration.`;
    fixes.push(insert(`Allow the unfree package '${name}'`,
      `nixpkgs.config.allowUnfreePredicate = pkg: builtins.elem (pkg.pname or (builtins.parseDrvName pkg.name).name) [ "${name}" ];`));
    fixes.push(insert('Allow all unfree packages', 'nixpkgs.config.allowUnfree = true;'));
  } else if (kind === 'insecure') {
    message = `${full} is marked as insecure (it has known security problems), so NixOS refuses to build it. Use a newer version if you can, or explicitly permit this exact version.`;
    fixes.push(permitInsecure(full, moduleFile, ctx) ?? insert(`Permit the insecure package '${full}'`, `nixpkgs.config.permittedInsecurePackages = [ "${full}" ];`));
  } else {
    message = `${full} is marked as broken in nixpkgs, so NixOS refuses to build it. Remove it, use another version, or allow broken packages to try anyway.`;
    fixes.push(insert('Allow broken packages', 'nixpkgs.config.allowBroken = true;'));
  }
  return [ctx.diagnostic({ file: site.file, range: site.range, severity: 'error', code: `${kind}-package`, message }, fixes)];
}

/** Adds to an existing permittedInsecurePackages list rather than defining it twice. */
function permitInsecure(full: string, file: string, ctx: ErrorContext): SystemFix | undefined {
  const s = ctx.structure(file)!;
  const text = ctx.text(file)!;
  const list = s.bindings.find((b) => b.path[b.path.length - 1] === 'permittedInsecurePackages' && text[b.valueEnd - 1] === ']');
  if (!list) return undefined;
  const at = list.valueEnd - 1;
  return { title: `Permit the insecure package '${full}'`, edits: [ctx.edit(file, at, at, `"${full}" `)] };
}

/** Where the configuration mentions the package (`pkgs.name` or a bare name in a list). */
function findUse(name: string, ctx: ErrorContext) {
  const files = [ctx.moduleFile(), ctx.configurationFile()].filter((f): f is string => !!f);
  for (const file of new Set(files)) {
    const s = ctx.structure(file)!;
    const token = s.tokens.find((t, i) => t.kind === 'ident' && t.text === name && (s.tokens[i - 1]?.text === '.' || inList(s.tokens, i)))
      ?? s.tokens.find((t) => t.kind === 'ident' && t.text === name);
    if (token) return { file, range: ctx.range(file, token.start, token.end) };
  }
  return undefined;
}

function inList(tokens: { kind: string; text: string }[], i: number): boolean {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    if (t.text === ']' || t.text === '}' || t.text === ')') depth++;
    else if (t.text === '[' || t.text === '{' || t.text === '(' || t.text === '${') {
      if (depth === 0) return t.text === '[';
      depth--;
    }
  }
  return false;
}

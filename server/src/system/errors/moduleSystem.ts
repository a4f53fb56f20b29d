// NixOS module-system errors (nixpkgs lib/modules.nix). They name an option and the files that
// define it, never a line: each definition is found in the file by locateOption.
import { renameOptionEdit } from '../../analysis/optionEdits.js';
import { locateOption, type LocatedOption } from '../../analysis/optionPaths.js';
import { nearest } from '../../knowledge/nearestNames.js';
import { formatAttrPath, splitOptionPath, type TextEdit } from '../../syntax/index.js';
import type { SystemDiagnostic } from '../../protocol/diagnostics';
import type { ErrorContext, ErrorFix } from './context';
import type { ErrorRecord } from './records';

interface Definition {
  file: string;
  value: string;
}

export function moduleSystemDiagnostics(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic[] | undefined {
  const body = record.body;
  let m = /The option `([^']+)' does not exist\. Definition values:/.exec(body)
    ?? /The option `([^']+)' defined in `[^']+' does not exist/.exec(body);
  if (m) return unknownOption(m[1]!, body, ctx);

  m = /A definition for option `([^']+)' is not of type `([\s\S]+?)'\.\s*Definition values:/.exec(body);
  if (m) return wrongType(m[1]!, m[2]!, body, ctx);

  m = /The option `([^']+)' has conflicting definition values:/.exec(body)
    ?? /The (?:unique )?option `([^']+)' is defined multiple times/.exec(body);
  if (m) return conflicting(m[1]!, body, ctx);

  m = /The option `([^']+)' defined in `([^']+)' has been renamed to `([^']+)'/.exec(body);
  if (m) return renamed(m[1]!, [m[2]!], m[3]!, ctx);
  m = /Obsolete option `([^']+)' is used\. It was renamed to `([^']+)'/.exec(body);
  if (m) return renamed(m[1]!, [], m[2]!, ctx);

  m = /Failed assertions:\n([\s\S]*)$/.exec(body);
  if (m) return assertions(m[1]!, ctx);
  return undefined;
}

/** The `- In `FILE': VALUE` list, with multi-line values. */
export function parseDefinitions(body: string): Definition[] {
  const lines = body.split('\n');
  const defs: Definition[] = [];
  let current: Definition | undefined;
  for (const line of lines) {
    const m = /^\s*- In `([^']+)'(?::\s?(.*))?$/.exec(line);
    if (m) {
      current = { file: m[1]!.replace(/, via option .*$/, ''), value: m[2] ?? '' };
      defs.push(current);
      continue;
    }
    if (current && /^\s+\S/.test(line) && !/^\s*(Did you mean|Use `)/.test(line)) {
      current.value += (current.value ? '\n' : '') + line.trim();
      continue;
    }
    current = undefined;
  }
  return defs;
}

interface Site {
  file: string;
  located?: LocatedOption;
}

/** Finds each definition of `option` in the user's files. */
function sites(option: string[], defs: Definition[], ctx: ErrorContext): Site[] {
  const out: Site[] = [];
  for (const def of defs) {
    const file = ctx.resolver.resolve(def.file);
    if (!file) continue;
    const located = locateOption(ctx.outline(file)!, option, def.value);
    out.push({ file, ...(located ? { located } : {}) });
  }
  return out;
}

function siteRange(site: Site, ctx: ErrorContext) {
  if (!site.located) return ctx.topOfFile(site.file);
  const { start, end } = site.located.binding.pathRange;
  return ctx.range(site.file, start, end);
}

function unknownOption(optionText: string, body: string, ctx: ErrorContext): SystemDiagnostic[] {
  const option = splitOptionPath(optionText);
  const suggestions = [...(/Did you mean ([\s\S]+?)\?/.exec(body)?.[1] ?? '').matchAll(/`([^']+)'/g)].map((x) => x[1]!);
  if (!suggestions.length && ctx.input.knownOptions) suggestions.push(...nearest(optionText, ctx.input.knownOptions));
  return sites(option, parseDefinitions(body), ctx).map((site) => {
    const fixes: (ErrorFix | undefined)[] = suggestions.map((s) => renameFix(site, option, splitOptionPath(s), ctx));
    const advice = suggestions.length
      ? `Did you mean \`${suggestions[0]}\`?`
      : 'Check the spelling, or search the NixOS options for the right name; the option may also need a module that is not imported.';
    return ctx.diagnostic(
      {
        file: site.file,
        range: siteRange(site, ctx),
        severity: 'error',
        code: 'unknown-option',
        message: `NixOS has no option \`${optionText}\`. ${advice}`,
      },
      fixes,
    );
  });
}

function renameFix(site: Site, from: string[], to: string[], ctx: ErrorContext): ErrorFix | undefined {
  if (!site.located) return undefined;
  const e = renameOptionEdit(site.located.binding, from, to);
  return e && ctx.fix(`Rename to '${formatAttrPath(to)}'`, site.file, [e]);
}

function wrongType(optionText: string, type: string, body: string, ctx: ErrorContext): SystemDiagnostic[] {
  const option = splitOptionPath(optionText);
  const defs = parseDefinitions(body);
  return sites(option, defs, ctx).map((site, i) => {
    const fixes: (ErrorFix | undefined)[] = [];
    const b = site.located && !site.located.partial ? site.located.binding : undefined;
    if (b) {
      const { start, end } = b.valueRange;
      const converted = convertValue(type, ctx.text(site.file)!.slice(start, end));
      if (converted !== undefined) fixes.push(ctx.fix(`Change the value to ${converted}`, site.file, [{ start, end, newText: converted }]));
    }
    const value = defs[i]?.value ?? '';
    return ctx.diagnostic(
      {
        file: site.file,
        range: siteRange(site, ctx),
        severity: 'error',
        code: 'option-type',
        message: `\`${optionText}\` must be of type "${type}", but it is set to ${value.split('\n')[0] || 'a value of another type'}. Change the value to match that type.`,
      },
      fixes,
    );
  });
}

/** The value converted to the option's type, as Nix text, when there is an obvious conversion. */
export function convertValue(type: string, value: string): string | undefined {
  const t = type.replace(/^null or /, '');
  const v = value.trim();
  const str = /^"((?:[^"\\$]|\\.)*)"$/.exec(v)?.[1];
  if (/^list of /.test(t)) {
    if (v.startsWith('[')) return undefined;
    return `[ ${v} ]`;
  }
  if (/^bool(ean)?$/.test(t)) {
    const word = (str ?? v).toLowerCase();
    if (['yes', 'true', 'on', '1', 'enable', 'enabled'].includes(word)) return 'true';
    if (['no', 'false', 'off', '0', 'disable', 'disabled'].includes(word)) return 'false';
    return undefined;
  }
  if (/integer|^int\b|port/.test(t)) {
    if (str !== undefined && /^-?\d+$/.test(str.trim())) return str.trim();
    return undefined;
  }
  if (/^(float|number)/.test(t)) {
    if (str !== undefined && /^-?\d+(\.\d+)?$/.test(str.trim())) return str.trim();
    return undefined;
  }
  if (/^(string|str\b|strings concatenated|non-empty string|single-line string|path)/.test(t)) {
    if (/^-?\d+(\.\d+)?$/.test(v) || v === 'true' || v === 'false') return `"${v}"`;
    return undefined;
  }
  return undefined;
}

function conflicting(optionText: string, body: string, ctx: ErrorContext): SystemDiagnostic[] {
  const option = splitOptionPath(optionText);
  const all = sites(option, parseDefinitions(body), ctx);
  return all.map((site) => {
    const fixes: (ErrorFix | undefined)[] = [];
    const b = site.located && !site.located.partial ? site.located.binding : undefined;
    if (b) {
      const { start, end } = b.valueRange;
      const value = ctx.text(site.file)!.slice(start, end);
      if (!/^(lib\.)?mkForce\b/.test(value)) {
        // `lib.mkDefault v` becomes `lib.mkForce v` rather than a force around a default.
        const inner = value.replace(/^(?:lib\.)?(?:mkDefault|mkOverride\s+\d+)\s+/, '');
        const wrapped = /^[\w."'/-]+$|^\[[\s\S]*\]$|^\{[\s\S]*\}$/.test(inner) ? inner : `(${inner})`;
        const edits: (TextEdit | undefined)[] = [];
        if (!ctx.outline(site.file)!.boundNames.has('lib')) edits.push(ctx.addArgument(site.file, 'lib', b.range.start));
        edits.push({ start, end, newText: `lib.mkForce ${wrapped}` });
        fixes.push(ctx.fix('Make this definition win (lib.mkForce)', site.file, edits));
      }
    }
    const others = all.length > 1 ? ' It is also set in another place.' : '';
    return ctx.diagnostic(
      {
        file: site.file,
        range: siteRange(site, ctx),
        severity: 'error',
        code: 'conflicting-definitions',
        message: `\`${optionText}\` is given different values in several places, and NixOS cannot choose between them.${others} Remove one, or wrap the one that should win in \`lib.mkForce\`.`,
      },
      fixes,
    );
  });
}

function renamed(fromText: string, files: string[], toText: string, ctx: ErrorContext): SystemDiagnostic[] {
  const from = splitOptionPath(fromText);
  const to = splitOptionPath(toText);
  const candidates = files.length ? files : [ctx.configurationFile() ?? ''];
  return sites(from, candidates.map((file) => ({ file, value: '' })), ctx).map((site) =>
    ctx.diagnostic(
      {
        file: site.file,
        range: siteRange(site, ctx),
        severity: 'warning',
        code: 'renamed-option',
        message: `\`${fromText}\` has been renamed to \`${toText}\`. Use the new name; the old one may stop working in a later NixOS release.`,
      },
      [renameFix(site, from, to, ctx)],
    ),
  );
}

function assertions(list: string, ctx: ErrorContext): SystemDiagnostic[] {
  const file = ctx.configurationFile();
  if (!file) return [];
  const items: string[] = [];
  for (const line of list.split('\n')) {
    if (/^- /.test(line)) items.push(line.slice(2).trim());
    else if (items.length && line.trim()) items[items.length - 1] += ' ' + line.trim();
  }
  return items.map((item) => ({
    file,
    range: ctx.topOfFile(file),
    severity: 'error' as const,
    code: 'assertion-failed',
    message: `A NixOS check failed: ${item.replace(/\.?$/, '.')} Change the configuration so this check holds, then rebuild.`,
  }));
}

// Plain JSON in the formats Nix writes, read into the model: the manual's options.json, our
// renamed-options list, `nix-env -qaP --json --meta` and lib.json. Pure and tolerant: an entry
// of the wrong shape is skipped, never thrown on, since the files come from outside.
import type { License, LibFunction, OptionInfo, PackageInfo, RenamedOption, SourceName } from './model.js';
import { parseOptionType } from './optionTypes.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `{ _type: "literalExpression" | "literalMD", text }`, or a plain JSON value (old manuals), as text. */
export function renderValue(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (isObject(v) && typeof v._type === 'string') {
    if (typeof v.text === 'string') return v.text;
    return undefined;
  }
  return nixLiteral(v);
}

/** A JSON value written as Nix. */
export function nixLiteral(v: unknown, indent = ''): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/\$\{/g, '\\${');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[ ]' : `[ ${v.map((x) => nixLiteral(x, indent)).join(' ')} ]`;
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{ }';
    const inner = indent + '  ';
    const name = (k: string) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(k) ? k : JSON.stringify(k));
    return `{\n${keys.map((k) => `${inner}${name(k)} = ${nixLiteral(v[k], inner)};`).join('\n')}\n${indent}}`;
  }
  return String(v);
}

/** An option name split into its path: `a."b.c".d` keeps the quoted part whole. */
export function splitOptionName(name: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === '.' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function declarationsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const d of v) {
    if (typeof d === 'string') out.push(d);
    else if (isObject(d)) {
      const s = str(d.url) ?? str(d.name);
      if (s) out.push(s);
    }
  }
  return out;
}

/** The manual's options.json object -> options (the `loc` list, when present, gives the path). */
export function readOptionsJson(json: unknown, source: SourceName): OptionInfo[] {
  if (!isObject(json)) return [];
  const out: OptionInfo[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (!isObject(raw)) continue;
    if (raw.internal === true || raw.visible === false) continue;
    const loc = Array.isArray(raw.loc) && raw.loc.every((x) => typeof x === 'string') ? (raw.loc as string[]) : splitOptionName(name);
    const description = str(raw.description) ?? (isObject(raw.description) ? str(raw.description.text) ?? '' : '');
    const info: OptionInfo = {
      path: loc,
      type: parseOptionType(str(raw.type) ?? ''),
      description,
      declarations: declarationsOf(raw.declarations),
      readOnly: raw.readOnly === true,
      source,
    };
    const def = renderValue(raw.default);
    if (def !== undefined) info.default = def;
    const example = renderValue(raw.example);
    if (example !== undefined) info.example = example;
    out.push(info);
  }
  return out;
}

/** `"old.path": { to, since } | { removed, since }` -> renamed options. */
export function readRenamedOptions(json: unknown, source: SourceName): RenamedOption[] {
  if (!isObject(json)) return [];
  const out: RenamedOption[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (!isObject(raw)) continue;
    const r: RenamedOption = { path: splitOptionName(name), source };
    if (typeof raw.to === 'string') r.to = splitOptionName(raw.to);
    else if (typeof raw.removed === 'string') r.removed = raw.removed;
    else continue;
    if (typeof raw.since === 'string') r.since = raw.since;
    out.push(r);
  }
  return out;
}

function licenseOf(v: unknown): License | undefined {
  if (typeof v === 'string') return { shortName: v, free: true };
  if (!isObject(v)) return undefined;
  const l: License = { free: v.free !== false };
  const spdx = str(v.spdxId);
  const short = str(v.shortName);
  const full = str(v.fullName);
  if (spdx) l.spdxId = spdx;
  if (short) l.shortName = short;
  if (full) l.fullName = full;
  return l;
}

/** `nix-env -qaP --json --meta` (keys with or without `nixpkgs.`) -> packages. */
export function readPackagesJson(json: unknown, source: SourceName): PackageInfo[] {
  if (!isObject(json)) return [];
  const out: PackageInfo[] = [];
  for (const [key, raw] of Object.entries(json)) {
    if (!isObject(raw)) continue;
    const meta = isObject(raw.meta) ? raw.meta : {};
    const attrPath = key.startsWith('nixpkgs.') ? key.slice('nixpkgs.'.length) : key;
    const rawLicense = meta.license;
    const licenses = (Array.isArray(rawLicense) ? rawLicense : rawLicense === undefined ? [] : [rawLicense])
      .map(licenseOf)
      .filter((l): l is License => l !== undefined);
    const p: PackageInfo = {
      attrPath,
      name: str(raw.name) ?? attrPath,
      licenses,
      unfree: meta.unfree === true || licenses.some((l) => !l.free),
      source,
    };
    const pname = str(raw.pname);
    const version = str(raw.version);
    const description = str(meta.description);
    const homepage = str(meta.homepage) ?? (Array.isArray(meta.homepage) ? str(meta.homepage[0]) : undefined);
    const mainProgram = str(meta.mainProgram);
    if (pname) p.pname = pname;
    if (version) p.version = version;
    if (description) p.description = description;
    if (homepage) p.homepage = homepage;
    if (mainProgram) p.mainProgram = mainProgram;
    if (meta.broken === true) p.broken = true;
    if (meta.insecure === true || (Array.isArray(meta.knownVulnerabilities) && meta.knownVulnerabilities.length > 0)) p.insecure = true;
    out.push(p);
  }
  return out;
}

/** lib.json: `"mkIf": { type, description, example?, aliases }` -> lib functions. */
export function readLibJson(json: unknown): LibFunction[] {
  if (!isObject(json)) return [];
  const out: LibFunction[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (!isObject(raw)) continue;
    const f: LibFunction = {
      name,
      type: str(raw.type) ?? '',
      description: str(raw.description) ?? '',
      aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string') : [],
    };
    const example = str(raw.example);
    if (example) f.example = example;
    out.push(f);
  }
  return out;
}

/** everyday-names.json: `"vs code": ["vscode", ...]`. */
export function readEverydayNames(json: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isObject(json)) return out;
  for (const [k, v] of Object.entries(json)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * Renamed and removed options in an evaluated options tree: `mkRenamedOptionModule` leaves an
 * invisible option described "Alias of {option}`new.path`." (older NixOS: "Alias of
 * <option>new.path</option>."); `mkRemovedOptionModule` an invisible one the walker marks
 * `removed`, whose instructions (`removedMessages`, by option name) come from its assertion.
 */
export function readOptionAliases(json: unknown, source: SourceName, removedMessages: unknown = {}): RenamedOption[] {
  if (!isObject(json)) return [];
  const messages = isObject(removedMessages) ? removedMessages : {};
  const out: RenamedOption[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (!isObject(raw) || raw.visible !== false) continue;
    const loc = Array.isArray(raw.loc) && raw.loc.every((x) => typeof x === 'string') ? (raw.loc as string[]) : splitOptionName(name);
    const m = /^Alias of (?:\{option\}`([^`]+)`|<option>([^<]+)<\/option>)/.exec(str(raw.description) ?? '');
    if (m) out.push({ path: loc, to: splitOptionName(m[1] ?? m[2]!), source });
    else if (raw.removed === true) {
      const why = str(messages[name])?.trim();
      out.push({ path: loc, removed: why || 'It was removed from NixOS; its release notes say what replaces it.', source });
    }
  }
  return out;
}

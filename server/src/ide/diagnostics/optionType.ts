// `networking.firewall.enable = "yes";`  ->  option-type on `"yes"`, fix `true`
import { asBinding, formatAttrPath } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { OptionSetting } from '../../analysis/moduleKind.js';
import type { OptionType } from '../../knowledge/model.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { nearest } from '../../knowledge/nearestNames.js';
import { literalValue, type LiteralValue } from '../nixosContext.js';
import type { Diagnostic, Fix } from '../types.js';

/**
 * A value whose type is certain from its text (a literal: bool, number, string, path, list, set,
 * function) and that the option's type refuses. Anything computed is left to evaluation.
 */
export function optionType(a: Analysis, s: OptionSetting, index: NixosIndex): Diagnostic | undefined {
  const option = index.option(s.path);
  if (!option) return undefined;
  const value = literalValue(a, asBinding(s.binding.node)!.value());
  if (!value) return undefined;
  const verdict = accepts(option.type, value);
  if (verdict === true) return undefined;
  const name = formatAttrPath(s.path);
  const fixes: Fix[] = [];
  const fix = (text: string) => fixes.push({ title: `Change to \`${text}\``, edits: [{ start: value.node.start, end: value.node.end, newText: text }], preferred: fixes.length === 0 });
  if (option.type.kind === 'bool' && value.kind === 'string' && typeof value.value === 'string') {
    const word = value.value.toLowerCase();
    if (['yes', 'true', 'on', '1', 'enable', 'enabled'].includes(word)) fix('true');
    else if (['no', 'false', 'off', '0', 'disable', 'disabled'].includes(word)) fix('false');
  } else if (option.type.kind === 'bool' && value.kind === 'int') fix(value.value === 0 ? 'false' : 'true');
  else if (option.type.kind === 'enum' && value.value !== undefined && value.value !== null) {
    const strings = (option.type.values ?? []).filter((v): v is string => typeof v === 'string');
    for (const v of nearest(String(value.value), strings, 2)) fix(JSON.stringify(v));
  } else if ((option.type.kind === 'int' || option.type.kind === 'port') && value.kind === 'string' && /^\d+$/.test(String(value.value ?? ''))) fix(String(value.value));
  else if (option.type.kind === 'list' && value.kind !== 'set' && value.kind !== 'null' && accepts(option.type.of?.[0] ?? { kind: 'anything', text: '' }, value) === true)
    fix(`[ ${a.text.slice(value.node.start, value.node.end)} ]`);
  else if ((option.type.kind === 'str' || option.type.kind === 'lines') && (value.kind === 'int' || value.kind === 'float')) fix(JSON.stringify(a.text.slice(value.node.start, value.node.end)));
  return {
    start: value.node.start,
    end: value.node.end,
    severity: 'error',
    code: 'option-type',
    message: `\`${name}\` takes ${describeType(option.type)}, not ${verdict}.${fixes[0] ? ` Write ${fixes.map((f) => f.title.slice('Change to '.length)).join(' or ')}.` : ''}`,
    fixes,
  };
}

const WHAT: Record<LiteralValue['kind'], string> = {
  bool: 'a boolean',
  int: 'a whole number',
  float: 'a decimal number',
  string: 'a string',
  path: 'a path',
  list: 'a list',
  set: 'an attribute set',
  null: '`null`',
  function: 'a function',
};

/**
 * true, or what the value is (for the message) when the type refuses it. Only clear refusals:
 * NixOS converts some values (`coercedTo`: a list of names to an attribute set of booleans for
 * `boot.supportedFilesystems`, a string to a list of one), so a container type refuses only a
 * value it could never be made from, and a type whose text leaves alternatives open is trusted.
 */
function accepts(t: OptionType, v: LiteralValue): true | string {
  const is = describeValue(v);
  if (/convertible|coerc/i.test(t.text) || (t.kind !== 'nullOr' && t.kind !== 'either' && t.kind !== 'enum' && / or /.test(t.text))) return true;
  const scalar = v.kind === 'bool' || v.kind === 'int' || v.kind === 'float';
  switch (t.kind) {
    case 'bool':
      return v.kind === 'bool' || is;
    case 'int':
    case 'port': {
      if (v.kind !== 'int') return is;
      const n = v.value as number;
      const min = t.kind === 'port' ? 0 : t.min;
      const max = t.kind === 'port' ? 65535 : t.max;
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) return `${n}, outside ${min ?? '...'} to ${max ?? '...'}`;
      return true;
    }
    case 'float':
      return v.kind === 'float' || v.kind === 'int' || is;
    case 'str':
    case 'lines':
      return v.kind === 'string' || v.kind === 'list' || v.kind === 'set' || v.kind === 'path' || is;
    case 'path':
      return v.kind === 'path' || v.kind === 'string' || is;
    case 'package':
      if (v.kind === 'string') return typeof v.value === 'string' && !v.value.startsWith('/nix/store/') ? 'a string (a package is written `pkgs.NAME`)' : true;
      return v.kind === 'set' || v.kind === 'path' || is;
    case 'enum': {
      const values = t.values ?? [];
      if (v.value === undefined || values.length === 0) return true;
      return values.includes(v.value) || (typeof v.value === 'string' ? JSON.stringify(v.value) : String(v.value));
    }
    case 'list':
      return v.kind === 'list' || v.kind === 'string' || v.kind === 'path' || is;
    case 'attrs':
    case 'submodule':
      return !scalar || is;
    case 'nullOr':
      if (v.kind === 'null') return true;
      return t.of?.[0] ? accepts(t.of[0], v) : true;
    case 'either':
      if (!t.of?.length) return true;
      for (const o of t.of) if (accepts(o, v) === true) return true;
      return is;
    default:
      return true;
  }
}

function describeValue(v: LiteralValue): string {
  if (v.kind === 'string' && typeof v.value === 'string' && v.value.length <= 30) return `the string ${JSON.stringify(v.value)}`;
  if ((v.kind === 'int' || v.kind === 'float' || v.kind === 'bool') && v.value !== undefined) return `${WHAT[v.kind]} (${String(v.value)})`;
  return WHAT[v.kind];
}

function describeType(t: OptionType): string {
  switch (t.kind) {
    case 'bool':
      return 'a boolean (`true` or `false`)';
    case 'port':
      return 'a port number (0 to 65535)';
    case 'enum':
      return `one of ${(t.values ?? []).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}`;
    default:
      return `a value of type "${t.text}"`;
  }
}

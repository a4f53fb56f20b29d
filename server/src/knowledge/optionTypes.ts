// The manual's type text ("null or string", "list of package", "one of \"a\", \"b\"", ...) read
// into an OptionType. NixOS writes these from each type's `description`; anything not recognised
// becomes `anything` with its text kept, so a check never rejects what it does not understand.
import type { OptionType } from './model.js';

const SIMPLE: Record<string, OptionType['kind']> = {
  boolean: 'bool',
  'signed integer': 'int',
  'unsigned integer, meaning >=0': 'int',
  'positive integer, meaning >0': 'int',
  integer: 'int',
  'floating point number': 'float',
  float: 'float',
  number: 'float',
  string: 'str',
  str: 'str',
  'non-empty string': 'str',
  'string, not containing newlines or colons': 'str',
  'single-line string': 'str',
  'string matching the pattern': 'str',
  'path in the Nix store': 'path',
  path: 'path',
  'absolute path': 'path',
  package: 'package',
  'lines': 'lines',
  'attribute set': 'attrs',
  submodule: 'submodule',
  '(submodule)': 'submodule',
  'JSON value': 'anything',
  'YAML value': 'anything',
  'TOML value': 'anything',
  anything: 'anything',
  'raw value': 'anything',
  'unspecified value': 'anything',
};

/** Reads the manual's type text; never throws. */
export function parseOptionType(text: string): OptionType {
  const t = text.trim();
  return read(t) ?? { kind: 'anything', text: t };
}

function read(t: string): OptionType | undefined {
  if (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) {
    const inner = read(t.slice(1, -1));
    return inner && { ...inner, text: t };
  }
  const simple = SIMPLE[t];
  if (simple) return { kind: simple, text: t };
  if (/^strings? concatenated with /.test(t)) return { kind: 'lines', text: t };
  if (/single-line string$/.test(t)) return { kind: 'str', text: t };
  // "non-empty (list of non-empty string)": the check adds no kind of its own.
  if (t.startsWith('non-empty (') && t.endsWith(')')) {
    const inner = read(t.slice('non-empty '.length));
    if (inner) return { ...inner, text: t };
  }
  if (t.startsWith('string matching the pattern')) return { kind: 'str', text: t };
  if (t.startsWith('function that evaluates to')) return { kind: 'function', text: t };
  if (t === 'function' || t.startsWith('function ')) return { kind: 'function', text: t };
  if (t.startsWith('one of ')) {
    const values = enumValues(t.slice('one of '.length));
    if (values) return { kind: 'enum', text: t, values };
  }
  if (t.startsWith('value ') && t.endsWith(' (singular enum)')) {
    const values = enumValues(t.slice('value '.length, -' (singular enum)'.length));
    if (values) return { kind: 'enum', text: t, values };
  }
  for (const [prefix, kind] of [
    ['null or ', 'nullOr'],
    ['list of ', 'list'],
    ['non-empty list of ', 'list'],
    ['attribute set of ', 'attrs'],
    ['lazy attribute set of ', 'attrs'],
    ['open submodule of ', 'submodule'],
  ] as const) {
    if (t.startsWith(prefix)) {
      const inner = t.slice(prefix.length);
      if (kind === 'submodule') return { kind, text: t };
      return { kind, text: t, of: [parseOptionType(inner)] };
    }
  }
  // "16 bit unsigned integer; between 0 and 65535 (both inclusive)", "integer between 1 and 5 (both inclusive)"
  const bounded = /\bbetween (-?\d+) and (-?\d+) \(both inclusive\)$/.exec(t);
  if (bounded && /integer/.test(t)) {
    const min = Number(bounded[1]);
    const max = Number(bounded[2]);
    return { kind: min === 0 && max === 65535 ? 'port' : 'int', text: t, min, max };
  }
  if (/^(\d+ bit )?(un)?signed integer/.test(t) || /^(positive|unsigned) integer/.test(t)) {
    return /unsigned|positive/.test(t) ? { kind: 'int', text: t, min: /positive/.test(t) ? 1 : 0 } : { kind: 'int', text: t };
  }
  // "string or signed integer", "boolean or (list of string)": split on top-level " or ".
  const alternatives = splitTop(t, ' or ');
  if (alternatives.length > 1) return { kind: 'either', text: t, of: alternatives.map(parseOptionType) };
  if (t.startsWith('submodule')) return { kind: 'submodule', text: t };
  return undefined;
}

/** `"a", "b", 3, true, null` -> the values; undefined when it is no such list. */
function enumValues(list: string): Array<string | number | boolean | null> | undefined {
  const out: Array<string | number | boolean | null> = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(true|false|null))\s*(,|$)/y;
  let at = 0;
  while (at < list.length) {
    re.lastIndex = at;
    const m = re.exec(list);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] === 'null' ? null : m[3] === 'true');
    at = re.lastIndex;
    if (m[4] === '') break;
  }
  return out.length > 0 ? out : undefined;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Splits at `sep` outside parentheses and quotes. */
function splitTop(t: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '"' && t[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && t.startsWith(sep, i)) {
      parts.push(t.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(t.slice(start));
  return parts;
}

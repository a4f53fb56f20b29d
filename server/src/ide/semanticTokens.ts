// Semantic tokens: what each name means, which a TextMate grammar cannot know.
// Tokens are sorted, non-overlapping and single-line (multi-line strings and
// comments are split per line). Offsets are UTF-16; `encodeSemanticTokens`
// turns them into the LSP relative integer encoding.
//
// Legend choices (standard LSP names, so every theme colours them):
//   parameter   lambda parameters, formals and `@` names
//   variable    let bindings; names only known through `with` (modifier withScoped);
//               undefined names (modifier unresolved)
//   function    let/rec bindings whose value is a lambda, and builtins that are functions
//   property    attribute names (declaration on the left of `=`); rec attributes
//   namespace   `builtins`
//   enumMember  `true`, `false`, `null`
//   string      strings, and paths/URIs/search paths (modifier path)
//   regexp      escape sequences inside strings
//   macro       interpolation boundaries `${` and `}`
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokens, LineIndex, exprChildren, unparen } from '../syntax/index.js';
import type { Analysis, Definition } from '../analysis/index.js';
import type { TextRange } from './types.js';

export const SEMANTIC_TOKEN_TYPES = [
  'namespace',
  'function',
  'parameter',
  'variable',
  'property',
  'keyword',
  'string',
  'number',
  'operator',
  'comment',
  'macro',
  'enumMember',
  'regexp',
] as const;

export const SEMANTIC_TOKEN_MODIFIERS = [
  'declaration',
  'definition',
  'readonly',
  'defaultLibrary',
  'deprecated',
  'modification',
  /** Resolved at run time through an enclosing `with`. */
  'withScoped',
  /** Not bound anywhere (and no `with` could supply it). */
  'unresolved',
  /** A path, URI or `<search path>` literal. */
  'path',
] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  start: number;
  length: number;
  /** Index into SEMANTIC_TOKEN_TYPES. */
  type: number;
  /** Bitmask over SEMANTIC_TOKEN_MODIFIERS. */
  modifiers: number;
}

const T = Object.fromEntries(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i])) as Record<SemanticTokenType, number>;
const M = Object.fromEntries(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<SemanticTokenModifier, number>;

const KEYWORDS = new Set([K.If, K.Then, K.Else, K.Assert, K.With, K.Let, K.In, K.Rec, K.Inherit, K.Ellipsis]);
const OPERATORS = new Set([
  K.Plus, K.Minus, K.Star, K.Slash, K.Concat, K.Update, K.Lt, K.Le, K.Gt, K.Ge, K.EqEq, K.NotEq, K.AndAnd, K.OrOr, K.Implies, K.Bang, K.Question,
]);
const BUILTIN_CONSTANTS = new Set(['true', 'false', 'null']);
const BUILTIN_VALUES = new Set(['__currentSystem', '__currentTime', '__nixPath', '__nixVersion', '__storeDir', '__langVersion']);

function isLambdaValue(d: Definition): boolean {
  return unparen(d.value)?.kind === K.Lambda;
}

function defType(d: Definition): [number, number] {
  switch (d.kind) {
    case 'param':
    case 'formal':
    case 'pattern-at':
      return [T.parameter, 0];
    case 'rec':
      return [isLambdaValue(d) ? T.function : T.property, 0];
    default:
      return [isLambdaValue(d) ? T.function : T.variable, 0];
  }
}

function builtinType(name: string): [number, number] {
  if (name === 'builtins') return [T.namespace, M.defaultLibrary];
  if (BUILTIN_CONSTANTS.has(name)) return [T.enumMember, M.defaultLibrary | M.readonly];
  if (BUILTIN_VALUES.has(name)) return [T.variable, M.defaultLibrary | M.readonly];
  return [T.function, M.defaultLibrary];
}

/** Type and modifiers for an IdentExpr (or String attribute name) node, if it is a name. */
function classifyName(a: Analysis, n: SyntaxNode): [number, number] | undefined {
  const def = a.definitionOfName.get(n);
  if (def) {
    const [t, m] = defType(def);
    return [t, m | M.declaration | M.definition];
  }
  const ref = a.referenceOfNode.get(n);
  if (ref) {
    switch (ref.resolution.kind) {
      case 'local':
        return defType(ref.resolution.definition);
      case 'builtin':
        return builtinType(ref.resolution.name);
      case 'with':
        return [T.variable, M.withScoped];
      case 'undefined':
        return [T.variable, M.unresolved];
    }
  }
  const p = n.parent;
  if (p?.kind === K.AttrPath) {
    const owner = p.parent;
    if (owner?.kind === K.Binding) return [T.property, M.declaration];
    if (owner?.kind === K.Select) {
      // `builtins.x`: the first attribute after `builtins`.
      const base = unparen(exprChildren(owner)[0]);
      const first = p.childNodes()[0];
      if (first === n && base?.kind === K.IdentExpr && a.text.slice(base.start, base.end) === 'builtins') {
        const r = a.referenceOfNode.get(base);
        if (r?.resolution.kind === 'builtin') {
          const name = a.text.slice(n.start, n.end);
          const [t, m] = BUILTIN_VALUES.has(`__${name}`) || BUILTIN_CONSTANTS.has(name) ? [T.variable, M.readonly] : [T.function, 0];
          return [t, m | M.defaultLibrary];
        }
      }
    }
    return [T.property, 0];
  }
  if (p?.kind === K.Inherit_) return [T.property, 0];
  return undefined;
}

function classifyToken(a: Analysis, t: SyntaxToken): [number, number] | undefined {
  const k = t.kind;
  if (k === K.Comment || k === K.BlockComment) return [T.comment, 0];
  if (KEYWORDS.has(k)) return [T.keyword, 0];
  if (OPERATORS.has(k)) return [T.operator, 0];
  if (k === K.Int || k === K.Float) return [T.number, 0];
  if (k === K.DollarCurly || k === K.InterpEnd) return [T.macro, 0];
  if (k === K.StrEscape) return [T.regexp, 0];
  if (k === K.PathFragment || k === K.Uri || k === K.SearchPath) return [T.string, M.path];
  if (k === K.Quote || k === K.IndQuote || k === K.StrFragment) {
    // A quoted attribute name is a property.
    const s = t.parent;
    if (s && s.parent?.kind === K.AttrPath && s.parent.parent?.kind === K.Binding) return [T.property, M.declaration];
    return [T.string, 0];
  }
  if (k === K.OrKw && t.parent?.kind === K.Select) return [T.keyword, 0];
  if (k === K.Ident || k === K.OrKw) {
    const n = t.parent;
    return n && n.kind === K.IdentExpr ? classifyName(a, n) : undefined;
  }
  return undefined;
}

/**
 * Semantic tokens for the whole document or for the tokens overlapping `range`.
 * Multi-line tokens are split at line breaks (line break characters excluded).
 */
export function semanticTokens(a: Analysis, range?: TextRange): SemanticToken[] {
  const out: SemanticToken[] = [];
  const text = a.text;
  for (const t of tokens(a.tree)) {
    if (range && (t.end <= range.start || t.start >= range.end)) {
      if (t.start >= range.end) break;
      continue;
    }
    if (t.start === t.end) continue;
    const c = classifyToken(a, t);
    if (!c) continue;
    const [type, modifiers] = c;
    const s = text.slice(t.start, t.end);
    if (!/[\r\n]/.test(s)) {
      out.push({ start: t.start, length: t.end - t.start, type, modifiers });
      continue;
    }
    // Split per line.
    let segStart = t.start;
    for (let i = t.start; i <= t.end; i++) {
      const ch = i < t.end ? text.charCodeAt(i) : -1;
      if (ch === 10 || ch === 13 || i === t.end) {
        if (i > segStart) out.push({ start: segStart, length: i - segStart, type, modifiers });
        if (ch === 13 && text.charCodeAt(i + 1) === 10 && i + 1 < t.end) i++;
        segStart = i + 1;
      }
    }
  }
  return out;
}

/** The LSP wire encoding: [deltaLine, deltaStartChar, length, type, modifiers]* . */
export function encodeSemanticTokens(toks: SemanticToken[], lines: LineIndex): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of toks) {
    const p = lines.positionAt(t.start);
    const dl = p.line - prevLine;
    data.push(dl, dl === 0 ? p.character - prevChar : p.character, t.length, t.type, t.modifiers);
    prevLine = p.line;
    prevChar = p.character;
  }
  return data;
}

/** Readable form for tests and debugging: `text:type[.modifier...]`. */
export function describeSemanticTokens(text: string, toks: SemanticToken[]): string[] {
  return toks.map((t) => {
    const mods = SEMANTIC_TOKEN_MODIFIERS.filter((_, i) => t.modifiers & (1 << i));
    return `${text.slice(t.start, t.start + t.length)}:${SEMANTIC_TOKEN_TYPES[t.type]}${mods.map((m) => '.' + m).join('')}`;
  });
}

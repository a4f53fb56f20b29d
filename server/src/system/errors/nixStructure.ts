// The shape of a Nix file that error fixes need: attribute sets with the option path each
// binding defines, function argument patterns, and let-bound names. Tolerant: a broken file
// yields what could be understood, never an exception.
import { lex, type Token } from './nixLexer';

export interface AttrComponent {
  /** Undefined for a dynamic `${...}` component. */
  name: string | undefined;
  start: number;
  end: number;
}

export interface Binding {
  kind: 'attr' | 'let';
  components: AttrComponent[];
  /** Path of the enclosing sets, relative to the module (or set) root they belong to. */
  prefix: string[];
  /** prefix + component names ('' for dynamic components). */
  path: string[];
  start: number;
  valueStart: number;
  valueEnd: number;
  /** After the `;` (or the value end when the `;` is missing). */
  end: number;
  set: AttrSet;
}

export interface AttrSet {
  /** Offset of `{` and of `}` (the closing brace, or text length when missing). */
  open: number;
  close: number;
  prefix: string[];
  bindings: Binding[];
  /** Nesting depth in brackets: 0 for a file's top set. */
  depth: number;
}

export interface FunctionHead {
  open: number;
  close: number;
  args: { name: string; start: number; end: number }[];
  ellipsis?: { start: number; end: number };
  depth: number;
}

export interface NixStructure {
  text: string;
  tokens: Token[];
  sets: AttrSet[];
  bindings: Binding[];
  heads: FunctionHead[];
  /** The set that is the module body: the first set at depth 0. */
  topSet?: AttrSet;
  /** Names in scope somewhere in the file: arguments, let bindings, inherits, rec names. */
  boundNames: Set<string>;
}

const CLOSERS = new Set([';', '}', ']', ')', ',']);

export function analyse(text: string): NixStructure {
  const tokens = lex(text);
  const result: NixStructure = { text, tokens, sets: [], bindings: [], heads: [], boundNames: new Set() };
  let depth = 0;

  const isPunct = (i: number, p: string) => tokens[i]?.kind === 'punct' && tokens[i]!.text === p;
  const isWord = (i: number, w: string) => tokens[i]?.kind === 'ident' && tokens[i]!.text === w;

  function matching(i: number): number {
    // Index of the bracket closing the one at i (or tokens.length).
    let level = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '{' || t.text === '${' || t.text === '[' || t.text === '(') level++;
      else if (t.text === '}' || t.text === ']' || t.text === ')') {
        level--;
        if (level === 0) return j;
      }
    }
    return tokens.length;
  }

  /** Walks one expression from i; returns the index of the token that ends it. */
  function expr(i: number, prefix: string[]): number {
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'punct' && CLOSERS.has(t.text)) return i;
      if (t.kind === 'ident' && (t.text === 'in')) return i;
      if (t.kind === 'punct' && t.text === '{') {
        const close = matching(i);
        if (isPunct(close + 1, ':') || isPunct(close + 1, '@')) {
          head(i, close);
          i = close + 1;
          if (isPunct(i, '@')) i += 2;
          if (isPunct(i, ':')) i++;
          prefix = []; // a function body is a new root (an inline module, usually)
          continue;
        }
        i = set(i, prefix);
        continue;
      }
      if (t.kind === 'ident' && isPunct(i + 1, '@') && isPunct(i + 2, '{')) {
        result.boundNames.add(t.text);
        i += 2;
        continue;
      }
      if (t.kind === 'ident' && isPunct(i + 1, ':')) {
        result.boundNames.add(t.text);
        i += 2;
        prefix = [];
        continue;
      }
      if (t.kind === 'ident' && t.text === 'let') {
        i = letBlock(i + 1);
        if (isWord(i, 'in')) i++;
        continue;
      }
      if (t.kind === 'ident' && (t.text === 'with' || t.text === 'assert')) {
        i = expr(i + 1, []);
        if (isPunct(i, ';')) i++;
        continue;
      }
      if (t.kind === 'punct' && (t.text === '[' || t.text === '(' || t.text === '${')) {
        // mkMerge [ {..} {..} ] keeps the option path; other lists and parentheses start afresh.
        const keep = t.text === '[' && /mkMerge$/.test(tokens[i - 1]?.text ?? '');
        const closer = t.text === '[' ? ']' : t.text === '(' ? ')' : '}';
        depth++;
        let j = i + 1;
        while (j < tokens.length && !isPunct(j, closer)) {
          const next = expr(j, keep ? prefix : []);
          j = next === j ? j + 1 : next; // a stray closer: step over it
        }
        depth--;
        i = j + 1;
        continue;
      }
      i++;
    }
    return i;
  }

  function head(open: number, close: number): void {
    const h: FunctionHead = { open: tokens[open]!.start, close: tokens[Math.min(close, tokens.length - 1)]!.start, args: [], depth };
    let level = 0;
    for (let j = open + 1; j < close; j++) {
      const t = tokens[j]!;
      if (t.kind === 'punct' && ['{', '[', '(', '${'].includes(t.text)) level++;
      else if (t.kind === 'punct' && ['}', ']', ')'].includes(t.text)) level--;
      else if (level === 0 && t.kind === 'ident' && (isPunct(j - 1, '{') || isPunct(j - 1, ','))) {
        h.args.push({ name: t.text, start: t.start, end: t.end });
        result.boundNames.add(t.text);
      } else if (level === 0 && t.kind === 'punct' && t.text === '...') {
        h.ellipsis = { start: t.start, end: t.end };
      }
    }
    result.heads.push(h);
  }

  function set(open: number, prefix: string[]): number {
    const s: AttrSet = { open: tokens[open]!.start, close: 0, prefix, bindings: [], depth };
    result.sets.push(s);
    if (!result.topSet && depth === 0) result.topSet = s;
    const rec = isWord(open - 1, 'rec');
    depth++;
    let i = bindings(open + 1, 'attr', s, rec);
    depth--;
    s.close = i < tokens.length ? tokens[i]!.start : result.text.length;
    if (isPunct(i, '}')) i++;
    return i;
  }

  function letBlock(i: number): number {
    const pseudo: AttrSet = { open: tokens[i - 1]?.start ?? 0, close: 0, prefix: [], bindings: [], depth };
    depth++;
    const end = bindings(i, 'let', pseudo, true);
    depth--;
    pseudo.close = tokens[end]?.start ?? result.text.length;
    return end;
  }

  /** Parses bindings until `}` (or `in` for let); returns the index of that token. */
  function bindings(i: number, kind: 'attr' | 'let', s: AttrSet, bindsNames: boolean): number {
    while (i < tokens.length && !isPunct(i, '}') && !(kind === 'let' && isWord(i, 'in'))) {
      if (isWord(i, 'inherit')) {
        i++;
        if (isPunct(i, '(')) i = matching(i) + 1;
        while (i < tokens.length && !isPunct(i, ';') && !isPunct(i, '}')) {
          if (tokens[i]!.kind === 'ident') result.boundNames.add(tokens[i]!.text);
          i++;
        }
        if (isPunct(i, ';')) i++;
        continue;
      }
      const components: AttrComponent[] = [];
      const startToken = i;
      while (i < tokens.length) {
        const t = tokens[i]!;
        if (t.kind === 'ident') components.push({ name: t.text, start: t.start, end: t.end });
        else if (t.kind === 'string' && /^"(?:[^"\\$]|\\.|\$(?!\{))*"$/.test(t.text)) {
          components.push({ name: unescape(t.text.slice(1, -1)), start: t.start, end: t.end });
        } else if (t.kind === 'string' || isPunct(i, '${')) {
          // Dynamic name: skip to the end of the string or interpolation.
          const from = i;
          if (isPunct(i, '${')) i = matching(i);
          else while (i + 1 < tokens.length && tokens[i + 1]!.kind !== 'punct') i++;
          components.push({ name: undefined, start: tokens[from]!.start, end: tokens[Math.min(i, tokens.length - 1)]!.end });
        } else break;
        i++;
        if (isPunct(i, '.')) { i++; continue; }
        break;
      }
      if (components.length === 0 || !isPunct(i, '=')) {
        // Not a binding we understand: skip to the next `;` at this level.
        let j = i === startToken ? i + 1 : i;
        j = expr(j, []);
        if (isPunct(j, ';')) j++;
        i = j > i ? j : i + 1;
        continue;
      }
      const names = components.map((c) => c.name ?? '');
      const path = [...s.prefix, ...names];
      const valueToken = i + 1;
      const valueEnd = expr(valueToken, path);
      const lastValue = tokens[Math.max(valueToken, valueEnd - 1)] ?? tokens[tokens.length - 1]!;
      const b: Binding = {
        kind,
        components,
        prefix: s.prefix,
        path,
        start: components[0]!.start,
        valueStart: tokens[valueToken]?.start ?? result.text.length,
        valueEnd: valueEnd > valueToken ? lastValue.end : tokens[valueToken]?.start ?? result.text.length,
        end: isPunct(valueEnd, ';') ? tokens[valueEnd]!.end : lastValue.end,
        set: s,
      };
      s.bindings.push(b);
      result.bindings.push(b);
      if (bindsNames && components[0]!.name) result.boundNames.add(components[0]!.name);
      i = isPunct(valueEnd, ';') ? valueEnd + 1 : valueEnd;
      if (i === startToken) i++;
    }
    return i;
  }

  let i = 0;
  while (i < tokens.length) {
    const next = expr(i, []);
    i = next === i ? i + 1 : next;
  }
  return result;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

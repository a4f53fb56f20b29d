// A small Nix tokenizer for locating definitions and placing edits. It only needs to get
// structure right: comments and strings (with `${}` interpolation) are skipped as units so a
// brace or `;` inside them never confuses the structure walk.

export type TokenKind = 'ident' | 'string' | 'number' | 'path' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCT2 = ['${', '==', '!=', '<=', '>=', '&&', '||', '->', '//', '++', '...'];

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  // Stack of open interpolations inside strings: when a `}` closes one, string scanning resumes.
  const resume: Array<'"' | "''" | '{'> = [];
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === '"' || (c === "'" && text[i + 1] === "'")) {
      const start = i;
      const kind = c === '"' ? '"' : "''";
      const after = scanString(text, i + kind.length, kind);
      i = after.end;
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i });
      if (after.interpolation) resume.push(kind);
      continue;
    }
    if (c === '}' && resume.length > 0) {
      const top = resume.pop()!;
      if (top === '{') {
        tokens.push({ kind: 'punct', text: '}', start: i, end: i + 1 });
        i++;
        continue;
      }
      // End of `${ ... }` inside a string: continue the string; it is one more string token.
      const start = i;
      const after = scanString(text, i + 1, top);
      i = after.end;
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i });
      if (after.interpolation) resume.push(top);
      continue;
    }
    if (c === '{' || (c === '$' && text[i + 1] === '{')) {
      if (resume.length > 0) resume.push('{');
      const len = c === '{' ? 1 : 2;
      tokens.push({ kind: 'punct', text: text.slice(i, i + len), start: i, end: i + len });
      i += len;
      continue;
    }
    const rest = text.slice(i, i + 300);
    const pathMatch = /^(?:<[A-Za-z0-9._+\-/]+>|(?:~|\.\.?|[A-Za-z0-9._+-]+)?(?:\/[A-Za-z0-9._+-]+)+)/.exec(rest);
    if (pathMatch && (pathMatch[0].startsWith('<') || pathMatch[0].includes('/'))) {
      tokens.push({ kind: 'path', text: pathMatch[0], start: i, end: i + pathMatch[0].length });
      i += pathMatch[0].length;
      continue;
    }
    const uri = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9%/?:@&=+$,\-_.!~*']+/.exec(rest);
    if (uri && !/^[A-Za-z_][A-Za-z0-9_'-]*:\s/.test(rest)) {
      tokens.push({ kind: 'other', text: uri[0], start: i, end: i + uri[0].length });
      i += uri[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_'-]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], start: i, end: i + ident[0].length });
      i += ident[0].length;
      continue;
    }
    const number = /^(?:\d+\.?\d*(?:[Ee][+-]?\d+)?|\.\d+(?:[Ee][+-]?\d+)?)/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const two = PUNCT2.find((p) => text.startsWith(p, i));
    const len = two ? two.length : 1;
    tokens.push({ kind: 'punct', text: text.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  return tokens;
}

/** Scans string content after the opening quote; stops after the closing quote or at `${`. */
function scanString(text: string, from: number, kind: '"' | "''"): { end: number; interpolation: boolean } {
  let i = from;
  while (i < text.length) {
    if (kind === '"') {
      if (text[i] === '\\') { i += 2; continue; }
      if (text[i] === '"') return { end: i + 1, interpolation: false };
    } else if (text.startsWith("''", i)) {
      // '''  ''$  ''\x are escapes inside indented strings.
      if (text[i + 2] === "'" || text[i + 2] === '$' || text[i + 2] === '\\') { i += 3; continue; }
      return { end: i + 2, interpolation: false };
    }
    if (text[i] === '$' && text[i + 1] === '{') return { end: i + 2, interpolation: true };
    if (text[i] === '$' && text[i + 1] === '$') { i += 2; continue; }
    i++;
  }
  return { end: Math.min(i, text.length), interpolation: false }; // unterminated: to the end
}

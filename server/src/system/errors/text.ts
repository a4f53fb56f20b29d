// Text helpers: ANSI stripping, offsets <-> LSP positions, Nix columns, nearest names.
import type { Position, Range } from '../diagnostics';
import { editDistance } from '../../ide/editDistance';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  offset(pos: Position): number {
    const start = this.starts[Math.min(pos.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + pos.character, this.lineEnd(pos.line));
  }
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    return this.text.slice(start, this.lineEnd(line));
  }
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }
  /**
   * Offset of a Nix position (1-based line, 1-based column). Nix counts columns in bytes, so a
   * line with non-ASCII text needs converting to UTF-16 code units.
   */
  nixOffset(line: number, column: number): number {
    const l = Math.max(0, Math.min(line - 1, this.starts.length - 1));
    const lineText = this.lineText(l);
    const bytes = Buffer.from(lineText, 'utf8');
    const prefix = bytes.subarray(0, Math.max(0, column - 1)).toString('utf8');
    return this.starts[l]! + Math.min(prefix.length, lineText.length);
  }
}

/** The closest candidates to `name`, close enough to be a plausible typo. */
export function nearest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c, max);
    if (d <= max) scored.push({ c, d });
  }
  return scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, limit).map((s) => s.c);
}

/** Quotes an attribute name when Nix needs it. */
export function attrName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) ? name : JSON.stringify(name).replace(/\$\{/g, '\\${');
}

export function formatPath(path: readonly string[]): string {
  return path.map(attrName).join('.');
}

/** Splits an option path as printed by the module system (`a.b."c.d"`). */
export function splitOptionPath(text: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^.]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) parts.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return parts;
}

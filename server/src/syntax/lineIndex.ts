// Offsets <-> line/column. Offsets and columns are UTF-16 code units (what JS
// strings and LSP use). Lines break at \n, \r\n and a lone \r, as in LSP.

export interface LineCol {
  /** 0-based line */
  line: number;
  /** 0-based column in UTF-16 code units */
  character: number;
}

export class LineIndex {
  /**
   * Offset of the first character of each line. Typed: an edit makes a new index per
   * keystroke, and an Int32Array of a 10 000-line file is 40 KB outside the collected heap,
   * where a number[] grown by pushes was 80-160 KB of young garbage.
   */
  readonly lineStarts: Int32Array;
  constructor(readonly text: string, starts?: Int32Array) {
    if (starts) {
      this.lineStarts = starts;
      return;
    }
    const found = [0];
    scanLines(text, 0, text.length, found);
    this.lineStarts = Int32Array.from(found);
  }
  /**
   * The index of `text`, made from `prev`, the index of the text before an
   * edit that turned prev.text[start, oldEnd) into text[start, newEnd): only
   * the lines the edit touched are scanned again, the rest is copied (moved).
   */
  static edited(prev: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = prev.lineStarts;
    const delta = newEnd - oldEnd;
    // keep the lines starting before the edit (a line break just before it may pair with it: `\r` `\n`):
    // the last line start below `start`, by halving
    let lo = 0,
      hi = old.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (old[mid]! < start) lo = mid;
      else hi = mid - 1;
    }
    const keep = lo;
    const scanned: number[] = [];
    const to = Math.min(text.length, newEnd + 1);
    scanLines(text, old[keep]!, to, scanned);
    const last = scanned.length > 0 ? scanned[scanned.length - 1]! : old[keep]!;
    // the old lines after the edit, moved: those past oldEnd + 1 that land after `last` (a suffix of them)
    let from = old.length;
    while (from > 0 && old[from - 1]! > oldEnd + 1 && old[from - 1]! + delta > last) from--;
    const starts = new Int32Array(keep + 1 + scanned.length + (old.length - from));
    starts.set(old.subarray(0, keep + 1));
    let at = keep + 1;
    for (const x of scanned) starts[at++] = x;
    for (let i = from; i < old.length; i++) starts[at++] = old[i]! + delta;
    return new LineIndex(text, starts);
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  positionAt(offset: number): LineCol {
    const ls = this.lineStarts;
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - ls[lo]! };
  }
  offsetAt(pos: LineCol): number {
    const ls = this.lineStarts;
    if (pos.line < 0) return 0;
    if (pos.line >= ls.length) return this.text.length;
    const start = ls[pos.line]!;
    const next = pos.line + 1 < ls.length ? ls[pos.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }
  /** Where line `line` (0-based) ends, before its line break. */
  lineEnd(line: number): number {
    const ls = this.lineStarts;
    if (line + 1 >= ls.length) return this.text.length;
    const next = ls[line + 1]!;
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }
  /** The text of line `line` (0-based), without its line break; '' past the end. */
  lineText(line: number): string {
    const start = this.lineStarts[line];
    return start === undefined ? '' : this.text.slice(start, this.lineEnd(line));
  }
  /**
   * The offset of a position as Nix reports it: 1-based line, 1-based column counted in UTF-8
   * bytes. Clamped to the text; a column inside a character gives that character's end.
   */
  nixOffset(line: number, column: number): number {
    const l = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    const start = this.lineStarts[l]!;
    const end = this.lineEnd(l);
    const want = column - 1;
    let bytes = 0;
    let i = start;
    while (i < end && bytes < want) {
      const c = this.text.codePointAt(i)!;
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += c >= 0x10000 ? 2 : 1;
    }
    return i;
  }
}

// The last index made: features ask for the line of an offset many times per
// request (hover, rename, inlay hints), and building one scans the whole text.
let last: LineIndex | undefined;

/** The line index of `text`, reused while the same text is asked for. */
export function lineIndex(text: string): LineIndex {
  if (last === undefined || last.text !== text) last = new LineIndex(text);
  return last;
}

/** Appends to `starts` the start of every line beginning after a break at from..to-1 of `text`. */
function scanLines(text: string, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
}

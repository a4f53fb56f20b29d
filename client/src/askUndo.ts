// Hearing Edit > Undo (Ctrl+Z) of an edit Ask applied, so the learning store learns of it as it
// does of the message's Undo button. Pure (no vscode): the client feeds it the document's change
// events as offsets and says which were an undo or a redo.
//
// Ask's edit is remembered as pieces: where each of its replacements stands in the document now,
// what Ask wrote there and what it replaced. An undo is Ask's when its changes stay inside those
// pieces and leave each holding exactly what it replaced; then a redo is Ask's when it puts each
// back. Changes elsewhere move the pieces (a person's own edits, and undoing those, record
// nothing). The watch ends at any other change to the lines the pieces stand on, at any edit
// while Ask's edit is undone (that drops the redo), and when a document closes.

/** One change of a change event, in the offsets of the text before it (VS Code's rangeOffset). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export type ChangeReason = 'undo' | 'redo' | 'edit';

/** A replacement in the text before Ask's edit, in offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

interface Piece {
  /** Where it stands in the document now. */
  start: number;
  end: number;
  /** What Ask wrote, and what that replaced. */
  ask: string;
  was: string;
  /** The lines it stands on: from the first one's start to the last one's end (its newline). */
  lineStart: number;
  lineEnd: number;
}

/** One document of Ask's edit, as watched. */
export interface DocWatch {
  /** The document's version right after Ask's edit: earlier events are not the person's. */
  version: number;
  pieces: Piece[];
  undone: boolean;
}

/**
 * The watch of one document after Ask's edit, or undefined when applying `edits` to `before` does
 * not give `after` (the document the editor now holds): then an undo could not be told apart.
 */
export function watchDocument(before: string, edits: readonly OffsetEdit[], after: string, version: number): DocWatch | undefined {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i).map((x) => x.e);
  const pieces: Piece[] = [];
  let text = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > before.length) return undefined;
    text += before.slice(at, e.start);
    const start = text.length;
    text += e.newText;
    const last = pieces[pieces.length - 1];
    // Pieces that touch are one: an undo may well restore them as one change.
    if (last && last.end === start) {
      last.end = text.length;
      last.ask += e.newText;
      last.was += before.slice(e.start, e.end);
    } else pieces.push({ start, end: text.length, ask: e.newText, was: before.slice(e.start, e.end), lineStart: 0, lineEnd: 0 });
    at = e.end;
  }
  text += before.slice(at);
  if (text !== after) return undefined;
  for (const p of pieces) setLines(p, after);
  return { version, pieces, undone: false };
}

/** What one change event meant for a document's watch. */
export type Heard = 'undone' | 'redone' | 'moved' | 'stop';

/**
 * Follows `w` through one change event (`changes` as VS Code gives them). `textNow` is the document
 * after the event; it is read only for an undo or redo that may be Ask's.
 */
export function hearChange(w: DocWatch, changes: readonly TextChange[], reason: ChangeReason, textNow: () => string): Heard {
  if (changes.length === 0) return 'moved';
  if (reason === (w.undone ? 'redo' : 'undo') && toggle(w, changes, textNow)) return w.undone ? 'undone' : 'redone';
  // Any edit while Ask's edit stands undone drops the redo that could bring it back.
  if (w.undone && reason === 'edit') return 'stop';
  // From the last change to the first: each one's offset is still that of the text before it.
  for (const c of [...changes].sort((a, b) => b.offset - a.offset)) {
    const delta = c.text.length - c.length;
    for (const p of w.pieces) {
      if (c.offset <= p.lineEnd && c.offset + c.length >= p.lineStart) return 'stop';
      if (c.offset + c.length <= p.lineStart) {
        p.start += delta;
        p.end += delta;
        p.lineStart += delta;
        p.lineEnd += delta;
      }
    }
  }
  return 'moved';
}

/** Whether `changes` turn every piece to its other side (and nothing else); if so, turns `w`. */
function toggle(w: DocWatch, changes: readonly TextChange[], textNow: () => string): boolean {
  const growth = w.pieces.map(() => 0);
  for (const c of changes) {
    const k = w.pieces.findIndex((p) => p.start <= c.offset && c.offset + c.length <= p.end);
    if (k < 0) return false;
    growth[k] += c.text.length - c.length;
  }
  // Each piece must end up exactly as long as its other side, and hold it.
  if (!w.pieces.every((p, k) => p.end - p.start + growth[k]! === (w.undone ? p.ask : p.was).length)) return false;
  const text = textNow();
  let shift = 0;
  const next = w.pieces.map((p, k) => {
    const start = p.start + shift;
    shift += growth[k]!;
    return { ...p, start, end: start + (w.undone ? p.ask : p.was).length };
  });
  if (!next.every((p) => text.slice(p.start, p.end) === (w.undone ? p.ask : p.was))) return false;
  w.pieces = next.map((p) => setLines(p, text));
  w.undone = !w.undone;
  return true;
}

function setLines(p: Piece, text: string): Piece {
  p.lineStart = text.lastIndexOf('\n', p.start - 1) + 1;
  // The last character the piece holds (or where an empty piece stands) and the end of its line.
  const last = p.end > p.start ? p.end - 1 : p.start;
  const nl = text.indexOf('\n', last);
  p.lineEnd = nl < 0 ? text.length : nl;
  return p;
}

/**
 * Ask's edit over all the documents it touched. `hear` says when the learning store should hear
 * "undone" (every document's part undone: Edit > Undo of a multi-file edit asks whether to undo it
 * in all of them, and one file's alone is not the request taken back) and "redone" (a Redo after
 * that: the undo does not stand).
 */
export class AskUndoWatch {
  private told = false;
  stopped = false;

  constructor(private readonly docs: ReadonlyMap<string, DocWatch>) {}

  hear(uri: string, version: number, changes: readonly TextChange[], reason: ChangeReason, textNow: () => string): 'undone' | 'redone' | undefined {
    const w = this.docs.get(uri);
    if (this.stopped || !w || version <= w.version) return undefined;
    const heard = hearChange(w, changes, reason, textNow);
    if (heard === 'stop') this.stopped = true;
    const all = [...this.docs.values()].every((d) => d.undone);
    if (heard === 'undone' && all && !this.told) return (this.told = true), 'undone';
    if (heard === 'redone' && this.told) return (this.told = false), 'redone';
    return undefined;
  }

  /** A document of the edit closed: its undo history is gone. */
  close(uri: string): void {
    if (this.docs.has(uri)) this.stopped = true;
  }
}

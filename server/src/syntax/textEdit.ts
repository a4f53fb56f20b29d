// The one edit model of the server, at the bottom of the layers so that every layer above
// (analysis, ide, intent, system) builds edits the same way. Offsets are UTF-16 code units,
// half-open [start, end); conversion to lines and characters happens only at the edges
// (lsp/, cli/, and the system's output).

export interface TextRange {
  start: number;
  end: number;
}

export interface TextEdit extends TextRange {
  newText: string;
}

/** Edits to one file, none overlapping. `file` is an absolute path (or a document URI). */
export interface FileEdits {
  file: string;
  edits: TextEdit[];
}

/**
 * A change that may touch several files, as rust-analyzer's SourceChange: what a build-error fix,
 * an assist or a plain-language request proposes, shown before it is applied.
 */
export interface SourceChange {
  files: FileEdits[];
}

export function singleFileChange(file: string, edits: TextEdit[]): SourceChange {
  return { files: [{ file, edits }] };
}

/** Joins changes, keeping one entry per file in first-seen order. */
export function mergeChanges(...changes: SourceChange[]): SourceChange {
  const byFile = new Map<string, TextEdit[]>();
  for (const change of changes) {
    for (const { file, edits } of change.files) {
      const list = byFile.get(file);
      if (list) list.push(...edits);
      else byFile.set(file, [...edits]);
    }
  }
  return { files: [...byFile].map(([file, edits]) => ({ file, edits })) };
}

/** The text after applying non-overlapping edits, in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

// Problems found in Nix / nixos-rebuild output, placed on the user's files. LSP conventions:
// 0-based lines, UTF-16 character offsets, end exclusive. Free of the LSP library so the CLI's
// --json lines carry them as they are.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type SystemSeverity = 'error' | 'warning' | 'info';

/** A text edit on one file. `file` is absolute. */
export interface SystemTextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface SystemFix {
  title: string;
  edits?: SystemTextEdit[];
  /** An argv the user may run to fix it, e.g. ['git', 'add', '-N', 'x.nix']. Never run implicitly. */
  command?: string[];
}

export interface SystemDiagnostic {
  /** Absolute path of the file the problem is shown on. */
  file: string;
  range: Range;
  severity: SystemSeverity;
  /** Stable identifier of the kind of problem, e.g. 'undefined-variable'. */
  code: string;
  /** Sentences: what happened, then what to do next. */
  message: string;
  fixes?: SystemFix[];
}

// Plain data shared by analysis, the IDE features and their consumers (LSP, CLI).
// Offsets are UTF-16 code-unit offsets into the document text, half-open [start, end).
// Conversion to LSP line/character happens only in server/src/lsp and the CLI.

import type { TextEdit, TextRange } from '../syntax/textEdit.js';
export type { TextEdit, TextRange } from '../syntax/textEdit.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Marks the fix VS Code should offer first (e.g. the one "Fix all" would apply). */
  preferred?: boolean;
}

export interface Diagnostic extends TextRange {
  severity: Severity;
  /** Stable, documented code such as `undefined-variable` or `unused-let`. */
  code: string;
  /** A sentence a person can act on. */
  message: string;
  /** `unnecessary` greys the range out; `deprecated` strikes it through. */
  tags?: Array<'unnecessary' | 'deprecated'>;
  fixes?: Fix[];
  /** Another place the message refers to (e.g. the first definition of a duplicate). */
  related?: Array<TextRange & { message: string }>;
}

/** One completion answer, as the editor shows it. */
export interface CompletionEntry {
  label: string;
  kind: 'variable' | 'argument' | 'function' | 'keyword' | 'snippet' | 'property' | 'value' | 'package';
  detail?: string;
  documentation?: string;
  insertText?: string;
  isSnippet?: boolean;
  /** A builtin's name: its documentation can be fetched when the entry is selected (see builtinDoc). */
  builtin?: string;
}

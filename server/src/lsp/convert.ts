// Offsets (what the core speaks) <-> LSP positions, and core results -> LSP shapes.
// Both sides count UTF-16 code units, so only line splitting happens here.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type Position,
} from 'vscode-languageserver';
import type { LineIndex } from '../syntax/index.js';
import type { Diagnostic, Severity, TextEdit, TextRange } from '../ide/types.js';

export const SOURCE = 'nix-humanity';

export function toRange(lines: LineIndex, r: TextRange): Range {
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

export function toOffset(lines: LineIndex, p: Position): number {
  return lines.offsetAt(p);
}

export function toTextRange(lines: LineIndex, r: Range): TextRange {
  return { start: lines.offsetAt(r.start), end: lines.offsetAt(r.end) };
}

export function toEdit(lines: LineIndex, e: TextEdit): LspTextEdit {
  return { range: toRange(lines, e), newText: e.newText };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

/** Data carried on each published diagnostic so code actions can find its fixes without recomputing. */
export interface DiagnosticData {
  version: number | null;
  fixes: Array<{ title: string; preferred?: boolean; edits: LspTextEdit[] }>;
}

export function toDiagnostic(lines: LineIndex, d: Diagnostic, uri: string, version: number | null): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(lines, d),
    severity: toSeverity(d.severity),
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.tags?.length) {
    out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(lines, r) }, message: r.message }));
  }
  if (d.fixes?.length) {
    const data: DiagnosticData = {
      version,
      fixes: d.fixes.map((f) => ({
        title: f.title,
        ...(f.preferred ? { preferred: true } : {}),
        edits: f.edits.map((e) => toEdit(lines, e)),
      })),
    };
    out.data = data;
  }
  return out;
}

// Every conversion between the core's shapes and LSP's: offsets <-> positions,
// diagnostics, edits, code actions, completion items, symbols, folding,
// selection ranges, semantic tokens. Both sides count UTF-16 code units, so
// only line splitting happens here.
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DocumentHighlightKind,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction as LspCodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentHighlight,
  type DocumentSymbol,
  type FoldingRange as LspFoldingRange,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
  type SelectionRange,
  type SemanticTokensBuilder,
  type SymbolInformation,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { LineIndex } from '../syntax/index.js';
import type { Diagnostic, Severity, TextEdit, TextRange } from '../ide/types.js';
import type { CodeAction } from '../ide/assists/index.js';
import type { CompletionEntry } from '../ide/completion.js';
import type { DocSymbol, DocSymbolKind, WorkspaceSymbol } from '../ide/symbols.js';
import type { FoldingRange } from '../ide/folding.js';
import type { SemanticToken } from '../ide/semanticTokens.js';

export const SOURCE = 'nix-humanity';

// ---- offsets and ranges

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

// ---- diagnostics and code actions

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

// The fixes stay out of what is published: code actions read them from the
// diagnostics the server keeps with the document version.
export function toDiagnostic(lines: LineIndex, d: Diagnostic, uri: string): LspDiagnostic {
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
  return out;
}

/** Whether a diagnostic the client sent back is the published form of `d`. */
function isPublishedAs(lines: LineIndex, d: Diagnostic, sent: LspDiagnostic): boolean {
  if (sent.code !== d.code || sent.message !== d.message) return false;
  const r = toRange(lines, d);
  return (
    sent.range.start.line === r.start.line &&
    sent.range.start.character === r.start.character &&
    sent.range.end.line === r.end.line &&
    sent.range.end.character === r.end.character
  );
}

/** `sent`: the diagnostics of the request's context, which a quick fix is tied to so VS Code shows it on them. */
export function toCodeAction(lines: LineIndex, uri: string, action: CodeAction, sent: LspDiagnostic[]): LspCodeAction {
  const out: LspCodeAction = {
    title: action.title,
    kind: action.kind,
    edit: { changes: { [uri]: action.edits.map((e) => toEdit(lines, e)) } },
  };
  if (action.preferred) out.isPreferred = true;
  const carrier = action.diagnostic;
  if (carrier) {
    const related = sent.filter((d) => isPublishedAs(lines, carrier, d));
    if (related.length) out.diagnostics = related;
  }
  return out;
}

// ---- names

export function toHover(lines: LineIndex, h: { range: TextRange; markdown: string }): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(lines, h.range) };
}

export function toHighlight(lines: LineIndex, h: { range: TextRange; kind: 'read' | 'write' }): DocumentHighlight {
  return { range: toRange(lines, h.range), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read };
}

export function toInlayHint(lines: LineIndex, h: { offset: number; label: string }): InlayHint {
  return { position: lines.positionAt(h.offset), label: h.label, paddingLeft: true };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  variable: CompletionItemKind.Variable,
  argument: CompletionItemKind.Variable,
  function: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  package: CompletionItemKind.Module,
};

export function toCompletionItem(e: CompletionEntry, index: number): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  // a builtin's documentation comes with completionItem/resolve, when the entry is selected
  if (e.builtin !== undefined) item.data = { builtin: e.builtin };
  else if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
  if (e.insertText !== undefined) item.insertText = e.insertText;
  if (e.isSnippet) item.insertTextFormat = InsertTextFormat.Snippet;
  // The core orders entries by relevance (innermost scope first); keep that order in the editor.
  item.sortText = String(index).padStart(5, '0');
  return item;
}

// ---- symbols

const SYMBOL_KIND: Record<DocSymbolKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  object: SymbolKind.Object,
  property: SymbolKind.Property,
  function: SymbolKind.Function,
  variable: SymbolKind.Variable,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  key: SymbolKind.Key,
};

export function toDocumentSymbol(lines: LineIndex, s: DocSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name || ' ',
    kind: SYMBOL_KIND[s.kind],
    range: toRange(lines, s.range),
    selectionRange: toRange(lines, s.selectionRange),
    children: s.children.map((c) => toDocumentSymbol(lines, c)),
  };
  if (s.detail) out.detail = s.detail;
  return out;
}

export function toSymbolInformation(lines: LineIndex, w: WorkspaceSymbol): SymbolInformation {
  const info: SymbolInformation = {
    name: w.name,
    kind: SYMBOL_KIND[w.kind as DocSymbolKind] ?? SymbolKind.Variable,
    location: { uri: w.uri, range: toRange(lines, w.range) },
  };
  if (w.containerName) info.containerName = w.containerName;
  return info;
}

// ---- shape: folding, selection, semantic tokens

/** Folding ranges end on the line before the closing token, so `}` stays visible when folded. */
export function toFoldingRanges(text: string, lines: LineIndex, ranges: FoldingRange[]): LspFoldingRange[] {
  const out: LspFoldingRange[] = [];
  const seen = new Set<number>();
  for (const f of ranges) {
    const startLine = lines.positionAt(f.start).line;
    let endLine = lines.positionAt(f.end).line;
    // A comment's end is its last character; a bracket's end is the closing token itself.
    if (f.kind !== 'comment' && f.end < text.length && onlySpaceBefore(text, f.end)) endLine -= 1;
    if (endLine <= startLine || seen.has(startLine)) continue;
    // VS Code keeps one range per start line; the first (outermost) is what users expect.
    seen.add(startLine);
    const r: LspFoldingRange = { startLine, endLine };
    if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
    else if (f.kind === 'imports') r.kind = FoldingRangeKind.Imports;
    else if (f.kind === 'region') r.kind = FoldingRangeKind.Region;
    out.push(r);
  }
  return out;
}

function onlySpaceBefore(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** A chain of ranges, outermost first, as LSP wants it: the innermost with `parent` links outwards (`at` when empty). */
export function toSelectionRange(lines: LineIndex, chain: TextRange[], at: Position): SelectionRange {
  let parent: SelectionRange | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const r: SelectionRange = { range: toRange(lines, chain[i]!) };
    if (parent) r.parent = parent;
    parent = r;
  }
  return parent ?? { range: { start: at, end: at } };
}

export function pushSemanticTokens(lines: LineIndex, toks: SemanticToken[], builder: SemanticTokensBuilder): void {
  for (const t of toks) {
    const p = lines.positionAt(t.start);
    builder.push(p.line, p.character, t.length, t.type, t.modifiers);
  }
}

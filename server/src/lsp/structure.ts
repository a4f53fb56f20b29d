// Features about the shape of a document rather than its names: outline, folding, selection,
// semantic tokens, links, formatting, workspace symbols.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FoldingRangeKind,
  LSPErrorCodes,
  ResponseError,
  SemanticTokensBuilder,
  SymbolKind,
  type CancellationToken,
  type Connection,
  type DocumentSymbol,
  type FoldingRange as LspFoldingRange,
  type InitializeResult,
  type SelectionRange,
  type SemanticTokens,
  type SemanticTokensDelta,
  type SymbolInformation,
} from 'vscode-languageserver';
import type { DocumentState } from './documents';
import type { ServerState } from './server';
import { toRange, toTextRange, toEdit } from './convert';
import { resolvePathTarget } from './paths';
import type { Analysis } from '../analysis/index.js';
import { LineIndex } from '../syntax/index.js';
import { documentSymbols, workspaceSymbols, type DocSymbol, type DocSymbolKind } from '../ide/symbols';
import { foldingRanges } from '../ide/folding';
import { selectionRanges } from '../ide/selectionRanges';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens, type SemanticToken } from '../ide/semanticTokens';
import { documentLinks, urlForReference } from '../ide/links';
import { minimalEdits } from '../ide/textDiff';
import { formatNix } from '../system/formatter';

export const SEMANTIC_LEGEND = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES] as string[],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] as string[],
};

export function structureCapabilities(): Partial<InitializeResult['capabilities']> {
  return {
    documentSymbolProvider: { label: 'Nix' },
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: { delta: true }, range: true },
    documentLinkProvider: { resolveProvider: false },
    documentFormattingProvider: true,
  };
}

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

function toDocumentSymbol(lines: LineIndex, s: DocSymbol): DocumentSymbol {
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

/** Folding ranges end on the line before the closing token, so `}` stays visible when folded. */
export function toFoldingRanges(text: string, lines: LineIndex, ranges: ReturnType<typeof foldingRanges>): LspFoldingRange[] {
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

function buildTokens(lines: LineIndex, toks: SemanticToken[], builder: SemanticTokensBuilder): void {
  for (const t of toks) {
    const p = lines.positionAt(t.start);
    builder.push(p.line, p.character, t.length, t.type, t.modifiers);
  }
}

export function registerStructureFeatures(
  connection: Connection,
  state: ServerState,
  docFor: (uri: string, token: CancellationToken) => DocumentState | undefined,
  contentModified: () => ResponseError<void>,
): void {
  // These features read the tree alone: a file over the size limit gets them too (names unresolved).
  const withTree = (uri: string, token: CancellationToken): { s: DocumentState; a: Analysis } | undefined => {
    const s = docFor(uri, token);
    return s ? { s, a: s.syntax } : undefined;
  };

  connection.onDocumentSymbol((params, token) => {
    const d = withTree(params.textDocument.uri, token);
    if (!d) return null;
    return documentSymbols(d.a).map((s) => toDocumentSymbol(d.s.lines, s));
  });

  connection.onWorkspaceSymbol((params, token) => {
    if (token.isCancellationRequested) return null;
    const open = new Map<string, Analysis>();
    for (const doc of state.documents.all()) {
      const a = state.cache.get(doc).analysis;
      if (a) open.set(doc.uri, a);
    }
    const files = state.workspace.files(open);
    const lineCache = new Map<string, LineIndex>();
    const byUri = new Map(files.map((f) => [f.uri, f.analysis]));
    return workspaceSymbols(files, params.query).map((w): SymbolInformation => {
      let lines = lineCache.get(w.uri);
      if (!lines) {
        lines = new LineIndex(byUri.get(w.uri)!.text);
        lineCache.set(w.uri, lines);
      }
      const info: SymbolInformation = {
        name: w.name,
        kind: SYMBOL_KIND[w.kind as DocSymbolKind] ?? SymbolKind.Variable,
        location: { uri: w.uri, range: toRange(lines, w.range) },
      };
      if (w.containerName) info.containerName = w.containerName;
      return info;
    });
  });

  connection.onFoldingRanges((params, token) => {
    const d = withTree(params.textDocument.uri, token);
    if (!d) return null;
    return toFoldingRanges(d.s.text, d.s.lines, foldingRanges(d.a));
  });

  connection.onSelectionRanges((params, token) => {
    const d = withTree(params.textDocument.uri, token);
    if (!d) return null;
    const chains = selectionRanges(d.a, params.positions.map((p) => d.s.lines.offsetAt(p)));
    return chains.map((chain) => {
      // LSP wants the innermost range with a `parent` link outwards.
      let parent: SelectionRange | undefined;
      for (let i = chain.length - 1; i >= 0; i--) {
        const r: SelectionRange = { range: toRange(d.s.lines, chain[i]!) };
        if (parent) r.parent = parent;
        parent = r;
      }
      return parent ?? { range: { start: params.positions[0]!, end: params.positions[0]! } };
    });
  });

  // One builder per document keeps the previous result, so a delta request sends only what changed.
  const builders = new Map<string, SemanticTokensBuilder>();
  state.documents.onDidClose((e) => builders.delete(e.document.uri));

  const fullTokens = (uri: string, token: CancellationToken): SemanticTokens => {
    const d = withTree(uri, token);
    if (!d) return { data: [] };
    const builder = new SemanticTokensBuilder();
    buildTokens(d.s.lines, semanticTokens(d.a), builder);
    builders.set(uri, builder);
    return builder.build();
  };

  connection.languages.semanticTokens.on((params, token) => fullTokens(params.textDocument.uri, token));

  connection.languages.semanticTokens.onDelta((params, token): SemanticTokens | SemanticTokensDelta => {
    const uri = params.textDocument.uri;
    const previous = builders.get(uri);
    const d = withTree(uri, token);
    if (!d) return { data: [] };
    if (!previous || !previous.canBuildEdits || (previous.id !== params.previousResultId)) return fullTokens(uri, token);
    previous.previousResult(params.previousResultId);
    buildTokens(d.s.lines, semanticTokens(d.a), previous);
    return previous.buildEdits();
  });

  connection.languages.semanticTokens.onRange((params, token) => {
    const d = withTree(params.textDocument.uri, token);
    if (!d) return { data: [] };
    const builder = new SemanticTokensBuilder();
    buildTokens(d.s.lines, semanticTokens(d.a, toTextRange(d.s.lines, params.range)), builder);
    return builder.build();
  });

  connection.onDocumentLinks((params, token) => {
    const d = withTree(params.textDocument.uri, token);
    if (!d) return null;
    const out = [];
    for (const link of documentLinks(d.a)) {
      let target: string | undefined;
      if (link.kind === 'url') target = urlForReference(link.target) ?? link.target;
      else if (link.kind === 'path') target = resolvePathTarget(d.s.uri, link.target);
      else target = resolveSearchPath(link.target);
      if (target) out.push({ range: toRange(d.s.lines, link.range), target });
    }
    return out;
  });

  connection.onDocumentFormatting(async (params, token) => {
    const s = docFor(params.textDocument.uri, token);
    if (!s) return null;
    // Formatting runs an external program: only in a folder the user trusts.
    if (!state.trusted) {
      void connection.window.showWarningMessage('Formatting runs an external formatter, which is only done in a trusted workspace.');
      return [];
    }
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let cwd: string | undefined;
    try {
      if (s.uri.startsWith('file:')) cwd = path.dirname(fileURLToPath(s.uri));
    } catch {
      cwd = undefined;
    }
    try {
      const result = await formatNix(s.text, { command: state.settings.formatterCommand, cwd, signal: abort.signal });
      const now = state.documents.get(s.uri);
      if (!now || now.version !== s.version) throw contentModified();
      // Cancelled while the formatter ran (it was stopped): an error, as for a request cancelled before it ran.
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
      if (!result.ok) {
        void connection.window.showWarningMessage(result.reason);
        return [];
      }
      return minimalEdits(s.text, result.text).map((e) => toEdit(s.lines, e));
    } finally {
      sub.dispose();
    }
  });
}

/** `<nixpkgs/lib>` → the file it names through NIX_PATH, when that resolves on this machine. */
function resolveSearchPath(target: string): string | undefined {
  const nixPath = process.env.NIX_PATH ?? '';
  const [head, ...rest] = target.split('/');
  for (const entry of nixPath.split(':')) {
    if (!entry) continue;
    // `name=dir` entries serve `<name/...>`; bare `dir` entries serve any `<x/...>` found inside them.
    const eq = entry.indexOf('=');
    const candidate = eq < 0 ? path.join(entry, target) : entry.slice(0, eq) === head ? path.join(entry.slice(eq + 1), ...rest) : undefined;
    const uri = candidate && resolvePathTarget('file:///', candidate);
    if (uri) return uri;
  }
  return undefined;
}

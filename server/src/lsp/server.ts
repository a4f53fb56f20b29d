import {
  CodeActionKind,
  CompletionItemKind,
  DocumentHighlightKind,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction as LspCodeAction,
  type CompletionItem,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../version';
import { TRUST_CHANGED, type InitializationOptions, type TrustChangedParams } from '../protocol/messages';
import { DocumentCache, diagnosticsOf, type DocumentState } from './documents';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { toDiagnostic, toEdit, toRange, toTextRange, type DiagnosticData } from './convert';
import { resolvePathTarget } from './paths';
import { registerStructureFeatures, structureCapabilities } from './structure';
import { registerSystemRequests } from './systemRequests';
import { WorkspaceIndex } from './workspaceIndex';
import { hover } from '../ide/hover';
import { definition, documentHighlights, references } from '../ide/navigation';
import { prepareRename, rename } from '../ide/rename';
import { builtinDoc, complete, type CompletionEntry } from '../ide/completion';
import { codeActions } from '../ide/codeActions';
import { inlayHints } from '../ide/inlayHints';
import type { Diagnostic } from '../ide/types';
import { embeddedKnowledge, knowledgeFromDump, type Knowledge } from '../knowledge/builtins';
import { dumpBuiltins } from '../system/builtinsDump';

/** Diagnostics beyond this many per file help nobody and cost the editor time. */
export const MAX_DIAGNOSTICS = 500;

/** Server-wide state that handlers read; one per connection. */
export interface ServerState {
  trusted: boolean;
  settings: Settings;
  knowledge: Knowledge;
  documents: TextDocuments<TextDocument>;
  cache: DocumentCache;
  workspace: WorkspaceIndex;
  /** Resolves when every scheduled diagnostics run has been published (for tests and benchmarks). */
  idle(): Promise<void>;
}

export function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['.'], resolveProvider: true },
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    codeActionProvider: {
      codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite],
    },
    inlayHintProvider: true,
    ...structureCapabilities(),
  };
}

/** Thrown by handlers whose request was cancelled, or whose document changed under them. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}
export function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while the request ran.');
}

/** Wires the language server onto a connection (stdio in production, in-memory streams in tests). */
export function startServer(connection: Connection): ServerState {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  const cache = new DocumentCache(() => settings.maxFileSize);
  const state: ServerState = {
    trusted: false,
    get settings() {
      return settings;
    },
    knowledge: embeddedKnowledge(),
    documents,
    cache,
    workspace: new WorkspaceIndex(() => settings.maxFileSize),
    idle: () => diagnosticsIdle(),
  };

  /** The document state for a request, or a cancellation error when the request is already stale. */
  const docFor = (uri: string, token: CancellationToken): DocumentState | undefined => {
    if (token.isCancellationRequested) throw cancelled();
    const doc = documents.get(uri);
    return doc ? cache.get(doc) : undefined;
  };

  // ---- settings, trust and builtin docs ----------------------------------------------------

  let knowledgeLoad: AbortController | undefined;
  const loadKnowledge = () => {
    // Running the configured `nix` is only allowed once the user trusts the folder.
    if (!state.trusted) return;
    knowledgeLoad?.abort();
    const load = (knowledgeLoad = new AbortController());
    void dumpBuiltins(settings.nixPath, load.signal).then((json) => {
      if (load.signal.aborted) return;
      if (json) {
        state.knowledge = knowledgeFromDump(json);
        connection.console.info(`Builtin documentation read from ${settings.nixPath} (${state.knowledge.builtins.size} builtins).`);
      } else {
        // Drop docs read from a previously configured nix: what the log says is what is served.
        state.knowledge = embeddedKnowledge();
        connection.console.info(`Could not run \`${settings.nixPath} __dump-builtins\`; using the embedded builtin documentation.`);
      }
    });
  };

  const applySettings = (next: Settings) => {
    const changed = JSON.stringify(next) !== JSON.stringify(settings);
    if (!changed) return;
    const nixChanged = next.nixPath !== settings.nixPath;
    settings = next;
    cache.clear();
    state.workspace.clear();
    if (nixChanged) loadKnowledge();
    for (const doc of documents.all()) scheduleDiagnostics(doc.uri);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    state.trusted = options.trusted === true;
    if (options.settings !== undefined) settings = readSettings(options.settings);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    state.workspace.setFolders(folders);
    return {
      capabilities: capabilities(),
      serverInfo: { name: 'nix-humanity', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`nix-humanity ${VERSION} ready (${state.trusted ? 'trusted' : 'untrusted'} workspace).`);
    loadKnowledge();
  });

  connection.onNotification(TRUST_CHANGED, (params: TrustChangedParams) => {
    const was = state.trusted;
    state.trusted = params.trusted === true;
    if (state.trusted && !was) loadKnowledge();
  });

  connection.onDidChangeConfiguration((params) => applySettings(readSettings(params.settings)));
  registerSystemRequests(connection);

  // ---- diagnostics -------------------------------------------------------------------------

  // Changes arrive one message per keystroke; diagnostics run once the queue of changes is
  // drained (setImmediate), on the newest version only.
  const pending = new Map<string, NodeJS.Immediate>();
  const largeNoticeShown = new Set<string>();
  let idleWaiters: Array<() => void> = [];

  function diagnosticsIdle(): Promise<void> {
    if (pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  function scheduleDiagnostics(uri: string): void {
    const previous = pending.get(uri);
    if (previous) clearImmediate(previous);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        try {
          publishDiagnostics(uri);
        } finally {
          if (pending.size === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w();
          }
        }
      }),
    );
  }

  function publishDiagnostics(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    const s = cache.get(doc);
    let found: Diagnostic[];
    try {
      found = diagnosticsOf(s);
    } catch (error) {
      // A bug in one check must not take the server down; say so once and keep going.
      connection.console.error(`Diagnostics failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
      return;
    }
    if (s.large && !largeNoticeShown.has(uri)) {
      largeNoticeShown.add(uri);
      void connection.window.showInformationMessage(
        `${baseName(uri)} is larger than nixHumanity.maxFileSize (${settings.maxFileSize} characters): ` +
          'it gets syntax errors, the outline, folding and highlighting by syntax, but no name resolution (hover, completion, rename, undefined names), to keep memory bounded. Raise the setting to get every feature.',
      );
    }
    const lspDiagnostics = found.slice(0, MAX_DIAGNOSTICS).map((d) => toDiagnostic(s.lines, d, uri, s.version));
    void connection.sendDiagnostics({ uri, version: s.version, diagnostics: lspDiagnostics });
  }

  documents.onDidOpen((e) => scheduleDiagnostics(e.document.uri));
  documents.onDidChangeContent((e) => scheduleDiagnostics(e.document.uri));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    cache.forget(e.document.uri);
    largeNoticeShown.delete(e.document.uri);
    // Closed files keep no squiggles: the Problems panel only lists what is open.
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  // ---- features on names -------------------------------------------------------------------

  connection.onHover((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const h = hover(a, s.lines.offsetAt(params.position), state.knowledge);
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(s.lines, h.range) };
  });

  connection.onDefinition((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const out: Location[] = [];
    for (const target of definition(a, s.lines.offsetAt(params.position))) {
      if ('range' in target) {
        out.push({ uri: s.uri, range: toRange(s.lines, target.range) });
      } else {
        const file = resolvePathTarget(s.uri, target.path);
        if (file) out.push({ uri: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
      }
    }
    return out;
  });

  connection.onReferences((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    return references(a, s.lines.offsetAt(params.position), params.context.includeDeclaration).map((r) => ({
      uri: s.uri,
      range: toRange(s.lines, r),
    }));
  });

  connection.onDocumentHighlight((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    return documentHighlights(a, s.lines.offsetAt(params.position)).map((h) => ({
      range: toRange(s.lines, h.range),
      kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  });

  connection.onPrepareRename((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const r = prepareRename(a, s.lines.offsetAt(params.position));
    if ('error' in r) throw new ResponseError(-32803 /* RequestFailed */, r.error);
    return { range: toRange(s.lines, r.range), placeholder: r.placeholder };
  });

  connection.onRenameRequest((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const r = rename(a, s.lines.offsetAt(params.position), params.newName);
    if ('error' in r) throw new ResponseError(-32803 /* RequestFailed */, r.error);
    return { changes: { [s.uri]: r.edits.map((e) => toEdit(s.lines, e)) } };
  });

  connection.onCompletion((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const entries = complete(a, s.lines.offsetAt(params.position), state.knowledge);
    // Hundreds of names in scope make answers slow to send and to filter; past the limit the
    // list is marked incomplete, so the editor asks again as the word grows (as rust-analyzer does).
    const items = entries.slice(0, COMPLETION_LIMIT).map(toCompletionItem);
    return { isIncomplete: entries.length > COMPLETION_LIMIT, items };
  });

  connection.onCompletionResolve((item) => {
    const name = (item.data as { builtin?: unknown } | undefined)?.builtin;
    if (typeof name !== 'string' || item.documentation) return item;
    const doc = builtinDoc(state.knowledge, name);
    if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
    return item;
  });

  connection.onCodeAction((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    const only = params.context.only;
    const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const out: LspCodeAction[] = [];
    for (const action of codeActions(a, toTextRange(s.lines, params.range))) {
      if (!wanted(action.kind)) continue;
      const edits: LspTextEdit[] = action.edits.map((e) => toEdit(s.lines, e));
      const lsp: LspCodeAction = {
        title: action.title,
        kind: action.kind,
        edit: { changes: { [s.uri]: edits } },
      };
      if (action.preferred) lsp.isPreferred = true;
      if (action.kind === 'quickfix') {
        // Tie the fix to the published diagnostics it resolves, so VS Code shows it on them.
        const related = params.context.diagnostics.filter((d) =>
          (d.data as DiagnosticData | undefined)?.fixes?.some((f) => f.title === action.title),
        );
        if (related.length) lsp.diagnostics = related;
      }
      out.push(lsp);
    }
    return out;
  });

  connection.languages.inlayHint.on((params, token) => {
    const s = docFor(params.textDocument.uri, token);
    const a = s?.analysis;
    if (!s || !a) return null;
    return inlayHints(a, toTextRange(s.lines, params.range)).map((h) => ({
      position: s.lines.positionAt(h.offset),
      label: h.label,
      paddingLeft: true,
    }));
  });

  registerStructureFeatures(connection, state, docFor, contentModified);

  documents.listen(connection);
  connection.listen();
  return state;
}

/** The most completion items one answer carries. */
export const COMPLETION_LIMIT = 200;

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  variable: CompletionItemKind.Variable,
  argument: CompletionItemKind.Variable,
  function: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  property: CompletionItemKind.Property,
};

function toCompletionItem(e: CompletionEntry, index: number): CompletionItem {
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

function baseName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

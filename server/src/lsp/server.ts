// The language server assembled on one connection: its state, the
// diagnostics publisher, and the handlers of each area.
import { filePathOf } from './paths.js';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost } from '../ide/analysisHost.js';
import { embeddedKnowledge } from '../knowledge/builtins.js';
import { NixosIndex } from '../knowledge/nixosIndex.js';
import { deferredSources } from './deferredKnowledge.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { WorkspaceIndex } from './workspaceIndex.js';
import type { ServerState } from './serverState.js';
import { publishDiagnostics } from './publishDiagnostics.js';
import { registerConfiguration } from './configuration.js';
import { registerDisplay } from './handlers/display.js';
import { registerEditing } from './handlers/editing.js';
import { registerNavigation } from './handlers/navigation.js';
import { registerSystemRequests } from './systemRequests.js';
import { shutdownRuns } from './systemRun.js';
import { registerIntent } from './handlers/intent.js';

export type { ServerState } from './serverState.js';

/** Wires the language server onto a connection (stdio in production, in-memory streams in tests). */
export function startServer(connection: Connection): ServerState {
  const documents = new TextDocuments(TextDocument);
  // The index as loaded so far: empty until the first diagnostics are out (deferredKnowledge.ts).
  // Diagnostics read it as it is, and are published again when it changes; any other reader of
  // `server.nixos` has what was deferred read first.
  let index = new NixosIndex([]);
  const server: ServerState = {
    connection,
    trusted: false,
    settings: DEFAULT_SETTINGS,
    knowledge: embeddedKnowledge(),
    get nixos() {
      sources.loadDeferred();
      return index;
    },
    set nixos(next) {
      index = next;
    },
    documents,
    host: new AnalysisHost(() => server.settings.maxFileSize, () => index),
    workspace: new WorkspaceIndex(() => server.settings.maxFileSize),
    idle: () => diagnostics.idle(),
  };
  // (once the first diagnostics are written out, the deferred knowledge is read)
  const diagnostics = publishDiagnostics(server, () => sources.loadDeferred());
  // (required when first reloaded: what it imports loads after the first diagnostics too)
  const sources = deferredSources(
    () =>
      (require('./knowledgeSources') as typeof import('./knowledgeSources.js')).knowledgeSources(server, () => {
        for (const doc of documents.all()) diagnostics.schedule(doc.uri);
      }),
    (error) => connection.console.error(`Reading the NixOS knowledge failed: ${error instanceof Error ? error.stack : String(error)}`),
  );
  registerConfiguration(server, diagnostics.schedule, sources);
  documents.onDidChangeContent((e) => {
    if (e.document.uri.startsWith('file:')) sources.moduleChanged();
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = filePathOf(change.uri);
      if (file?.endsWith('.nix')) sources.moduleChanged(file);
    }
  });
  // One shutdown handler (a connection keeps only the last one): stop the knowledge sources'
  // evaluations, cancel the background system runs, and let the operation runners go: each waits
  // its grace period for the next window's server (a reload), else cancels its run.
  connection.onShutdown(async () => {
    sources.stop();
    await shutdownRuns();
  });
  registerDisplay(server);
  registerNavigation(server);
  registerEditing(server);
  registerSystemRequests(server.connection);
  registerIntent(server, () => server.nixos);

  documents.listen(connection);
  connection.listen();
  return server;
}

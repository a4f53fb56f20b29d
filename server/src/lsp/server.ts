// The language server assembled on one connection: its state, the
// diagnostics publisher, and the handlers of each area.
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost } from '../ide/analysisHost.js';
import { embeddedKnowledge } from '../knowledge/builtins.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { WorkspaceIndex } from './workspaceIndex.js';
import type { ServerState } from './serverState.js';
import { publishDiagnostics } from './publishDiagnostics.js';
import { registerConfiguration } from './configuration.js';
import { registerDisplay } from './handlers/display.js';
import { registerEditing } from './handlers/editing.js';
import { registerNavigation } from './handlers/navigation.js';
import { registerSystemRequests } from './systemRequests.js';
import { registerIntent } from './handlers/intent.js';
import { NixosIndex } from '../knowledge/nixosIndex.js';

export type { ServerState } from './serverState.js';

/** Wires the language server onto a connection (stdio in production, in-memory streams in tests). */
export function startServer(connection: Connection): ServerState {
  const documents = new TextDocuments(TextDocument);
  const server: ServerState = {
    connection,
    trusted: false,
    settings: DEFAULT_SETTINGS,
    knowledge: embeddedKnowledge(),
    documents,
    host: new AnalysisHost(() => server.settings.maxFileSize),
    workspace: new WorkspaceIndex(() => server.settings.maxFileSize),
    idle: () => diagnostics.idle(),
  };
  const diagnostics = publishDiagnostics(server);
  registerConfiguration(server, diagnostics.schedule);
  registerDisplay(server);
  registerNavigation(server);
  registerEditing(server);
  registerSystemRequests(server.connection);
  // The NixOS index the knowledge sources keep on the server (`nixos`), once they do; empty till then.
  const noIndex = new NixosIndex([]);
  registerIntent(server, () => (server as ServerState & { nixos?: NixosIndex }).nixos ?? noIndex);

  documents.listen(connection);
  connection.listen();
  return server;
}

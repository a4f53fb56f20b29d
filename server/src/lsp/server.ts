import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../version';
import { TRUST_CHANGED, type InitializationOptions, type TrustChangedParams } from './protocol';

/** Server-wide state that handlers read; one per connection. */
export interface ServerState {
  trusted: boolean;
  documents: TextDocuments<TextDocument>;
}

export function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
  };
}

/** Wires the language server onto a connection (stdio in production, in-memory streams in tests). */
export function startServer(connection: Connection): ServerState {
  const documents = new TextDocuments(TextDocument);
  const state: ServerState = { trusted: false, documents };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    state.trusted = options.trusted === true;
    return {
      capabilities: capabilities(),
      serverInfo: { name: 'nix-humanity', version: VERSION },
    };
  });

  connection.onNotification(TRUST_CHANGED, (params: TrustChangedParams) => {
    state.trusted = params.trusted === true;
  });

  documents.listen(connection);
  connection.listen();
  return state;
}

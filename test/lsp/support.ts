// The real server on an in-process connection: two pipes, the same JSON-RPC framing as stdio.
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerState } from '../../server/src/lsp/server.js';
import { serverConnectionOptions } from '../../server/src/lsp/stdio.js';
import { GuardedMessageReader } from '../../server/src/lsp/transport.js';

export interface Session {
  client: ProtocolConnection;
  server: ServerState;
  init: InitializeResult;
  /** Raw bytes into the server's input, for malformed-message tests. */
  toServer: PassThrough;
  /** Frames the server could not follow (where the stdio server exits). */
  fatal: Error[];
  /** Messages the server showed the user. */
  messages: string[];
  /** The server's log (window/logMessage), from the start. */
  logs: string[];
  /** Resolves with the first log line (past or future) matching `re`. */
  waitLog(re: RegExp, ms?: number): Promise<string>;
  /** Opens a document and waits for its first diagnostics. */
  open(uri: string, text: string): Promise<Diagnostic[]>;
  /** Replaces a range (or everything) and bumps the version; resolves with that version's diagnostics. */
  change(uri: string, text: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<Diagnostic[]>;
  diagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  /** Every publish seen so far for a URI, oldest first. */
  published(uri: string): PublishDiagnosticsParams[];
  /** Resolves with the first publish (past or future) for which `test` holds. */
  waitFor(uri: string, test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  close(): void;
}

export async function startSession(options: { trusted?: boolean; settings?: unknown; rootUri?: string | null; capabilities?: ClientCapabilities } = {}): Promise<Session> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const writer = new StreamMessageWriter(toClient);
  const fatal: Error[] = [];
  // The framing and lifecycle guard of the stdio server; a fatal frame is recorded, not an exit.
  const reader = new GuardedMessageReader(toServer, { reply: (m) => void writer.write(m), onFatal: (e) => fatal.push(e) });
  const serverConnection = createConnection(reader, writer, serverConnectionOptions());
  const server = startServer(serverConnection);
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));

  const waiting = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  const log = new Map<string, PublishDiagnosticsParams[]>();
  const watchers: Array<{ uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    log.set(p.uri, [...(log.get(p.uri) ?? []), p]);
    for (let i = watchers.length - 1; i >= 0; i--) {
      const w = watchers[i]!;
      if (w.uri === p.uri && w.test(p)) {
        watchers.splice(i, 1);
        w.resolve(p);
      }
    }
    const list = waiting.get(p.uri);
    const next = list?.shift();
    if (next) next(p);
  });
  // Server-to-client requests the server may make (workspace/configuration, showMessage) get empty answers.
  const messages: string[] = [];
  client.onRequest('window/showMessageRequest', (p: { message: string }) => {
    messages.push(p.message);
    return null;
  });
  client.onNotification('window/showMessage', (p: { message: string }) => {
    messages.push(p.message);
  });
  client.onRequest('workspace/configuration', () => []);
  const logs: string[] = [];
  const logWatchers: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  client.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    for (let i = logWatchers.length - 1; i >= 0; i--) {
      if (logWatchers[i]!.re.test(p.message)) logWatchers.splice(i, 1)[0]!.resolve(p.message);
    }
  });
  client.listen();

  const init = await client.sendRequest(InitializeRequest.type, {
    // A real pid would make the server poll for its parent every few seconds and keep mocha alive.
    processId: null,
    rootUri: options.rootUri ?? null,
    capabilities: options.capabilities ?? {},
    initializationOptions: { trusted: options.trusted ?? false, settings: options.settings },
  });
  await client.sendNotification(InitializedNotification.type, {});

  const versions = new Map<string, number>();
  const diagnostics = (uri: string) =>
    new Promise<PublishDiagnosticsParams>((resolve) => {
      const list = waiting.get(uri) ?? [];
      list.push(resolve);
      waiting.set(uri, list);
    });

  return {
    client,
    server,
    init,
    toServer,
    fatal,
    messages,
    logs,
    waitLog(re, ms = 5_000) {
      const seen = logs.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log matching ${re}; logs: ${JSON.stringify(logs)}`)), ms);
        logWatchers.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    diagnostics,
    published: (uri) => log.get(uri) ?? [],
    waitFor(uri, test) {
      const seen = (log.get(uri) ?? []).find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => watchers.push({ uri, test, resolve }));
    },
    async open(uri, text) {
      versions.set(uri, 1);
      const d = diagnostics(uri);
      await client.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'nix', version: 1, text },
      });
      return (await d).diagnostics;
    },
    async change(uri, text, range) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      // (not simply the next publish: an earlier version's may come first, published again with
      // the NixOS checks once the deferred knowledge is in)
      const d = new Promise<PublishDiagnosticsParams>((resolve) => watchers.push({ uri, test: (p) => p.version === version, resolve }));
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [range ? { range, text } : { text }],
      });
      return (await d).diagnostics;
    },
    close() {
      client.dispose();
      serverConnection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
}

/** `$0` marks a position; returns the text without it and the LSP position. */
export function cursor(src: string): { text: string; position: { line: number; character: number } } {
  const i = src.indexOf('$0');
  if (i < 0) throw new Error('no $0 marker');
  const before = src.slice(0, i);
  const line = before.split('\n').length - 1;
  const character = i - (before.lastIndexOf('\n') + 1);
  return { text: before + src.slice(i + 2), position: { line, character } };
}

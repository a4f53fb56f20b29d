import { createConnection, ProposedFeatures, LSPErrorCodes, type ConnectionOptions } from 'vscode-languageserver/node';
import { startServer } from './server';

/**
 * A request cancelled before it started is answered at once with RequestCancelled, instead of
 * being computed for nobody and answered late.
 */
export function serverConnectionOptions(): ConnectionOptions {
  return {
    connectionStrategy: {
      cancelUndispatched: (message) => {
        const id = (message as { id?: number | string | null }).id;
        if (id === undefined) return undefined;
        return { jsonrpc: '2.0', id, error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled.' } };
      },
    },
  };
}

/** Runs the server on stdin/stdout until the client says exit; resolves when the connection closes. */
export function startStdioServer(): Promise<void> {
  // Anything printed to stdout would corrupt the protocol stream: route console output to stderr.
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout, serverConnectionOptions());
  startServer(connection);
  return new Promise((resolve) => connection.onExit(() => resolve()));
}

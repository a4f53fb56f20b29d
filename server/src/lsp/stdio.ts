import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Runs the server on stdin/stdout until the client says exit; resolves when the connection closes. */
export function startStdioServer(): Promise<void> {
  // Anything printed to stdout would corrupt the protocol stream: route console output to stderr.
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  return new Promise((resolve) => connection.onExit(() => resolve()));
}

import { createConnection, ProposedFeatures, LSPErrorCodes, type ConnectionOptions } from 'vscode-languageserver/node';
import { FdMessageWriter } from './fdStdio';
import { startServer } from './server';
import { useRunnerProcess } from './systemRun';
import { dispatched, GuardedMessageReader } from './transport';

/**
 * A request cancelled before it started is answered at once with RequestCancelled, instead of
 * being computed for nobody and answered late. Every dispatch is counted (see `dispatched`).
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
    messageStrategy: {
      handleMessage: (message, next) => {
        dispatched.count++;
        return next(message);
      },
    },
  };
}

/** Runs the server on stdin/stdout until the client says exit; resolves when the connection closes. */
export function startStdioServer(): Promise<void> {
  // Anything printed to stdout would corrupt the protocol stream: route console output to stderr.
  console.log = console.error;
  console.info = console.error;
  // (stdout written through its descriptor, not Node's stream: lsp/fdStdio.ts)
  const writer = new FdMessageWriter(() => gone());
  const reader = new GuardedMessageReader(process.stdin, {
    reply: (message) => void writer.write(message).catch(() => undefined),
    // Out of step with the client for good: exit with an error, and the client starts a new server.
    onFatal: (error) => {
      process.stderr.write(`nix-humanity lsp: ${error.message}\n`);
      process.exit(1);
    },
  });
  // The client is gone (its end of stdin closed, or of stdout): stop, with an error unless it said shutdown.
  const gone = () => process.exit(reader.shutdownReceived ? 0 : 1);
  process.stdin.on('end', gone);
  process.stdin.on('close', gone);
  // What the person asks for runs in an operation runner: this same CLI (the script this process
  // runs) with `__runner`, so that it survives a window reload.
  const script = process.argv[1];
  // NIX_HUMANITY_RUNNER=off keeps runs in the server (the measurements' reference; runs then stop with it).
  const runner = process.env.NIX_HUMANITY_RUNNER !== 'off' && script && /\.c?js$/.test(script);
  useRunnerProcess(runner ? { command: process.execPath, args: [script] } : undefined);
  // A signal to the server itself (not a reload) stops its runners at once (each cancels its run).
  // cli/main.ts handles the signal too; when it exits, exec.ts stopAllNow has done the same.
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, () => (require('../system/exec') as typeof import('../system/exec')).stopDetachedNow());
  const connection = createConnection(ProposedFeatures.all, reader, writer, serverConnectionOptions());
  startServer(connection);
  return new Promise((resolve) => connection.onExit(() => resolve()));
}

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  ShutdownRequest,
  ExitNotification,
  StreamMessageReader,
  StreamMessageWriter,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.cjs');

/** Starts the bundled `nix-humanity lsp --stdio` exactly as another editor would. */
function startServerProcess(args = ['lsp', '--stdio']): { child: ChildProcess; connection: ProtocolConnection } {
  assert.ok(existsSync(cli), `${cli} is missing: run 'npm run build' first (npm test does it).`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.listen();
  return { child, connection };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('language server over stdio (the bundled binary)', () => {
  it('answers initialize with its capabilities and server info, then shuts down cleanly', async () => {
    const { child, connection } = startServerProcess();
    try {
      const result = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { trusted: false },
      });
      assert.equal(result.serverInfo?.name, 'nix-humanity');
      assert.match(result.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
      const sync = result.capabilities.textDocumentSync;
      assert.ok(sync && typeof sync === 'object', 'textDocumentSync must be an options object');
      assert.equal(sync.openClose, true);
      assert.equal(sync.change, 2, 'incremental sync');

      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await exited(child), 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('prints nothing but protocol frames on stdout', async () => {
    const { child, connection } = startServerProcess();
    const raw: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => raw.push(b));
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      const text = Buffer.concat(raw).toString('utf8');
      assert.match(text, /^Content-Length: \d+\r\n\r\n\{/);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('accepts the arguments vscode-languageclient adds and publishes diagnostics for an opened file', async () => {
    // The client appends its own --stdio and --clientProcessId=PID to the configured arguments.
    const { child, connection } = startServerProcess(['lsp', '--stdio', '--stdio', `--clientProcessId=${process.pid}`]);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b));
    try {
      const published = new Promise<PublishDiagnosticsParams>((resolve) =>
        connection.onNotification(PublishDiagnosticsNotification.type, resolve),
      );
      await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: 'file:///tmp/broken.nix', languageId: 'nix', version: 1, text: '{\n  a = 1\n  b = 2;\n}\n' },
      });
      const p = await Promise.race([
        published,
        exited(child).then((code) => assert.fail(`the server exited (${code}): ${stderr}`)),
      ]);
      // the missing `;` is shown at the end of the value that lacks it
      assert.equal(p.diagnostics[0]?.range.start.line, 1, JSON.stringify(p));
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

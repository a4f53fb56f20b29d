// A window as the tests of reloads and restarts need one: a real language-server process
// (dist/cli.cjs lsp --stdio, as the extension starts it) on a JSON-RPC connection, answering the
// server's askpass question (nixHumanity/systemAskpass) as extension.ts does: with this window's
// askpass program, or none.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SYSTEM_ASKPASS } from '../../server/src/protocol/askpass';
import { SYSTEM_EVENT, type SystemEventParams } from '../../server/src/protocol/systemRun';
import type { Machine } from '../system/runner/support';
import { root } from '../support/vsix';

export const CLI = path.join(root, 'dist', 'cli.cjs');

export class Window {
  readonly server: ChildProcess;
  readonly connection: MessageConnection;
  readonly events: SystemEventParams[] = [];
  /** When each event (id:seq) arrived here. */
  readonly received = new Map<string, number>();
  stderr = '';

  constructor(m: Machine, askpassProgram: string | undefined, env: Record<string, string> = {}) {
    this.server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], {
      env: { ...process.env, NIX_HUMANITY_RUNS_DIR: path.join(m.dir, 'runs'), NIX_HUMANITY_NO_COMPILE_CACHE: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.connection = createMessageConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onNotification(SYSTEM_EVENT, (e) => {
      this.events.push(e);
      this.received.set(`${e.id}:${e.seq}`, Date.now());
    });
    this.connection.onRequest(SYSTEM_ASKPASS, () => (askpassProgram ? { program: askpassProgram } : {}));
    this.connection.onError(() => undefined);
    this.connection.onClose(() => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { trusted: true } });
    await this.connection.sendNotification('initialized', {});
  }

  /** As a window reload or Restart Language Server ends it: shutdown, exit, then the connection goes. */
  async reload(): Promise<void> {
    const exited = new Promise((r) => this.server.once('exit', r));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await exited;
    this.connection.dispose();
  }

  /** As a crash or the OOM killer ends it. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const exited = new Promise((r) => this.server.once('exit', r));
    this.server.kill(signal);
    await exited;
    this.connection.dispose();
  }

  get alive(): boolean {
    return this.server.exitCode === null && this.server.signalCode === null;
  }
}

/**
 * A strict stand-in sudo in `dir`/bin: with -A it runs $SUDO_ASKPASS for the password, refusing
 * a wrong one. It compares with `dir`/expected (outside the runs and state folders), so the script
 * holds no password; a test that searches `dir` removes that file first.
 */
export function standinSudo(dir: string, secret: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh
[ "$1" = -A ] || { echo "sudo: a password is required" >&2; exit 1; }
pw=$("$SUDO_ASKPASS" "[sudo] password for me: ") || { echo "sudo: no password was provided" >&2; exit 1; }
[ "$pw" = "$(cat ${path.join(dir, 'expected')})" ] || { echo "sudo: 1 incorrect password attempt" >&2; exit 1; }
while [ "$1" != -- ]; do shift; done
shift
exec "$@"
`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'expected'), secret, { mode: 0o600 });
  return bin;
}

// Root without a terminal: sudo -A runs SUDO_ASKPASS, which is our helper (dist/askpass.cjs). It
// asks the extension over a Unix socket in a private folder (mode 0700, random name), proving
// itself with a one-time token read from a file in that folder, and prints the answer for sudo.
// The password travels socket -> helper's stdout -> sudo only: never stored, logged, in argv or
// in the environment. Free of vscode (the prompt is passed in), so it is tested in Node.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAskpassRequest } from '../../server/src/protocol/askpass';

/**
 * Asks the person; undefined when they dismissed it. `gone` aborts when the asker went away (sudo
 * stopped: the run was cancelled; the runner's relay gave up): the box should close then.
 */
export type AskPassword = (prompt: string, gone: AbortSignal) => Promise<string | undefined>;

export interface AskpassServer {
  /** The program for SUDO_ASKPASS. */
  program: string;
  /** The folder it all lives in (0700). */
  dir: string;
  /** Called when a prompt starts and ends (the webview says it is waiting). */
  onPrompt(listener: (waiting: boolean, prompt: string) => void): void;
  close(): void;
}


/**
 * Starts the socket. `node` runs the helper (the extension host's own binary, which in VS Code
 * is Electron, hence ELECTRON_RUN_AS_NODE); `helper` is dist/askpass.cjs.
 */
export async function startAskpass(ask: AskPassword, node: string, helper: string): Promise<AskpassServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nh-askpass-${randomBytes(6).toString('hex')}-`));
  fs.chmodSync(dir, 0o700);
  const socketPath = path.join(dir, 's');
  const tokenFile = path.join(dir, 'token');
  let token = newToken();
  const listeners: ((waiting: boolean, prompt: string) => void)[] = [];
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    let data = '';
    let handled = false;
    socket.setEncoding('utf8');
    socket.on('data', async (chunk: string) => {
      // One request a connection: anything after it is ignored.
      if (handled) return;
      data += chunk;
      const request = readAskpassRequest(data, token);
      if (request.kind === 'incomplete') return;
      handled = true;
      if (request.kind === 'malformed') return socket.destroy();
      if (request.kind === 'refused') return socket.end(JSON.stringify({ ok: false }) + '\n');
      // One use: the next helper run needs the next token.
      token = newToken();
      const { prompt } = request;
      listeners.forEach((l) => l(true, prompt));
      const gone = new AbortController();
      socket.once('close', () => gone.abort());
      let answer: string | undefined;
      try {
        answer = await ask(prompt, gone.signal);
      } finally {
        listeners.forEach((l) => l(false, prompt));
      }
      socket.end(JSON.stringify(answer === undefined ? { ok: false } : { ok: true, password: answer }) + '\n');
      answer = undefined;
    });
    socket.on('error', () => undefined);
  });
  function newToken(): string {
    const t = randomBytes(32).toString('hex');
    fs.writeFileSync(tokenFile, t, { mode: 0o600 });
    return t;
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  const program = path.join(dir, 'askpass');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // sudo runs it with the prompt as its one argument; the folder is how it finds socket and token.
  fs.writeFileSync(program, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${quote(node)} ${quote(helper)} ${quote(dir)} "$@"\n`, { mode: 0o700 });
  return {
    program,
    dir,
    onPrompt: (listener) => void listeners.push(listener),
    close() {
      server.close();
      // A prompt still up (the window is going away: a reload) fails now: the helper gets no
      // password, so sudo fails cleanly instead of waiting for an answer that cannot come.
      for (const socket of open) socket.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The bundled language server over stdio under bad input (issue 15): malformed frames end it
// with an error (the client restarts it) or get a JSON-RPC error, never leave it deaf; bad
// params and URIs get errors, not crashes; an edit storm is diagnosed at its newest version
// with bounded lag and memory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.cjs');

interface Raw {
  child: ChildProcess;
  /** Messages read from the server, in order. */
  messages: Array<Record<string, unknown>>;
  send(message: unknown): void;
  frame(bytes: string | Buffer): void;
  /** Resolves with the first message (past or future) for which `test` holds. */
  waitFor(test: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** The server with a hand-written client: frames go in exactly as written. */
function start(): Raw {
  assert.ok(existsSync(cli), `${cli} is missing: run 'npm run build' first`);
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: Array<Record<string, unknown>> = [];
  const watchers: Array<{ test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  let buffer = Buffer.alloc(0);
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())![1]);
      if (buffer.length < end + 4 + length) return;
      const m = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as Record<string, unknown>;
      buffer = buffer.subarray(end + 4 + length);
      messages.push(m);
      for (let i = watchers.length - 1; i >= 0; i--) if (watchers[i]!.test(m)) watchers.splice(i, 1)[0]!.resolve(m);
    }
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin!.on('error', () => undefined);
  const frame = (bytes: string | Buffer) => child.stdin!.write(bytes);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    messages,
    frame,
    send(message) {
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      frame(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    },
    waitFor(test, ms = 20_000) {
      const seen = messages.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such message in ${ms} ms; got ${JSON.stringify(messages).slice(-2000)}`)), ms);
        watchers.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    exited,
    stderr: () => stderr,
  };
}

const response = (id: number) => (m: Record<string, unknown>) => m.id === id && !('method' in m);
const errorCode = (m: Record<string, unknown>) => (m.error as { code?: number } | undefined)?.code;

async function initialized(s: Raw): Promise<void> {
  s.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  await s.waitFor(response(0));
  s.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
}

/** Still serving: a hover request is answered. */
async function alive(s: Raw, id: number): Promise<void> {
  s.send({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///none.nix' }, position: { line: 0, character: 0 } } });
  await s.waitFor(response(id), 10_000);
}

const MALFORMED_HEADERS: Record<string, string> = {
  'no Content-Length': 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}',
  'a Content-Length that is no number': 'Content-Length: abc\r\n\r\n{}',
  'a negative Content-Length': 'Content-Length: -5\r\n\r\n{}',
  'a Content-Length over the limit': 'Content-Length: 99999999999\r\n\r\n{}',
  'a header line without a colon': 'Content-Length 2\r\n\r\n{}',
  'an unknown charset': 'Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}',
  'a header that never ends': 'X'.repeat(20_000),
  'a bare LF header': 'Content-Length: 2\n\n{}' + 'Y'.repeat(9000),
};

describe('language server over stdio under bad input', function () {
  this.timeout(120_000);
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });
  const server = () => {
    const s = start();
    running.push(s.child);
    return s;
  };

  for (const [what, bytes] of Object.entries(MALFORMED_HEADERS)) {
    it(`exits with an error on ${what}, so the client starts a new one`, async () => {
      const s = server();
      await initialized(s);
      s.frame(bytes);
      const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r('alive'), 10_000))]);
      assert.equal(code, 1, `exit ${String(code)}; stderr: ${s.stderr()}`);
      assert.match(s.stderr(), /Malformed LSP frame/);
    });
  }

  it('answers bad JSON -32700 and a non-object -32600, and keeps serving', async () => {
    const s = server();
    await initialized(s);
    s.frame('Content-Length: 9\r\n\r\n{"broken"');
    await s.waitFor((m) => errorCode(m) === -32700 && m.id === null);
    s.frame('Content-Length: 2\r\n\r\n[]');
    await s.waitFor((m) => errorCode(m) === -32600 && m.id === null);
    s.frame('Content-Length: 1\r\n\r\n7');
    await alive(s, 1);
  });

  it('refuses requests before initialize and after shutdown', async () => {
    const s = server();
    s.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a.nix' }, position: { line: 0, character: 0 } } });
    assert.equal(errorCode(await s.waitFor(response(1))), -32002);
    await initialized(s);
    await alive(s, 2);
    s.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
    await s.waitFor(response(3));
    await new Promise((r) => setTimeout(r, 100)); // the answer to shutdown is out; the next request comes later
    s.send({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a.nix' }, position: { line: 0, character: 0 } } });
    assert.equal(errorCode(await s.waitFor(response(4))), -32600);
    s.send({ jsonrpc: '2.0', method: 'exit' });
    assert.equal(await s.exited, 0);
  });

  it('answers bad params with InvalidParams, survives out-of-range positions and bad URIs', async () => {
    const s = server();
    await initialized(s);
    const uri = 'file:///home/u/big%ZZ.nix';
    // over maxFileSize (the notice once decoded the name with decodeURIComponent and crashed)
    s.send({ jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: { settings: { nixHumanity: { maxFileSize: 10 } } } });
    s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'nix', version: 1, text: '{ a = 1; b = c; }' } } });
    await s.waitFor((m) => m.method === 'textDocument/publishDiagnostics');
    const bad: unknown[] = [
      { textDocument: { uri }, position: null },
      { textDocument: { uri }, position: { line: -1, character: 0 } },
      { textDocument: { uri }, position: { line: 'a', character: 0 } },
      { textDocument: null, position: { line: 0, character: 0 } },
      null,
    ];
    let id = 10;
    for (const params of bad) {
      s.send({ jsonrpc: '2.0', id, method: 'textDocument/hover', params });
      assert.equal(errorCode(await s.waitFor(response(id))), -32602, JSON.stringify(params));
      id++;
    }
    const odd = ['file:///home/u/big%ZZ.nix', 'file://%%%/x.nix', 'untitled:Untitled-1', 'not a uri', '', 'file:///' + 'a/'.repeat(5000) + 'x.nix'];
    for (const u of odd) {
      s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: u, languageId: 'nix', version: 1, text: 'x: y' } } });
      for (const position of [{ line: 0, character: 0 }, { line: 1e9, character: 1e9 }, { line: 0, character: 2 ** 31 }]) {
        for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references']) {
          s.send({ jsonrpc: '2.0', id, method, params: { textDocument: { uri: u }, position, context: { includeDeclaration: true } } });
          const answer = await s.waitFor(response(id));
          assert.notEqual(errorCode(answer), -32603, JSON.stringify({ u, method, position, answer }));
          id++;
        }
      }
      s.send({ jsonrpc: '2.0', id, method: 'textDocument/documentLink', params: { textDocument: { uri: u } } });
      await s.waitFor(response(id++));
    }
    await alive(s, id);
    assert.equal(s.child.exitCode, null, s.stderr());
  });

  it('diagnoses an edit storm at its newest version, with bounded lag and memory', async () => {
    const s = server();
    await initialized(s);
    const uri = 'file:///storm/configuration.nix';
    // a 4 000-line module, then 3 000 versions typed into it as fast as the pipe takes them
    const lines = ['{ pkgs, ... }:', '{'];
    for (let i = 0; i < 4000; i++) lines.push(`  services.s${i}.enable = true;`);
    lines.push('  networking.hostName = "a";', '}', '');
    const text = lines.join('\n');
    s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'nix', version: 1, text } } });
    await s.waitFor((m) => m.method === 'textDocument/publishDiagnostics');
    const line = lines.length - 3;
    const VERSIONS = 3000;
    const started = Date.now();
    for (let v = 2; v <= VERSIONS + 1; v++) {
      const character = 25 + (v - 2);
      s.send({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: v === VERSIONS + 1 ? '"' : 'x' }] },
      });
      // a hover now and then must be answered during the storm
      if (v % 500 === 0) s.send({ jsonrpc: '2.0', id: 100_000 + v, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 2 } } });
    }
    const sent = Date.now();
    const last = await s.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { version?: number }).version === VERSIONS + 1, 60_000);
    const lag = Date.now() - sent;
    for (let v = 500; v <= VERSIONS + 1; v += 500) await s.waitFor(response(100_000 + v));
    const publishes = s.messages.filter((m) => m.method === 'textDocument/publishDiagnostics').length;
    // the last edit opens a string that runs on: its error is there
    assert.ok(((last.params as { diagnostics: unknown[] }).diagnostics).length > 0);
    assert.ok(publishes < VERSIONS / 10, `${publishes} publishes for ${VERSIONS} versions`);
    // Before coalescing every version was diagnosed: minutes for this storm.
    assert.ok(lag < 10_000, `final diagnostics ${lag} ms after the last edit was sent (storm sent in ${sent - started} ms)`);
    const rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))![1]) / 1024;
    assert.ok(rss < 600, `peak RSS ${rss.toFixed(0)} MiB`);
    console.log(`      storm: ${VERSIONS} versions sent in ${sent - started} ms, ${publishes} publishes, final diagnostics ${lag} ms after, peak RSS ${rss.toFixed(0)} MiB`);
  });
});

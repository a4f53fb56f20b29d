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
    // The open modules are read again 300 ms after the last open (set before its documentLink was
    // answered), past the URIs naming no file: the `%ZZ` once threw there, in that timer, and ended
    // the server, but only when the test ran slowly. Wait it out, so it is tested every time.
    await new Promise((r) => setTimeout(r, 500));
    await alive(s, id);
    assert.equal(s.child.exitCode, null, s.stderr());
  });

  it('answers every request of 600 random well-framed messages and keeps serving', async () => {
    const s = server();
    await initialized(s);
    let seed = 15;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    const uris = ['file:///f.nix', 'file:///home/u/big%ZZ.nix', 'untitled:x', '', 'file:///%', 'file:///a/../../b.nix'];
    const values = (depth: number): unknown => {
      switch (rnd(depth > 2 ? 6 : 9)) {
        case 0: return null;
        case 1: return pick([0, -1, 1.5, 2 ** 31, 1e308, -0]);
        case 2: return pick(['', 'x', '\u0000', '${', 'a'.repeat(1000)]);
        case 3: return pick([true, false]);
        case 4: return { line: pick([0, 1, -1, 1e9, 0.5]), character: pick([0, 3, -2, 1e9]) };
        case 5: return { uri: pick(uris) };
        case 6: return [values(depth + 1), values(depth + 1)];
        default: return { textDocument: values(depth + 1), position: values(depth + 1), range: values(depth + 1), context: values(depth + 1), text: values(depth + 1) };
      }
    };
    const methods = [
      'textDocument/hover', 'textDocument/completion', 'completionItem/resolve', 'textDocument/definition', 'textDocument/references',
      'textDocument/documentHighlight', 'textDocument/rename', 'textDocument/prepareRename', 'textDocument/codeAction',
      'textDocument/documentSymbol', 'workspace/symbol', 'textDocument/foldingRange', 'textDocument/selectionRange',
      'textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/documentLink', 'textDocument/inlayHint',
      'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'no/such/method', '$/cancelRequest',
    ];
    const ids: number[] = [];
    for (let i = 0; i < 600; i++) {
      const method = pick(methods);
      const isRequest = !method.startsWith('textDocument/did') && method !== '$/cancelRequest';
      const params = rnd(4) === 0 ? values(0) : { textDocument: { uri: pick(uris), version: rnd(5), text: pick(['x: y', '{ a = ', '']) }, position: values(1), range: values(1), context: values(1), query: pick(['', 'a']), newName: 'b', contentChanges: [{ text: 'let a = 1; in a' }], id: rnd(600) };
      const message: Record<string, unknown> = { jsonrpc: '2.0', method, params };
      if (isRequest) {
        message.id = 1000 + i;
        ids.push(1000 + i);
      }
      s.send(message);
    }
    for (const id of ids) await s.waitFor(response(id));
    const answers = s.messages.filter((m) => typeof m.id === 'number' && (m.id as number) >= 1000 && !('method' in m));
    assert.equal(answers.length, ids.length, 'one answer per request');
    assert.deepEqual(answers.filter((m) => errorCode(m) === -32603), [], 'no internal errors');
    await alive(s, 5000);
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

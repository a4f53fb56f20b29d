// textDocument/formatting over LSP with real formatter processes (stand-ins in
// test-fixtures/formatter): the alejandra fallback, a document changed while the formatter
// runs, cancellation stopping the process, and failing formatters leaving the file alone.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationTokenSource,
  DocumentFormattingRequest,
  LSPErrorCodes,
  ResponseError,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startSession, type Session } from './support.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/formatter');
const node = process.execPath;
const MESSY = '{\n      a = 1;\n        b = {\n c = 2;\n   };\n}\n';
const TIDY = '{\n  a = 1;\n  b = {\n    c = 2;\n  };\n}\n';
const SLOW_MS = 1000;
const OPTIONS = { tabSize: 2, insertSpaces: true };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('language server: formatting with real formatter processes', function () {
  this.timeout(30_000);
  let s: Session | undefined;
  let tmp: string;
  /** workspace/applyEdit requests from the server: formatting must never send one. */
  let applied: unknown[];

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nh-formatting-'));
  });
  afterEach(() => {
    s?.close();
    s = undefined;
    rmSync(tmp, { recursive: true, force: true });
  });

  async function session(command?: string[]): Promise<Session> {
    s = await startSession({ trusted: true, settings: command ? { nixHumanity: { formatter: { command } } } : undefined });
    applied = [];
    s.client.onRequest('workspace/applyEdit', (p: unknown) => {
      applied.push(p);
      return { applied: false };
    });
    return s;
  }

  const format = (uri: string, token?: CancellationTokenSource['token']) =>
    s!.client.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: OPTIONS }, token);

  function assertUntouched(uri: string, text: string, version: number): void {
    const doc = s!.server.documents.get(uri)!;
    assert.equal(doc.getText(), text);
    assert.equal(doc.version, version);
    assert.deepEqual(applied, []);
  }

  it('falls back to alejandra when no nixfmt is on PATH (default formatter list)', async () => {
    // PATH: the alejandra stand-in and a folder holding only `node` for its shebang.
    const nodeOnly = path.join(tmp, 'node-only');
    mkdirSync(nodeOnly);
    symlinkSync(node, path.join(nodeOnly, 'node'));
    const saved = process.env.PATH;
    process.env.PATH = [path.join(FIXTURES, 'alejandra-only'), nodeOnly].join(path.delimiter);
    try {
      await session();
      const uri = 'file:///tmp/alejandra.nix';
      await s!.open(uri, MESSY);
      const edits = (await format(uri)) as TextEdit[];
      assert.equal(TextDocument.applyEdits(TextDocument.create(uri, 'nix', 1, MESSY), edits), `# alejandra\n${TIDY}`);
      assert.deepEqual(s!.messages, []);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('answers ContentModified, with no edits, when the document changes while the formatter runs', async () => {
    const marker = path.join(tmp, 'slow');
    await session([node, path.join(FIXTURES, 'slow.mjs'), marker, String(SLOW_MS)]);
    const uri = 'file:///tmp/changed.nix';
    await s!.open(uri, MESSY);
    const pending = format(uri);
    const outcome = pending.then((r) => ({ result: r }), (e: unknown) => ({ error: e }));
    await until(() => existsSync(`${marker}.started`), 'the formatter to start');
    const edited = MESSY.replace('a = 1;', 'a = 42;');
    await s!.change(uri, edited);
    const got = await outcome;
    assert.ok('error' in got, `expected an error, got ${JSON.stringify(got)}`);
    assert.ok(got.error instanceof ResponseError, String(got.error));
    assert.equal(got.error.code, LSPErrorCodes.ContentModified);
    // The formatter really did finish on the old text: the error is about the change, not a failure.
    assert.ok(existsSync(`${marker}.done`));
    assertUntouched(uri, edited, 2);
    assert.deepEqual(s!.messages, []);
  });

  it('a cancelled request ends with RequestCancelled and the formatter process is stopped', async () => {
    const marker = path.join(tmp, 'slow');
    await session([node, path.join(FIXTURES, 'slow.mjs'), marker, String(SLOW_MS)]);
    const uri = 'file:///tmp/cancelled.nix';
    await s!.open(uri, MESSY);
    const source = new CancellationTokenSource();
    const outcome = format(uri, source.token).then((r) => ({ result: r }), (e: unknown) => ({ error: e }));
    await until(() => existsSync(`${marker}.started`), 'the formatter to start');
    // the formatter's own clock starts before this, however slow its start was under load
    const started = Date.now();
    const pid = Number(readFileSync(`${marker}.started`, 'utf8'));
    // pid 0 would ask about our whole process group, which is always alive
    assert.ok(Number.isInteger(pid) && pid > 0, `no pid in ${marker}.started`);
    assert.ok(alive(pid), 'the formatter is running');
    source.cancel();
    const got = await outcome;
    // read before anything else: the formatter had not finished when the answer came
    const finishedFirst = existsSync(`${marker}.done`);
    assert.ok('error' in got, `expected an error, got ${JSON.stringify(got)}`);
    assert.ok(got.error instanceof ResponseError, String(got.error));
    assert.equal(got.error.code, LSPErrorCodes.RequestCancelled);
    assert.ok(!finishedFirst, 'answered before the formatter would have finished');
    assert.ok(!alive(pid), `formatter ${pid} is still running`);
    // Past the time the formatter would have finished: it never did.
    await sleep(SLOW_MS + 300 - (Date.now() - started));
    assert.ok(!existsSync(`${marker}.done`), 'the formatter ran to the end');
    assertUntouched(uri, MESSY, 1);
    // A cancellation is the user's own doing: nothing to warn about.
    assert.deepEqual(s!.messages, []);
  });

  const failing: Array<{ name: string; script: string; says: RegExp }> = [
    { name: 'exits non-zero', script: 'fail.mjs', says: /^node failed \(exit code 1\): error: unexpected token at 1:3$/ },
    { name: 'exits non-zero after printing valid Nix', script: 'fail-with-output.mjs', says: /^node failed \(exit code 3\)/ },
    { name: 'prints nothing', script: 'empty.mjs', says: /^node printed nothing; is it set up to read standard input\?$/ },
  ];
  for (const f of failing) {
    it(`a formatter that ${f.name}: no edits, the file untouched, and the user is told why`, async () => {
      await session([node, path.join(FIXTURES, f.script)]);
      const uri = `file:///tmp/${f.script}.nix`;
      await s!.open(uri, MESSY);
      const edits = await format(uri);
      assert.deepEqual(edits, []);
      await until(() => s!.messages.length > 0, 'the warning');
      assert.equal(s!.messages.length, 1, JSON.stringify(s!.messages));
      assert.match(s!.messages[0]!, f.says);
      assertUntouched(uri, MESSY, 1);
    });
  }
});

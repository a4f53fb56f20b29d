// system/fdOut.ts in real processes: output written on the descriptor arrives whole and in
// order, and when the descriptor is non-blocking and its pipe full (EAGAIN), Node's stream takes
// the rest over without losing or reordering a byte.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { StreamMessageReader, type Message } from 'vscode-languageserver-protocol/node';

const root = path.resolve(import.meta.dirname, '../..');
const module = path.join(root, 'server/src/system/fdOut.ts');

/** Runs `body` in a child (tsx), reading its stdout only after `delayMs`; resolves with what arrived. */
function child(body: string, delayMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const script = `import { DescriptorOut } from ${JSON.stringify(module)};\n${body}`;
  const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  c.stdout.pause();
  setTimeout(() => c.stdout.on('data', (d: Buffer) => chunks.push(d)).resume(), delayMs);
  return new Promise((resolve) => c.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr })));
}

/** Lines 0..n-1, each its number padded: any lost or moved byte shows. */
const expected = (n: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(8, '0')} ${'x'.repeat(91)}\n`).join('');

describe('output on the descriptors (system/fdOut.ts)', function () {
  this.timeout(60_000);

  it('writes 3 MB to a blocking pipe whole and in order, the reader late', async () => {
    const r = await child(
      `const out = new DescriptorOut('stdout', (e) => { console.error('failed', e); process.exit(3); });
       for (let i = 0; i < 30000; i++) out.write(String(i).padStart(8, '0') + ' ' + 'x'.repeat(91) + '\\n');
       process.stderr.write('wrote');`,
      300,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'wrote');
    assert.equal(r.stdout.toString(), expected(30000));
  });

  it("hands the rest to Node's stream when the pipe is non-blocking and full (EAGAIN)", async () => {
    // process.stdout, once built for a pipe, makes the descriptor non-blocking (libuv): then
    // the pipe fills while the reader waits, and the writes go on through the stream
    const r = await child(
      `process.stdout;
       const out = new DescriptorOut('stdout', (e) => { console.error('failed', e); process.exit(3); });
       let done = 0;
       for (let i = 0; i < 30000; i++) out.write(String(i).padStart(8, '0') + ' ' + 'x'.repeat(91) + '\\n', (e) => { if (e) process.exit(4); done++; });
       process.stdout.once('drain', () => process.stderr.write('queued'));
       process.on('exit', () => process.stderr.write(' ' + done));`,
      300,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'queued 30000', 'the stream took over (it queued) and every write finished');
    assert.equal(r.stdout.toString(), expected(30000));
  });

  it('reports a reader gone (EPIPE) to its caller instead of throwing', async () => {
    const c = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `import { DescriptorOut } from ${JSON.stringify(module)};
       const out = new DescriptorOut('stdout', (e) => { process.stderr.write('failed ' + e.code); process.exit(0); });
       setInterval(() => out.write('x'.repeat(1000) + '\\n'), 5);`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.stdout.once('data', () => c.stdout.destroy());
    const code = await new Promise((resolve) => c.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, 'failed EPIPE');
  });

  it('frames LSP messages by their UTF-8 length, read back by vscode-jsonrpc (lsp/fdStdio.ts)', async () => {
    const writer = path.join(root, 'server/src/lsp/fdStdio.ts');
    const c = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `import { FdMessageWriter } from ${JSON.stringify(writer)};
       const w = new FdMessageWriter(() => process.exit(5));
       for (let i = 0; i < 200; i++) await w.write({ jsonrpc: '2.0', method: 'note', params: { i, text: 'caf\u00e9 \u201cquoted\u201d \u{1F600} '.repeat(i) } });`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const got: Message[] = [];
    new StreamMessageReader(c.stdout).listen((m) => got.push(m));
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => c.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(got.length, 200);
    got.forEach((m, i) => assert.deepEqual((m as { params?: unknown }).params, { i, text: 'caf\u00e9 \u201cquoted\u201d \u{1F600} '.repeat(i) }));
  });
});

// Real processes: the formatters are small node scripts in test-fixtures/formatter.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNix, NO_FORMATTER_REASON } from '../../server/src/system/formatter.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../../test-fixtures/formatter');
const node = process.execPath;
const script = (name: string) => [node, path.join(dir, name)];

const MESSY = '{\n      a = 1;\n        b = {\n c = 2;\n   };\n}\n';
const TIDY = '{\n  a = 1;\n  b = {\n    c = 2;\n  };\n}\n';

describe('formatNix (real processes)', function () {
  this.timeout(20_000);

  it('runs the configured command over stdin', async () => {
    const r = await formatNix(MESSY, { command: script('indent.mjs') });
    assert.deepEqual(r, { ok: true, text: TIDY, tool: 'node' });
  });

  it('refuses a file with syntax errors without running anything', async () => {
    const r = await formatNix('{ a = ; ', { command: ['/nonexistent/formatter'] });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /the file has syntax errors/);
  });

  it('formats files with only non-syntax problems (duplicate attribute)', async () => {
    const r = await formatNix('{ a = 1; a = 2; }', { command: script('indent.mjs') });
    assert.equal(r.ok, true);
  });

  it('reports a non-zero exit with the first stderr line', async () => {
    const r = await formatNix(MESSY, { command: script('fail.mjs') });
    assert.deepEqual(r, { ok: false, reason: 'node failed (exit code 1): error: unexpected token at 1:3' });
  });

  it('stops a formatter that hangs', async () => {
    const t = Date.now();
    const r = await formatNix(MESSY, { command: script('hang.mjs'), timeoutMs: 500 });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /did not finish within 0.5 s/);
    assert.ok(Date.now() - t < 5000);
  });

  it('cancels on abort', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await formatNix(MESSY, { command: script('hang.mjs'), signal: ac.signal, timeoutMs: 10_000 });
    assert.deepEqual(r, { ok: false, reason: 'Formatting was cancelled.' });
  });

  it('stops what a formatter started, too, when cancelled (a wrapper and the real one)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'nh-wrapper-'));
    try {
      const marker = path.join(tmp, 'slow');
      const ac = new AbortController();
      const pending = formatNix(MESSY, { command: [...script('wrapper.mjs'), marker, '1500'], signal: ac.signal, timeoutMs: 10_000 });
      for (let i = 0; i < 400 && !existsSync(`${marker}.started`); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(existsSync(`${marker}.started`), 'the real formatter started');
      const pid = Number(readFileSync(`${marker}.started`, 'utf8'));
      ac.abort();
      assert.deepEqual(await pending, { ok: false, reason: 'Formatting was cancelled.' });
      assert.throws(() => process.kill(pid, 0), 'the real formatter is stopped');
      await new Promise((r) => setTimeout(r, 1800));
      assert.ok(!existsSync(`${marker}.done`), 'the real formatter ran to the end');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('treats empty output as a failure', async () => {
    const r = await formatNix(MESSY, { command: script('empty.mjs') });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /printed nothing/);
  });

  it('never hands back output that does not parse', async () => {
    const r = await formatNix(MESSY, { command: script('garbage.mjs') });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /does not parse/);
  });

  it('a configured command that does not exist says so', async () => {
    const r = await formatNix(MESSY, { command: [path.join(dir, 'no-such-formatter')] });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /was not found/);
  });

  it('finds nixfmt on PATH when nothing is configured', async () => {
    const env = { ...process.env, PATH: [path.join(dir, 'bin'), path.dirname(node)].join(path.delimiter) };
    const r = await formatNix(MESSY, { env });
    assert.deepEqual(r, { ok: true, text: TIDY, tool: 'nixfmt' });
  });

  describe('default formatter list', () => {
    // A folder holding only `node` (the stand-ins' `#!/usr/bin/env node`), so PATH can hold
    // exactly the formatters a test wants and nothing from the machine.
    let nodeOnly: string;
    before(() => {
      nodeOnly = mkdtempSync(path.join(os.tmpdir(), 'nh-node-only-'));
      symlinkSync(node, path.join(nodeOnly, 'node'));
    });
    after(() => rmSync(nodeOnly, { recursive: true, force: true }));
    const pathOf = (...dirs: string[]) => ({ ...process.env, PATH: [...dirs.map((d) => path.join(dir, d)), nodeOnly].join(path.delimiter) });

    it('falls back to alejandra (reading stdin: --quiet -) when no nixfmt is on PATH', async () => {
      const r = await formatNix(MESSY, { env: pathOf('alejandra-only') });
      assert.deepEqual(r, { ok: true, text: `# alejandra\n${TIDY}`, tool: 'alejandra' });
    });

    it('prefers nixfmt when both are on PATH', async () => {
      const r = await formatNix(MESSY, { env: pathOf('alejandra-only', 'bin') });
      assert.deepEqual(r, { ok: true, text: TIDY, tool: 'nixfmt' });
    });
  });

  it('a formatter that exits non-zero is a failure even when it printed valid Nix', async () => {
    const r = await formatNix(MESSY, { command: script('fail-with-output.mjs') });
    assert.deepEqual(r, { ok: false, reason: 'node failed (exit code 3): {' });
  });

  it('says how to get a formatter when none is on PATH', async () => {
    const env = { ...process.env, PATH: path.join(dir, 'empty-path') };
    const r = await formatNix(MESSY, { env });
    assert.deepEqual(r, { ok: false, reason: NO_FORMATTER_REASON });
  });

  it('runs in the given folder', async () => {
    const r = await formatNix('{ }', { command: [node, '-e', 'process.stdout.write(JSON.stringify(process.cwd()))'], cwd: dir });
    // The output is a Nix string literal holding the folder.
    assert.deepEqual(r, { ok: true, text: JSON.stringify(dir), tool: 'node' });
  });
});

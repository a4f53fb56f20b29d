// The inline expectations that update themselves: a test file in a temporary folder is run
// with and without UPDATE_EXPECT=1, and its literals are read back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, render, trimIndent } from '../support/expect.js';

const HELPER = pathToFileURL(path.resolve(import.meta.dirname, '../support/expect.ts')).href;

describe('expect`...` (inline expectations)', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'expect-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    saved = process.env.UPDATE_EXPECT;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.UPDATE_EXPECT;
    else process.env.UPDATE_EXPECT = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `lines` as a module and runs it (each run a new file: modules are cached by URL). */
  let runs = 0;
  async function run(file: string, update: boolean): Promise<void> {
    if (update) process.env.UPDATE_EXPECT = '1';
    else delete process.env.UPDATE_EXPECT;
    const copy = path.join(dir, `run${runs++}.ts`);
    writeFileSync(copy, readFileSync(file, 'utf8'));
    try {
      await import(pathToFileURL(copy).href);
    } finally {
      // The copy is what a rewrite changes: hand it back as the file.
      writeFileSync(file, readFileSync(copy, 'utf8'));
    }
  }

  const SOURCE = [
    `import { expect } from '${HELPER}';`,
    'const cases = [',
    "  { name: 'one line', want: expect`old` },",
    "  { name: 'many lines', want: expect`",
    '      one',
    '        two',
    '    ` },',
    "  { name: 'unchanged', want: expect`same` },",
    '];',
    "cases[0]!.want.assertEq('new `text` with ${x} and \\\\ backslash');",
    "cases[1]!.want.assertEq('one\\n  two\\nthree\\n');",
    "cases[2]!.want.assertEq('same');",
    '',
  ].join('\n');

  it('rewrites each failing literal in place under UPDATE_EXPECT=1, and then passes', async () => {
    const file = path.join(dir, 'case.ts');
    writeFileSync(file, SOURCE);
    await run(file, true);
    assert.equal(
      readFileSync(file, 'utf8'),
      [
        `import { expect } from '${HELPER}';`,
        'const cases = [',
        "  { name: 'one line', want: expect`new \\`text\\` with \\${x} and \\\\ backslash` },",
        "  { name: 'many lines', want: expect`",
        '    one',
        '      two',
        '    three',
        '',
        '  ` },',
        "  { name: 'unchanged', want: expect`same` },",
        '];',
        "cases[0]!.want.assertEq('new `text` with ${x} and \\\\ backslash');",
        "cases[1]!.want.assertEq('one\\n  two\\nthree\\n');",
        "cases[2]!.want.assertEq('same');",
        '',
      ].join('\n'),
    );
    await run(file, false);
  });

  it('fails without UPDATE_EXPECT, naming the place, and leaves the file alone', async () => {
    const file = path.join(dir, 'case.ts');
    writeFileSync(file, SOURCE);
    await assert.rejects(run(file, false), (e: Error) => /expectation at .*run\d+\.ts:3 differs \(UPDATE_EXPECT=1 rewrites it\)/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), SOURCE);
  });

  it('takes the multi-line form apart: first newline, closing line and common indentation', () => {
    assert.equal(expect`
      a
        b

      c
    `.text, 'a\n  b\n\nc');
    assert.equal(expect`  inline, as written `.text, '  inline, as written ');
    assert.equal(trimIndent('\n  x\n  '), 'x');
  });

  it('writes back what it reads, whatever the text', () => {
    for (const actual of ['', 'x', 'a\nb', 'a\nb\n', '\nlead', '  shared\n  indent', 'a\r\nb', 'tick ` and ${', 'back\\slash\n`x`', '\n\n']) {
      const body = render(actual, '    ');
      // What `expect` would get from this literal: cook it as a template does.
      const cooked = new Function('return `' + body + '`;')() as string;
      assert.equal(body.startsWith('\n') ? trimIndent(cooked) : cooked, actual, JSON.stringify(actual));
    }
  });
});

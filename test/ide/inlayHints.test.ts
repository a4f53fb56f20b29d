import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { inlayHints } from '../../server/src/ide/inlayHints.js';

const long = (name: string, n: number) => `  ${name} = {\n${Array.from({ length: n }, (_, i) => `    a${i} = ${i};\n`).join('')}  };\n`;

describe('inlay hints', () => {
  it('names a long binding after its semicolon', () => {
    const text = `{\n${long('services.nginx', 10)}${long('short', 2)}}\n`;
    const a = analyze(text);
    const hs = inlayHints(a, { start: 0, end: text.length });
    assert.deepEqual(hs.map((h) => h.label), ['# services.nginx']);
    assert.equal(text.slice(hs[0]!.offset - 2, hs[0]!.offset), '};');
  });
  it('only inside the requested range', () => {
    const text = `{\n${long('one', 12)}${long('two', 12)}}\n`;
    const a = analyze(text);
    const mid = text.indexOf('two');
    assert.deepEqual(inlayHints(a, { start: mid, end: text.length }).map((h) => h.label), ['# two']);
  });
  it('quotes names that need it', () => {
    const text = `{\n${long('"my attr".x', 12)}}\n`;
    assert.deepEqual(inlayHints(analyze(text), { start: 0, end: text.length }).map((h) => h.label), ['# "my attr".x']);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs } from '../support/fuzz.js';
import { minimalEdits } from '../../server/src/ide/textDiff.js';
import { applyEdits } from './support.js';

function check(oldText: string, newText: string, maxLineEdits?: number) {
  const edits = minimalEdits(oldText, newText, maxLineEdits === undefined ? {} : { maxLineEdits });
  assert.equal(applyEdits(oldText, edits), newText);
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end <= edits[i]!.start, 'sorted, non-overlapping');
  return edits;
}

describe('minimal edits', () => {
  it('equal texts need no edits', () => assert.deepEqual(minimalEdits('a\nb\n', 'a\nb\n'), []));

  it('changes only the changed line', () => {
    const edits = check('{\n  a = 1;\n    b = 2;\n}\n', '{\n  a = 1;\n  b = 2;\n}\n');
    assert.deepEqual(edits, [{ start: 11, end: 22, newText: '  b = 2;\n' }]);
  });

  it('two separate changes give two edits', () => {
    const old = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n') + '\n';
    const neu = ['a', 'B', 'c', 'd', 'e', 'F', 'g'].join('\n') + '\n';
    assert.equal(check(old, neu).length, 2);
  });

  it('insertions and deletions', () => {
    check('a\nb\nc\n', 'a\nx\nb\nc\ny\n');
    check('a\nb\nc\n', 'c\n');
    check('', 'x\n');
    check('x\n', '');
    check('a', 'a\n');
    check('a\r\nb\r\n', 'a\nb\n');
  });

  it('falls back to one edit past the bound', () => {
    const old = Array.from({ length: 50 }, (_, i) => `l${i}`).join('\n');
    const neu = Array.from({ length: 50 }, (_, i) => (i % 2 ? `L${i}` : `l${i}`)).join('\n');
    assert.equal(check(old, neu, 3).length, 1);
    assert.ok(check(old, neu).length > 1);
  });

  it('big file with a small change stays fast and small', () => {
    const old = Array.from({ length: 20000 }, (_, i) => `  x${i} = ${i};`).join('\n') + '\n';
    const neu = old.replace('  x10000 = 10000;', 'x10000 = 10000;');
    const t = Date.now();
    const edits = check(old, neu);
    assert.equal(edits.length, 1);
    assert.ok(Date.now() - t < 1000);
  });

  it('applying the edits to the old text gives the new text (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '  a', '', '{', '}', 'x = 1;');
    const sep = fc.constantFrom('\n', '\r\n', '\r');
    const text = fc.array(fc.tuple(line, sep), { maxLength: 30 }).chain((ls) =>
      fc.boolean().map((trail) => {
        const s = ls.map(([l, e]) => l + e).join('');
        return trail ? s + 'tail' : s;
      }),
    );
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 40 }), (o, n, bound) => {
        check(o, n);
        check(o, n, bound);
      }),
      { numRuns: runs(500) },
    );
  });
});

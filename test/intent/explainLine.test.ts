// The explanation of one line (what a hover says) found without walking the outline: it must
// be exactly the whole file's explanations that touch the line, in the same order, each time.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { explainText } from '../../server/src/intent/index.js';
import { moduleOutline } from '../../server/src/analysis/optionPaths.js';
import { lineIndex } from '../../server/src/syntax/index.js';
import { testIndex } from './support.js';

const corpus = path.resolve(import.meta.dirname, '../../test-fixtures/corpus');

describe('intent: explaining one line', function () {
  it('equals the whole file explained, filtered to the line, on every line of the corpus', function () {
    const files = readdirSync(corpus, { recursive: true }).map(String).filter((f) => f.endsWith('.nix'));
    assert.ok(files.length > 5);
    let said = 0;
    for (const f of files) {
      const text = readFileSync(path.join(corpus, f), 'utf8');
      const outline = moduleOutline(text);
      const lines = lineIndex(text);
      for (const style of ['friendly', 'concise', 'expert'] as const) {
        const all = explainText(text, testIndex(), style, undefined, outline);
        for (let line = 0; line < lines.lineCount; line++) {
          const from = lines.offsetAt({ line, character: 0 });
          const to = line + 1 >= lines.lineCount ? Infinity : lines.offsetAt({ line: line + 1, character: 0 });
          const expected = all.filter((e) => e.start < to && e.end >= from);
          // (twice: the second answer comes from what the first kept)
          for (let round = 0; round < 2; round++) assert.deepEqual(explainText(text, testIndex(), style, line, outline), expected, `${f}:${line + 1} ${style}`);
          said += expected.length;
        }
      }
    }
    assert.ok(said > 100);
  });

  it('an unnested binding list falls back to the walk', function () {
    const text = '{ a = 1; b = { c = 2; }; }\n';
    const outline = moduleOutline(text);
    // Out of order, as no outline is made: the line's answer must still be the whole one.
    const shuffled = { ...outline, bindings: [...outline.bindings].reverse() };
    const all = explainText(text, testIndex(), 'friendly', undefined, shuffled);
    assert.ok(all.length >= 2);
    assert.deepEqual(explainText(text, testIndex(), 'friendly', 0, shuffled), all);
  });

  it('an imports list names modules written in place and stops after eight', function () {
    const paths = Array.from({ length: 10 }, (_, i) => `./m${i}.nix`);
    const text = `{\n  imports = [\n    ./hardware-configuration.nix\n    { services.openssh.enable = true; }\n    ${paths.join('\n    ')}\n  ];\n}\n`;
    const said = explainText(text, testIndex(), 'friendly', 1).map((e) => e.text).join('\n');
    assert.match(said, /Reads these other files as part of this configuration: \.\/hardware-configuration\.nix, a module written in place, \.\/m0\.nix, .*\.\/m5\.nix and 4 more\./);
    assert.doesNotMatch(said, /openssh/);
  });
});

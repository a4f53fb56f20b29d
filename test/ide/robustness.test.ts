// Every feature must answer (never throw) on any text and any offset: the
// editor asks in the middle of typing, when the code is broken.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runs } from '../support/fuzz.js';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { hover } from '../../server/src/ide/hover.js';
import { definition, references, documentHighlights } from '../../server/src/ide/navigation.js';
import { prepareRename, rename } from '../../server/src/ide/rename.js';
import { complete } from '../../server/src/ide/completion.js';
import { codeActions } from '../../server/src/ide/assists/index.js';
import { inlayHints } from '../../server/src/ide/inlayHints.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { applyEdits } from './support.js';

const k = embeddedKnowledge();

function everything(text: string, offsets: number[]): void {
  const a = analyze(text);
  computeDiagnostics(a);
  inlayHints(a, { start: 0, end: text.length });
  for (const o of offsets) {
    hover(a, o, k);
    definition(a, o);
    references(a, o, true);
    documentHighlights(a, o);
    const p = prepareRename(a, o);
    if (!('error' in p)) {
      const r = rename(a, o, 'renamed');
      if (!('error' in r)) applyEdits(text, r.edits);
    }
    complete(a, o, k);
    codeActions(a, { start: o, end: o }, computeDiagnostics(a));
  }
}

const FRAGMENTS = [
  'let ', ' in ', 'rec ', '{ ', ' }', '[ ', ' ]', '(', ')', 'x', 'y', ' = ', '; ', ': ', ', ', '...', '@',
  'inherit ', '(p) ', 'with ', 'if ', ' then ', ' else ', '"s${', '}"', "''", '.', ' or ', 'a.b', './p.nix',
  'builtins.', 'map ', '# c\n', '\n', '?', ' // ', ' + ', 'http://u', 'let { body = 1; }', '${x}',
];

describe('robustness', function () {
  this.timeout(60_000);

  it('random Nix-like fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
        everything(text, offsets);
      }),
      { numRuns: runs(300) },
    );
  });

  it('every prefix of the fixture files', () => {
    const dir = join(import.meta.dirname, '..', '..', 'test-fixtures', 'analysis');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (let n = 0; n <= text.length; n += 7) {
        const t = text.slice(0, n);
        everything(t, [0, Math.floor(n / 2), n]);
      }
    }
    assert.ok(true);
  });
});

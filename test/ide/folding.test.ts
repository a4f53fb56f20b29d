import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { foldingRanges } from '../../server/src/ide/folding.js';

// Each range as `kind:text` where text runs from the opening token to (not including) the closing token.
function show(src: string): string[] {
  return foldingRanges(analyze(src)).map((r) => `${r.kind ?? '-'}:${src.slice(r.start, r.end)}`);
}

const CASES: Array<{ name: string; src: string; expect: string[] }> = [
  { name: 'single-line sets do not fold', src: '{ a = { b = 1; }; }', expect: [] },
  { name: 'attrset', src: '{\n  a = 1;\n}', expect: ['-:{\n  a = 1;\n'] },
  { name: 'nested set and list', src: '{\n  a = [\n    1\n  ];\n}', expect: ['-:{\n  a = [\n    1\n  ];\n', '-:[\n    1\n  '] },
  { name: 'imports list', src: '{\n  imports = [\n    ./a.nix\n  ];\n}', expect: ['-:{\n  imports = [\n    ./a.nix\n  ];\n', 'imports:[\n    ./a.nix\n  '] },
  { name: 'let bindings', src: 'let\n  a = 1;\nin a', expect: ['-:let\n  a = 1;\n'] },
  {
    name: 'lambda with multi-line pattern',
    src: '{ a,\n  b }:\na + b',
    expect: ['-:{ a,\n  b }:\na + b', '-:{ a,\n  b '],
  },
  { name: 'paren', src: '(\n  1 + 2\n)', expect: ['-:(\n  1 + 2\n'] },
  { name: 'indented string', src: "''\n  hello\n''", expect: ["-:''\n  hello\n"] },
  { name: 'multi-line string', src: '"a\nb"', expect: ['-:"a\nb'] },
  { name: 'block comment', src: '/* a\n b */ 1', expect: ['comment:/* a\n b */'] },
  { name: 'one-line block comment does not fold', src: '/* a */ 1', expect: [] },
  { name: 'run of line comments', src: '# a\n# b\n  # c\n1 # d\n# e\n2', expect: ['comment:# a\n# b\n  # c'] },
];

describe('folding ranges', () => {
  it('broken input does not throw and stays in bounds', () => {
    for (const src of ['{\n a = [\n', '"abc\n', "''\n x", '(\n', 'let\n a = 1;\n']) {
      for (const r of foldingRanges(analyze(src))) assert.ok(r.start >= 0 && r.end <= src.length && r.start < r.end, src);
    }
  });
  for (const c of CASES) {
    it(c.name, () => assert.deepEqual(show(c.src), c.expect));
  }
});

// Our undefined-variable and duplicate checks against real Nix on fixture
// files and edge-case snippets (see nixOracle.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../support/tools.js';
import { checkAgreement, disagreements, nixFiles, nixVerdict, nixVerdicts } from './nixOracle.js';

// Small programs on the edges of Nix's scoping rules.
const SNIPPETS = [
  'x: y',
  'let a = b; b = 1; in a',
  'rec { a = b; b = 1; }',
  '{ a = b; b = 1; }',
  'let x = 1; in rec { inherit x; y = x; }',
  'rec { inherit x; x = 1; }',
  'let inherit x; in 1',
  'let inherit (y) x; y = {}; in x',
  'with {}; x',
  'with {}; let y = z; in y',
  '{ a ? b, b ? a }: a',
  '{ a ? c }@c: a',
  'a@{ b ? a }: b',
  'let { body = x; x = 1; }',
  'let { body = y; }',
  'x: x.y.z or w',
  '{ ${a} = 1; }',
  'rec { ${a} = 1; a = "q"; }',
  // `${"a"}` is a static name to Nix: a definition in `let` and `rec`
  'let ${"a"} = 1; in a',
  'rec { ${"a"} = 1; b = a; }',
  'let ${"a"} = 1; in b',
  'rec { ${("a")} = 1; b = a; }',
  'let a.${"b"} = 1; in a',
  '"${x}"',
  "''${x} ''${y}''",
  './a/${b}',
  '{ a.b = 1; a.c = 2; }',
  '{ a.b = 1; a.b = 2; }',
  '{ a = { b = 1; }; a.b = 2; }',
  '{ a = 1; a.b = 2; }',
  '{ inherit (x) a; a = 1; }',
  'let f = { x ? y, y ? 2 }: x; in f',
  '__currentSystem',
  '__nope',
  'fetchurl',
  'derivationStrict',
  'or',
  'let or = 1; in or',
  'let a.b = 1; in a',
  'rec { a.b = c; c = 1; }',
  '{ x, y, x }: 1',
  'assert z; 1',
  'if t then 1 else 2',
  '[ (a: b: a) ]',
  'builtins.map (x: x) [ 1 ]',
  'let f = x: y: x; in f',
  'a: { inherit a; b = a; }',
  '{ inherit a; }',
  'let e = 1; in { inherit e; inherit (e) f; }',
  '{ test = rec { foo = bar; }; test.bar = 42; }',
  '{ test = rec { foo = 42; }; test.bar = foo; }',
  '{ test.bar = foo; test = rec { foo = 42; }; }',
  'rec { test = { foo = 42; }; test.bar = foo; }',
  'let test = rec { foo = 42; }; test.bar = foo; in test',
  '{ test = rec { foo = 42; }; test.a.b = foo; }',
  '{ test = rec { foo = 42; }; test = { x = foo; }; }',
  '{ test = (rec { foo = 42; }); test.x = foo; }',
  'let a = { b = 1; }; a.c = b; in a',
  '{ c.c = 1; c = rec { x = 1; y = x; }; }',
  '{ c = { z = 1; }; c = rec { x = 1; y = x; }; }',
  '{ c = rec { q = 1; }; c = rec { x = q; }; }',
  '{ c = rec { q = 1; }; c = rec { x = 1; }; c.y = x; }',
];

describe('undefined variables and duplicates agree with nix-instantiate --parse', function () {
  this.timeout(120_000);
  before(() => requireTool('nix-instantiate'));

  const root = join(import.meta.dirname, '..', '..', 'test-fixtures');
  const files = [...nixFiles(join(root, 'corpus')), ...nixFiles(join(root, 'analysis'))];

  it('has files to compare', () => {
    assert.ok(files.length >= 10, `only ${files.length} fixture files`);
  });

  for (const file of files) {
    it(file.slice(root.length + 1), async () => {
      checkAgreement(readFileSync(file, 'utf8'), await nixVerdict(file), file);
    });
  }

  it('snippets on the edges of the scoping rules', async () => {
    assert.deepEqual(disagreements(SNIPPETS, await nixVerdicts(SNIPPETS)), []);
  });
});

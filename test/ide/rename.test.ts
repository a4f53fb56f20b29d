import assert from 'node:assert/strict';
import { prepareRename, rename } from '../../server/src/ide/rename.js';
import { analyze } from '../../server/src/analysis/index.js';
import { applyEdits, withCursor } from './support.js';

// Each case: fixture, new name, and the text after the rename or `error: /pattern/`.
const CASES: Array<{ name: string; src: string; to: string; after?: string; error?: RegExp }> = [
  { name: 'let', src: 'let a$0 = 1; b = a; in a + b', to: 'c', after: 'let c = 1; b = c; in c + b' },
  { name: 'from a use', src: 'let a = 1; in $0a', to: 'z', after: 'let z = 1; in z' },
  { name: 'lambda param', src: 'x: y: x$0 + y', to: 'first', after: 'first: y: first + y' },
  { name: 'at-name', src: 'args@{ a }: args$0.a', to: 'all', after: 'all@{ a }: all.a' },
  { name: 'rec attr', src: 'rec { a$0 = 1; b = a; }', to: 'c', after: 'rec { c = 1; b = c; }' },
  { name: 'nested paths', src: 'let a.x = 1; a.y = 2; in a$0', to: 'b', after: 'let b.x = 1; b.y = 2; in b' },
  { name: 'plain set inherit keeps the attribute', src: 'x$0: { inherit x; }', to: 'y', after: 'y: { x = y; }' },
  { name: 'inherit among others', src: 'x$0: w: { inherit w x; }', to: 'y', after: 'y: w: { inherit w; x = y; }' },
  { name: 'let inherit: rename the outer', src: 'x$0: let inherit x; in x', to: 'y', after: 'y: let x = y; in x' },
  { name: 'let inherit: rename the inner', src: 'x: let inherit x; in x$0', to: 'y', after: 'x: let y = x; in y' },
  { name: 'inherit from', src: 'p: let inherit (p) q; in q$0', to: 'r', after: 'p: let r = p.q; in r' },
  { name: 'inherit from on its own line', src: 'p: let\n  inherit (p) q s;\nin q$0 s', to: 'r', after: 'p: let\n  inherit (p) s;\n  r = p.q;\nin r s' },
  { name: 'string-named let binding', src: 'let "a" = 1; in a$0', to: 'b', after: 'let b = 1; in b' },
  { name: 'shadowed use is untouched', src: 'x$0: [ x (x: x) ]', to: 'y', after: 'y: [ y (x: x) ]' },
  { name: 'invalid name', src: 'let a$0 = 1; in a', to: '1x', error: /not a valid Nix name/ },
  { name: 'keyword', src: 'let a$0 = 1; in a', to: 'in', error: /not a valid Nix name/ },
  { name: 'same scope collision', src: 'let a$0 = 1; b = 2; in a + b', to: 'b', error: /already defined in the same scope/ },
  { name: 'capture by inner binding', src: 'a$0: b: a + b', to: 'b', error: /refer to the other `b`/ },
  { name: 'captures an outer use', src: 'b: let a$0 = 1; in a + b', to: 'b', error: /capture the use of the other `b`/ },
  { name: 'captures a builtin', src: 'let a$0 = 1; in map a', to: 'map', error: /capture the use of the builtin `map`/ },
  { name: 'captures a with name', src: 'p: with p; let a$0 = 1; in a + hello', to: 'hello', error: /name from `with`/ },
  { name: 'inherit rewritten inside a rec set would be captured', src: 'x$0: rec { inherit x; y = x; }', to: 'y', error: /refer to the other `y`/ },
  { name: 'builtin', src: 'ma$0p', to: 'x', error: /built into Nix/ },
  { name: 'with name', src: 'p: with p; hel$0lo', to: 'x', error: /comes from a `with`/ },
  { name: 'formal', src: '{ pkgs$0 }: pkgs', to: 'p', error: /interface/ },
  { name: 'attribute of a plain set', src: '{ a$0 = 1; }', to: 'b', error: /attribute name, not a variable/ },
  { name: 'attribute in a select', src: 'x: x.a$0', to: 'b', error: /attribute name, not a variable/ },
  { name: 'on a keyword', src: 'l$0et a = 1; in a', to: 'b', error: /Put the cursor on a variable/ },
  { name: 'undefined', src: 'fo$0o', to: 'b', error: /not defined/ },
];

describe('rename', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const res = rename(a, offset, c.to);
      if (c.error) {
        assert.ok('error' in res, `expected an error, got edits`);
        return assert.match(res.error, c.error);
      }
      assert.ok(!('error' in res), 'error' in res ? res.error : '');
      const after = applyEdits(text, res.edits);
      assert.equal(after, c.after);
      assert.deepEqual(analyze(after).parse.errors, []);
    });
  }

  it('prepareRename gives the range and name', () => {
    const { text, offset, a } = withCursor('let abc = 1; in ab$0c');
    const p = prepareRename(a, offset);
    assert.ok(!('error' in p));
    assert.equal(text.slice(p.range.start, p.range.end), 'abc');
    assert.equal(p.placeholder, 'abc');
    const { offset: o2, a: a2 } = withCursor('m$0ap');
    assert.ok('error' in prepareRename(a2, o2));
  });
});

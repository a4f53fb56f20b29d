import assert from 'node:assert/strict';
import { definition, references, documentHighlights } from '../../server/src/ide/navigation.js';
import { markRanges, withCursor } from './support.js';

// Definitions shown as [[...]] in the source; paths as `path:TEXT`.
const DEFINITION: Array<{ name: string; src: string; expect: string }> = [
  { name: 'let', src: 'let a = 1; in $0a', expect: 'let [[a]] = 1; in a' },
  { name: 'cursor at end of name', src: 'let abc = 1; in abc$0', expect: 'let [[abc]] = 1; in abc' },
  { name: 'lambda param', src: 'x: x$0 + 1', expect: '[[x]]: x + 1' },
  { name: 'formal', src: '{ a, b }: $0b', expect: '{ a, [[b]] }: b' },
  { name: 'at-name', src: 'args@{ a }: a$0rgs', expect: '[[args]]@{ a }: args' },
  { name: 'rec attr', src: 'rec { a = 1; b = $0a; }', expect: 'rec { [[a]] = 1; b = a; }' },
  { name: 'nested path defines the head', src: 'let a.b = 1; a.c = 2; in $0a', expect: 'let [[a]].b = 1; [[a]].c = 2; in a' },
  { name: 'inherit name goes to the source', src: 'x: let inherit $0x; in x', expect: '[[x]]: let inherit x; in x' },
  { name: 'inherited name used', src: 'x: let inherit x; in $0x', expect: 'x: let inherit [[x]]; in x' },
  { name: 'shadowing', src: 'x: x: $0x', expect: 'x: [[x]]: x' },
  { name: 'with name goes to the namespace', src: '{ pkgs }: with pkgs; $0hello', expect: '{ pkgs }: with [[pkgs]]; hello' },
  { name: 'builtin has none', src: '$0map', expect: 'map' },
  { name: 'attribute name is not a variable', src: '{ $0a = 1; }', expect: '{ a = 1; }' },
  { name: 'import path', src: 'import $0./foo/bar.nix', expect: 'path:./foo/bar.nix' },
  { name: 'imports list path', src: '{ imports = [ ./hardware-configuration.nix$0 ]; }', expect: 'path:./hardware-configuration.nix' },
  { name: 'interpolated path has none', src: 'x: ./a/${x}$0', expect: 'x: ./a/${x}' },
];

describe('definition', () => {
  for (const c of DEFINITION) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const res = definition(a, offset);
      const paths = res.flatMap((r) => ('path' in r ? [`path:${r.path}`] : []));
      if (paths.length > 0) return assert.equal(paths.join(' '), c.expect);
      assert.equal(markRanges(text, res.flatMap((r) => ('range' in r ? [r.range] : []))), c.expect);
    });
  }
});

const REFERENCES: Array<{ name: string; src: string; decl: boolean; expect: string }> = [
  { name: 'let with declaration', src: 'let $0a = 1; b = a; in a + b', decl: true, expect: 'let [[a]] = 1; b = [[a]]; in [[a]] + b' },
  { name: 'let without declaration', src: 'let a = 1; in $0a + a', decl: false, expect: 'let a = 1; in [[a]] + [[a]]' },
  { name: 'shadowed is separate', src: 'x: [ x$0 (x: x) ]', decl: true, expect: '[[x]]: [ [[x]] (x: x) ]' },
  { name: 'inherit counts as a use', src: 'x$0: { inherit x; y = x; }', decl: false, expect: 'x: { inherit [[x]]; y = [[x]]; }' },
  { name: 'builtins', src: '[ map$0 (map) builtins.map ]', decl: true, expect: '[ [[map]] ([[map]]) builtins.map ]' },
];

describe('references', () => {
  for (const c of REFERENCES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      assert.equal(markRanges(text, references(a, offset, c.decl)), c.expect);
    });
  }
});

describe('document highlights', () => {
  it('marks definitions as write and uses as read', () => {
    const { text, offset, a } = withCursor('let a$0 = 1; in a');
    const hs = documentHighlights(a, offset);
    assert.deepEqual(
      hs.map((h) => `${h.kind}:${text.slice(h.range.start, h.range.end)}@${h.range.start}`),
      ['write:a@4', 'read:a@14'],
    );
  });
  it('nothing on a keyword', () => {
    const { offset, a } = withCursor('l$0et a = 1; in a');
    assert.deepEqual(documentHighlights(a, offset), []);
  });
});

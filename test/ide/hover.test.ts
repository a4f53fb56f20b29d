import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide/hover.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { withCursor } from './support.js';

const k = embeddedKnowledge();

// Each case: fixture, the hovered text, and patterns the markdown must contain (or null for no hover).
const CASES: Array<{ name: string; src: string; range?: string; expect: RegExp[] | null }> = [
  { name: 'let literal', src: 'let port = 8080; in $0port', range: 'port', expect: [/port = 8080/, /`let` binding, defined on line 1; used once/] },
  { name: 'let string', src: 'let\n  user = "alice";\nin\nus$0er', range: 'user', expect: [/user = "alice"/, /line 2/] },
  { name: 'function value', src: 'let f = { a, b ? 1 }: a; in f$0', expect: [/f = \{ a, b \? 1 \}: \.\.\./] },
  { name: 'formal with default', src: '{ a ? true }: a$0', expect: [/a \? true/, /function argument/] },
  { name: 'lambda param', src: 'x: x$0', expect: [/```nix\nx\n```/, /A function argument/] },
  { name: 'definition itself', src: 'let a$0 = [ 1 2 ]; in a', expect: [/a = \[ 1 2 \]/] },
  { name: 'builtin global', src: '$0map toString [ ]', range: 'map', expect: [/map f list/, /Applies/] },
  { name: 'builtins member', src: 'builtins.attrN$0ames { }', range: 'attrNames', expect: [/attrNames set/, /builtins\.attrNames/] },
  { name: 'underscored builtin', src: '__ad$0d 1 2', expect: [/add a b/] },
  { name: 'with name', src: '{ pkgs }: with pkgs; [ hel$0lo ]', range: 'hello', expect: [/looked up in `with pkgs;`/] },
  { name: 'inherited', src: 'x: let inherit x$0; in x', expect: [/Inherited from a function argument on line 1/] },
  { name: 'inherit from', src: '{ pkgs }: let inherit (pkgs) li$0b; in lib', range: 'lib', expect: [/lib = pkgs\.lib/, /inherited `let` binding/] },
  { name: 'undefined', src: 'fo$0o', expect: [/`foo` is not defined/] },
  { name: 'keyword', src: 'l$0et a = 1; in a', expect: null },
  { name: 'attribute name', src: '{ a$0 = 1; }', expect: null },
];

describe('hover', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const h = hover(a, offset, k);
      if (c.expect === null) return assert.equal(h, null);
      assert.ok(h, 'no hover');
      if (c.range) assert.equal(text.slice(h.range.start, h.range.end), c.range);
      for (const re of c.expect) assert.match(h.markdown, re);
    });
  }
});

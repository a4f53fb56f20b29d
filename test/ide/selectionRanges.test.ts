import assert from 'node:assert/strict';
import { selectionRanges } from '../../server/src/ide/selectionRanges.js';
import { withCursor } from './support.js';

// The chain as the selected texts, innermost first (the whole file last).
function chain(src: string): string[] {
  const { text, offset, a } = withCursor(src);
  const [rs] = selectionRanges(a, [offset]);
  return rs!.map((r) => text.slice(r.start, r.end));
}

const CASES: Array<{ name: string; src: string; expect: string[] }> = [
  {
    name: 'attribute path levels and binding',
    src: '{ services.open$0ssh.enable = true; }',
    expect: ['openssh', 'services.openssh', 'services.openssh.enable', 'services.openssh.enable = true;', 'services.openssh.enable = true;', '{ services.openssh.enable = true; }'].filter((s, i, xs) => xs.indexOf(s) === i),
  },
  {
    name: 'string contents before the string',
    src: '{ a = "hel$0lo world"; }',
    expect: ['hello world', '"hello world"', 'a = "hello world";', '{ a = "hello world"; }'],
  },
  {
    name: 'list items and inside of brackets',
    src: 'x: [ 1 $0x 3 ]',
    expect: ['x', '1 x 3', '[ 1 x 3 ]', 'x: [ 1 x 3 ]'],
  },
  {
    name: 'lambda formal',
    src: '{ pk$0gs, ... }: pkgs',
    expect: ['pkgs', '{ pkgs, ... }', '{ pkgs, ... }: pkgs'],
  },
  {
    name: 'cursor at the end of a name',
    src: 'let abc$0 = 1; in abc',
    expect: ['abc', 'abc = 1;', 'let abc = 1; in abc'],
  },
  {
    name: 'interpolation inside a string',
    src: 'x: "a${x$0}b"',
    expect: ['x', '${x}', 'a${x}b', '"a${x}b"', 'x: "a${x}b"'],
  },
];

describe('selection ranges', () => {
  for (const c of CASES) it(c.name, () => assert.deepEqual(chain(c.src), c.expect));

  it('every chain grows strictly and ends at the whole file', () => {
    const src = '{ config, pkgs, ... }:\nlet x = { a.b = [ "s${pkgs.hello}" ]; };\nin with pkgs; { # c\n  y = x.a.b or (f 1); }\n';
    const { a } = withCursor('$0' + src);
    const offsets = Array.from({ length: src.length + 1 }, (_, i) => i);
    for (const rs of selectionRanges(a, offsets)) {
      assert.ok(rs.length > 0);
      for (let i = 1; i < rs.length; i++) {
        const p = rs[i - 1]!;
        const r = rs[i]!;
        assert.ok(r.start <= p.start && r.end >= p.end && (r.start < p.start || r.end > p.end));
      }
      assert.deepEqual(rs[rs.length - 1], { start: 0, end: src.length });
    }
  });

  it('empty file', () => {
    const { a } = withCursor('$0');
    assert.deepEqual(selectionRanges(a, [0]), [[{ start: 0, end: 0 }]]);
  });
});

import assert from 'node:assert/strict';
import { builtinDoc, complete } from '../../server/src/ide/completion.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { withCursor } from './support.js';

const k = embeddedKnowledge();
const labels = (src: string, kind?: string) => {
  const { offset, a } = withCursor(src);
  return complete(a, offset, k)
    .filter((e) => !kind || e.kind === kind)
    .map((e) => e.label);
};

// Each case: fixture, entries that must be offered (`kind:label`), and labels that must not.
const CASES: Array<{ name: string; src: string; has: string[]; not?: string[] }> = [
  { name: 'let names and args', src: '{ pkgs, ... }: let foo = 1; in $0', has: ['variable:foo', 'argument:pkgs', 'function:map', 'keyword:if'] },
  { name: 'narrowed to the word typed', src: '{ pkgs, ... }: let foo = 1; in f$0', has: ['variable:foo', 'function:fetchTarball', 'keyword:if'], not: ['argument:pkgs', 'function:map'] },
  { name: 'narrowed to letters in order, any case', src: 'let myEditorName = 1; in edN$0', has: ['variable:myEditorName'], not: ['function:map'] },
  { name: 'inner scope shadows', src: 'x: let x = 1; in $0', has: ['variable:x'], not: ['argument:x'] },
  { name: 'not visible outside its let', src: '[ (let hidden = 1; in hidden) $0 ]', has: ['function:map'], not: ['variable:hidden'] },
  { name: 'inherit looks outside', src: 'outer: let inner = 1; inherit $0; in inner', has: ['argument:outer'], not: ['variable:inner'] },
  { name: 'builtins members', src: 'builtins.$0', has: ['function:attrNames', 'variable:currentSystem', 'function:map'], not: ['keyword:if'] },
  { name: 'builtins member partly typed', src: 'builtins.attrN$0', has: ['function:attrNames'] },
  { name: 'snippets', src: '$0', has: ['snippet:let', 'snippet:if'], not: ['snippet:mkIf'] },
  { name: 'mkIf with lib', src: '{ lib, ... }: { a = $0; }', has: ['snippet:mkIf'] },
  { name: 'mkIf with lib, partly typed', src: '{ lib, ... }: { a = mk$0; }', has: ['snippet:mkIf'], not: ['argument:lib'] },
  { name: 'a local shadows a builtin of its name, also when narrowed', src: 'let map = 1; in ma$0', has: ['variable:map'], not: ['function:map'] },
  { name: 'names from a with, narrowed', src: '{ pkgs }: with pkgs; [ git vim g$0 ]', has: ['variable:git'], not: ['variable:vim'] },
  { name: 'attribute names after a path', src: '{ services.openssh.enable = true; services.nginx.enable = true; services.$0 }', has: ['property:openssh', 'property:nginx'] },
  { name: 'attribute names inside nesting', src: '{ services.openssh.enable = true; services = { $0 }; }', has: ['property:openssh', 'keyword:inherit'], not: ['function:map'] },
  { name: 'select paths', src: '{ config, ... }: { x = config.services.foo.enable; y = config.services.$0; }', has: ['property:foo'] },
  { name: 'names from the same with', src: '{ pkgs }: with pkgs; [ git vim $0 ]', has: ['variable:git', 'variable:vim'] },
  { name: 'nothing in comments', src: '# hello $0\n1', has: [], not: ['keyword:if'] },
  { name: 'nothing in strings', src: '"abc $0"', has: [], not: ['keyword:if'] },
  { name: 'interpolation is an expression', src: 'let v = 1; in "abc ${$0}"', has: ['variable:v'] },
  { name: 'inherit from a set', src: '{ lib, ... }: let inherit (lib) $0; in lib.mkIf (lib.mkDefault 1)', has: ['property:mkIf', 'property:mkDefault'], not: ['keyword:if'] },
  { name: 'inherit from a set, after a name', src: '{ lib, ... }: let inherit (lib.types) str $0; in lib.types.int', has: ['property:int'] },
  { name: 'nothing in a pattern', src: '{ a, $0 }: a', has: [], not: ['keyword:if'] },
];

describe('completion', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { offset, a } = withCursor(c.src);
      const got = complete(a, offset, k).map((e) => `${e.kind}:${e.label}`);
      for (const h of c.has) assert.ok(got.includes(h), `missing ${h} in ${got.slice(0, 30).join(', ')}`);
      for (const n of c.not ?? []) assert.ok(!got.includes(n), `unexpected ${n}`);
    });
  }

  it('builtin entries carry signature and docs', () => {
    const { offset, a } = withCursor('builtins.$0');
    const e = complete(a, offset, k).find((x) => x.label === 'foldl\'')!;
    assert.equal(e.detail, "foldl' op start list");
    assert.ok(e.documentation);
  });

  it('puts entries starting with the word before the others', () => {
    const { offset, a } = withCursor('let xmap = 1; mapx = 2; in map$0');
    const got = complete(a, offset, k).map((e) => e.label);
    assert.ok(got.indexOf('mapx') < got.indexOf('xmap'), got.join(', '));
    assert.ok(got.indexOf('map') < got.indexOf('xmap'), got.join(', '));
  });

  it('names the builtin whose documentation can be fetched later', () => {
    const { offset, a } = withCursor('builtins.attrN$0');
    const e = complete(a, offset, k).find((x) => x.label === 'attrNames')!;
    assert.equal(e.builtin, 'attrNames');
    assert.equal(builtinDoc(k, 'attrNames'), e.documentation);
  });

  it('snippets are marked as snippets', () => {
    const e = labels('$0', 'snippet');
    assert.ok(e.includes('let'));
    const { offset, a } = withCursor('$0');
    assert.ok(complete(a, offset, k).filter((x) => x.kind === 'snippet').every((x) => x.isSnippet && x.insertText));
  });
});

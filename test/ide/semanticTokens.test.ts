import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { LineIndex } from '../../server/src/syntax/index.js';
import {
  semanticTokens,
  describeSemanticTokens,
  encodeSemanticTokens,
  SEMANTIC_TOKEN_TYPES,
  SEMANTIC_TOKEN_MODIFIERS,
} from '../../server/src/ide/semanticTokens.js';

const show = (src: string) => describeSemanticTokens(src, semanticTokens(analyze(src)));

// Only the listed tokens are checked (each must appear, in this order).
const CASES: Array<{ name: string; src: string; expect: string[] }> = [
  {
    name: 'let variables, lambda bindings applied as functions',
    src: 'let f = x: x; y = 1; in f y',
    expect: ['f:function.declaration.definition', 'x:parameter.declaration.definition', 'x:parameter', 'y:variable.declaration.definition', 'f:function', 'y:variable'],
  },
  { name: 'formals and at-name', src: 'args@{ a, ... }: a', expect: ['args:parameter.declaration.definition', 'a:parameter.declaration.definition', '...:keyword', 'a:parameter'] },
  { name: 'rec attributes', src: 'rec { a = 1; b = a; }', expect: ['a:property.declaration.definition', 'b:property.declaration.definition', 'a:property'] },
  { name: 'attribute names are property declarations', src: '{ a.b = 1; }', expect: ['a:property.declaration', 'b:property.declaration', '1:number'] },
  {
    name: 'builtins',
    src: '[ builtins.map map true null builtins.currentSystem ]',
    expect: ['builtins:namespace.defaultLibrary', 'map:function.defaultLibrary', 'map:function.defaultLibrary', 'true:enumMember.readonly.defaultLibrary', 'null:enumMember.readonly.defaultLibrary', 'builtins:namespace.defaultLibrary', 'currentSystem:variable.readonly.defaultLibrary'],
  },
  { name: 'with-scoped names', src: '{ pkgs }: with pkgs; [ hello ]', expect: ['with:keyword', 'pkgs:parameter', 'hello:variable.withScoped'] },
  { name: 'undefined names', src: 'nope', expect: ['nope:variable.unresolved'] },
  { name: 'select attributes and or', src: 'x: x.a.b or 1', expect: ['x:parameter', 'a:property', 'b:property', 'or:keyword'] },
  { name: 'paths, URIs and search paths', src: '[ ./a.nix <nixpkgs> https://x.org/y ~/z ]', expect: ['./a.nix:string.path', '<nixpkgs>:string.path', 'https://x.org/y:string.path', '~/z:string.path'] },
  { name: 'interpolation boundaries and escapes', src: 'x: "a${x}\\n"', expect: ['":string', 'a:string', '${:macro', 'x:parameter', '}:macro', '\\n:regexp', '":string'] },
  { name: 'keywords and operators', src: 'if a == b then c else d ++ e // f', expect: ['if:keyword', '==:operator', 'then:keyword', 'else:keyword', '++:operator', '//:operator'] },
  { name: 'comments', src: '# hi\n/* a */ 1', expect: ['# hi:comment', '/* a */:comment'] },
  { name: 'quoted attribute name', src: '{ "a b" = 1; }', expect: ['":property.declaration', 'a b:property.declaration', '":property.declaration'] },
];

function isSubsequence(have: string[], want: string[]): boolean {
  let i = 0;
  for (const h of have) if (i < want.length && h === want[i]) i++;
  return i === want.length;
}

describe('semantic tokens', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const got = show(c.src);
      assert.ok(isSubsequence(got, c.expect), `got ${JSON.stringify(got)}`);
    });
  }

  it('splits multi-line tokens per line', () => {
    const src = "/* a\r\n b */ ''\n  x\n''";
    assert.deepEqual(show(src), ['/* a:comment', ' b */:comment', "'':string", '  x:string', "'':string"]);
  });

  it('sorted, non-overlapping, single-line, in bounds', () => {
    const src = '{ config, pkgs, lib, ... }:\nlet\n  x = "a\n  b${pkgs.hello}";\nin with lib; {\n  # c\n  a = [ x ./p.nix ];\n  b = mkIf true { c = 1; };\n}\n';
    const toks = semanticTokens(analyze(src));
    let prev = 0;
    for (const t of toks) {
      assert.ok(t.start >= prev, 'sorted and non-overlapping');
      assert.ok(t.length > 0 && !/[\r\n]/.test(src.slice(t.start, t.start + t.length)));
      assert.ok(t.type >= 0 && t.type < SEMANTIC_TOKEN_TYPES.length);
      assert.ok(t.modifiers < 1 << SEMANTIC_TOKEN_MODIFIERS.length);
      prev = t.start + t.length;
    }
  });

  it('range restricts to overlapping tokens', () => {
    const src = 'let a = 1; in a';
    const toks = semanticTokens(analyze(src), { start: 4, end: 9 });
    assert.deepEqual(describeSemanticTokens(src, toks), ['a:variable.declaration.definition', '1:number']);
  });

  it('encodes relative to the previous token', () => {
    const src = 'let\n  a = 1;\nin a';
    const data = encodeSemanticTokens(semanticTokens(analyze(src)), new LineIndex(src));
    // let @0:0, a @1:2, 1 @1:6, in @2:0, a @2:3
    assert.deepEqual(
      data.filter((_, i) => i % 5 < 3),
      [0, 0, 3, 1, 2, 1, 0, 4, 1, 1, 0, 2, 0, 3, 1],
    );
  });

  it('never throws on broken input', () => {
    for (const src of ['{ a = ', 'let in', '"${', "''${x", 'x: { inherit (', '<', '/* ']) semanticTokens(analyze(src));
  });
});

import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { applyEdits, slice } from './support.js';

// Each case: source, then the diagnostics as `code "covered text"` (parse errors included).
const CASES: Array<{ name: string; src: string; expect: string[] }> = [
  { name: 'clean let', src: 'let a = 1; in a', expect: [] },
  { name: 'undefined variable', src: 'let a = 1; in b', expect: ['unused-let "a"', 'undefined-variable "b"'] },
  { name: 'builtins are defined', src: 'map toString [ true false null builtins.map ]', expect: [] },
  { name: '__ names are builtins', src: '__add 1 2', expect: [] },
  { name: 'with makes names dynamic', src: '{ pkgs, ... }: with pkgs; [ hello ]', expect: [] },
  { name: 'lexical wins over with', src: 'let x = 1; in with { y = 2; }; x', expect: ['unused-with "with { y = 2; };"'] },
  { name: 'unused with', src: '{ lib, ... }: with lib; 1', expect: ['unused-with "with lib;"'] },
  { name: 'a with with no body is only the syntax error', src: 'x: with x;', expect: ['syntax ""'] },
  { name: 'with used', src: '{ lib, ... }: with lib; mkIf', expect: [] },
  { name: 'rec needed', src: 'rec { a = 1; b = a; }', expect: [] },
  { name: 'rec unnecessary', src: 'rec { a = 1; b = 2; }', expect: ['unnecessary-rec "rec"'] },
  { name: 'rec inherit reads outside', src: 'let a = 1; in rec { inherit a; }', expect: ['unnecessary-rec "rec"'] },
  { name: 'let inherit reads outside', src: 'x: let inherit x; in x', expect: [] },
  { name: 'inherit from evaluates inside', src: 'let p = { q = 1; }; inherit (p) q; in q', expect: [] },
  { name: 'unused chain is dead', src: 'let a = 1; b = a; in 2', expect: ['unused-let "a"', 'unused-let "b"'] },
  { name: 'inherit from is needed by each name', src: 'let a = { x = 1; y = 2; }; inherit (a) x y; in y', expect: ['unused-let "x"'] },
  { name: 'inherit from of dead names is dead', src: 'let a = { }; inherit (a) x y; in 2', expect: ['unused-let "a"', 'unused-let "x"', 'unused-let "y"'] },
  { name: 'self reference is not a use', src: 'let a = [ a ]; in 2', expect: ['unused-let "a"'] },
  { name: 'underscore prefix is kept', src: 'let _a = 1; in 2', expect: [] },
  { name: 'unused plain param is not reported (like nil)', src: 'x: 1', expect: [] },
  { name: 'unused formal of the file function', src: '{ a, b, ... }: a', expect: ['unused-arg "b"'] },
  { name: 'unused formal of a package', src: '{ stdenv, hello }: stdenv.mkDerivation { }', expect: ['unused-arg "hello"'] },
  { name: 'nested formals are not reported', src: 'let f = { a, b, ... }: a; in f', expect: [] },
  { name: 'formals under a with-less let body', src: '{ lib, pkgs, ... }: { foo = with pkgs; [ bar ]; }', expect: ['unused-arg "lib"'] },
  { name: 'unused at-name', src: 'args@{ a }: a', expect: ['unused-arg "args"'] },
  { name: 'unused formal without ellipsis', src: '{ a, b }: b', expect: ['unused-arg "a"'] },
  { name: 'unused formal with ellipsis', src: '{ a, b, ... }: b', expect: ['unused-arg "a"'] },
  { name: 'the ellipsis is no argument', src: '{ ... }: 1', expect: [] },
  { name: 'underscore formal is kept', src: '{ _a, b, ... }: b', expect: [] },
  { name: 'underscore at-name is kept', src: '_args@{ b }: b', expect: [] },
  { name: 'underscore at-name after the set is kept', src: '{ b, ... }@_args: b', expect: [] },
  { name: 'underscore plain param is kept', src: '_x: 1', expect: [] },
  { name: 'formal default sees formals', src: '{ a ? b, b ? 1 }: a', expect: [] },
  { name: 'empty inherit', src: '{ inherit; }', expect: ['empty-inherit "inherit;"'] },
  { name: 'empty let', src: 'let in 1', expect: ['empty-let "let in"'] },
  { name: 'legacy let', src: 'let { a = 1; body = a; }', expect: ['legacy-let "let"'] },
  { name: 'uri literal', src: '{ url = http://example.org/x; }', expect: ['uri-literal "http://example.org/x"'] },
  { name: 'with shadows local', src: 'let x = 1; s = { x = 2; }; in with s; x', expect: ['unused-with "with s;"', 'with-shadows-local "x"'] },
  { name: 'attribute names are not variables', src: '{ a.b = c.d; }', expect: ['undefined-variable "c"'] },
  { name: 'select attrs are not variables', src: 'x: x.y.z or w', expect: ['undefined-variable "w"'] },
  { name: 'dynamic attr is an expression', src: '{ ${k} = 1; }', expect: ['undefined-variable "k"'] },
  { name: 'string interpolation', src: 'let v = 1; in "a${v}b${u}"', expect: ['undefined-variable "u"'] },
  { name: 'parse errors pass through', src: '{ a = 1; a = 2; }', expect: ['duplicate-attr "a"'] },
  { name: 'comparison chain', src: '1 < 2 < 3', expect: ['comparison-chain "<"'] },
  { name: 'path with a trailing slash', src: '[ ./foo/ ]', expect: ['path-trailing-slash "./foo/"'] },
  { name: 'rec attrset is a scope', src: 'rec { a = b; b = 1; }', expect: [] },
  { name: 'legacy let is a scope', src: 'let { body = a; a = 1; }', expect: ['legacy-let "let"'] },
];

describe('diagnostics', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const a = analyze(c.src);
      const got = computeDiagnostics(a).map((d) => `${d.code} ${JSON.stringify(slice(c.src, d))}`);
      assert.deepEqual(got, c.expect);
    });
  }

  it('severities, tags and messages', () => {
    const ds = computeDiagnostics(analyze('let a = 1; in b'));
    const undef = ds.find((d) => d.code === 'undefined-variable')!;
    assert.equal(undef.severity, 'error');
    assert.match(undef.message, /`b` is not defined/);
    const unused = ds.find((d) => d.code === 'unused-let')!;
    assert.equal(unused.severity, 'warning');
    assert.deepEqual(unused.tags, ['unnecessary']);
  });

  it('unused-arg messages follow the ellipsis', () => {
    const message = (src: string) => computeDiagnostics(analyze(src)).find((d) => d.code === 'unused-arg')!.message;
    assert.match(message('{ a, b, ... }: b'), /`\.\.\.` still accepts it, so it can be removed/);
    assert.match(message('{ a, b }: b'), /callers must then stop passing it/);
  });
});

// Each case: source, the diagnostic code, the fix title (prefix), and the text after applying it.
const FIXES: Array<{ name: string; src: string; code: string; fix: string; after: string }> = [
  {
    name: 'add lib to module args',
    src: '{ config, pkgs, ... }:\n{ x = lib.mkIf true 1; }',
    code: 'undefined-variable',
    fix: 'Add `lib`',
    after: '{ config, pkgs, lib, ... }:\n{ x = lib.mkIf true 1; }',
  },
  {
    name: 'add pkgs to one-per-line args',
    src: '{\n  config,\n  ...\n}:\n{ x = pkgs.hello; }',
    code: 'undefined-variable',
    fix: 'Add `pkgs`',
    after: '{\n  config,\n  pkgs,\n  ...\n}:\n{ x = pkgs.hello; }',
  },
  {
    name: 'add pkgs to leading-comma args',
    src: '{ config\n, ...\n}:\n{ x = pkgs.hello; }',
    code: 'undefined-variable',
    fix: 'Add `pkgs`',
    after: '{ config\n, pkgs\n, ...\n}:\n{ x = pkgs.hello; }',
  },
  {
    name: 'add any name when a pattern exists',
    src: '{ a }: a + foo',
    code: 'undefined-variable',
    fix: 'Add `foo`',
    after: '{ a, foo }: a + foo',
  },
  {
    name: 'bare module becomes a function',
    src: '{ environment.systemPackages = [ pkgs.git ]; }',
    code: 'undefined-variable',
    fix: 'Make this file a function',
    after: '{ pkgs, ... }:\n\n{ environment.systemPackages = [ pkgs.git ]; }',
  },
  {
    name: 'typo suggestion',
    src: 'let hello = 1; in helo',
    code: 'undefined-variable',
    fix: 'Change to `hello`',
    after: 'let hello = 1; in hello',
  },
  {
    name: 'typo of a builtin',
    src: 'toStrin 1',
    code: 'undefined-variable',
    fix: 'Change to `toString`',
    after: 'toString 1',
  },
  {
    name: 'remove unused let on its own line',
    src: 'let\n  a = 1;\n  b = 2;\nin\nb',
    code: 'unused-let',
    fix: 'Remove unused binding',
    after: 'let\n  b = 2;\nin\nb',
  },
  {
    name: 'remove unused let inline',
    src: 'let a = 1; b = 2; in b',
    code: 'unused-let',
    fix: 'Remove unused binding',
    after: 'let b = 2; in b',
  },
  {
    name: 'remove one inherited name',
    src: 'let inherit (builtins) map head; in map',
    code: 'unused-let',
    fix: 'Remove unused binding',
    after: 'let inherit (builtins) map; in map',
  },
  {
    name: 'remove a nested-path binding everywhere',
    src: 'let\n  a.x = 1;\n  a.y = 2;\nin\n3',
    code: 'unused-let',
    fix: 'Remove unused binding',
    after: 'let\nin\n3',
  },
  { name: 'remove with', src: 'x: with x; 1 + x', code: 'unused-with', fix: 'Remove unused `with`', after: 'x: 1 + x' },
  { name: 'remove rec', src: 'rec { a = 1; }', code: 'unnecessary-rec', fix: 'Remove `rec`', after: '{ a = 1; }' },
  { name: 'remove empty inherit', src: '{\n  inherit;\n  a = 1;\n}', code: 'empty-inherit', fix: 'Remove', after: '{\n  a = 1;\n}' },
  { name: 'remove empty let', src: 'let in 1', code: 'empty-let', fix: 'Remove', after: '1' },
  { name: 'quote uri', src: 'x: http://a.b/c', code: 'uri-literal', fix: 'Quote', after: 'x: "http://a.b/c"' },
  {
    name: 'legacy let rewrite',
    src: 'let { a = 1; body = a; }',
    code: 'legacy-let',
    fix: 'Rewrite',
    after: 'let\n  a = 1;\nin\na',
  },
  { name: 'remove unused formal', src: '{ a, b, ... }: a', code: 'unused-arg', fix: 'Remove the unused argument', after: '{ a, ... }: a' },
  { name: 'remove last unused formal', src: '{ a, b ? 1 }: a', code: 'unused-arg', fix: 'Remove the unused argument', after: '{ a }: a' },
  { name: 'remove unused formal without ellipsis', src: '{ stdenv, hello }: stdenv', code: 'unused-arg', fix: 'Remove the unused argument', after: '{ stdenv }: stdenv' },
  { name: 'remove formal on its own line', src: '{\n  lib,\n  pkgs,\n  ...\n}:\npkgs', code: 'unused-arg', fix: 'Remove the unused argument', after: '{\n  pkgs,\n  ...\n}:\npkgs' },
  { name: 'remove unused at-name', src: 'args @ { a, ... }: a', code: 'unused-arg', fix: 'Remove', after: '{ a, ... }: a' },
  { name: 'parenthesise a comparison chain', src: '1 < 2 < 3', code: 'comparison-chain', fix: 'Add parentheses', after: '(1 < 2) < 3' },
  { name: 'parenthesise an equality chain', src: 'x: x == 1 == true', code: 'comparison-chain', fix: 'Add parentheses', after: 'x: (x == 1) == true' },
  { name: 'parenthesise a chain of mixed comparisons', src: 'x: x == 1 != false', code: 'comparison-chain', fix: 'Add parentheses', after: 'x: (x == 1) != false' },
  {
    name: 'parenthesise the whole left comparison',
    src: '{ ok = 1 + 2 < 3 + 4 <= 5; }',
    code: 'comparison-chain',
    fix: 'Add parentheses',
    after: '{ ok = (1 + 2 < 3 + 4) <= 5; }',
  },
  { name: 'add to arguments: not to a pattern the parser could not read', src: '{ a ? }: b', code: 'undefined-variable', fix: 'Add `b`', after: '' },
  { name: 'remove a formal: not from a pattern the parser could not read', src: '{ a b }: c', code: 'unused-arg', fix: 'Remove the unused argument', after: '' },
  { name: 'parenthesise: not without a right operand', src: '1 < 2 <', code: 'comparison-chain', fix: 'Add parentheses', after: '' },
  { name: 'parenthesise: not without a middle operand', src: '1 < < 3', code: 'comparison-chain', fix: 'Add parentheses', after: '' },
  { name: 'remove a trailing slash', src: './foo/', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: './foo' },
  { name: 'remove a trailing slash in a set', src: '{ src = ./pkgs/foo/; }', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: '{ src = ./pkgs/foo; }' },
  { name: 'remove a trailing slash of a home path', src: '[ ~/x/ ]', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: '[ ~/x ]' },
  { name: 'remove a trailing slash after interpolation', src: 'x: ./foo/${x}/', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: 'x: ./foo/${x}' },
  { name: 'remove a trailing slash: not of a double slash', src: './foo//', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: '' },
  { name: 'remove a trailing slash: not of a double slash after interpolation', src: 'x: ./a/${x}//', code: 'path-trailing-slash', fix: 'Remove the trailing slash', after: '' },
  // must not apply
  { name: 'remove unused let: not while a dead binding uses it', src: 'let a = 1; b = a; in 2', code: 'unused-let', fix: 'Remove unused binding `a`', after: '' },
  { name: 'remove unused let: not in a dead cycle', src: 'let a = b; b = a; in 2', code: 'unused-let', fix: 'Remove unused binding', after: '' },
  { name: 'remove unused let: not while inherit (a) stays', src: 'let a = { }; inherit (a) x y; in 2', code: 'unused-let', fix: 'Remove unused binding `a`', after: '' },
  { name: 'remove with: not without its semicolon', src: 'x: with x', code: 'unused-with', fix: 'Remove unused `with`', after: '' },
  { name: 'add to arguments: not a plain parameter', src: 'x: foo', code: 'undefined-variable', fix: 'Add `foo`', after: '' },
  { name: 'add to arguments: not over a name from a with', src: '{ pkgs }: [ (with pkgs; hello) hello ]', code: 'undefined-variable', fix: 'Add `hello`', after: '' },
  {
    name: 'make a function: not over a name from a with',
    src: 'let ns = { }; in { a = with ns; pkgs; b = pkgs; }',
    code: 'undefined-variable',
    fix: 'Make this file a function',
    after: '',
  },
];

describe('diagnostic fixes', () => {
  for (const c of FIXES) {
    it(c.name, () => {
      const a = analyze(c.src);
      const d = computeDiagnostics(a).find((x) => x.code === c.code);
      if (c.after === '') {
        // must not apply: no diagnostic of that code, or no such fix
        assert.ok(!d || !(d.fixes ?? []).some((f) => f.title.startsWith(c.fix)));
        return;
      }
      assert.ok(d, `no ${c.code} diagnostic`);
      const f = (d.fixes ?? []).find((x) => x.title.startsWith(c.fix));
      assert.ok(f, `no fix "${c.fix}" among ${(d.fixes ?? []).map((x) => x.title).join(', ')}`);
      const after = applyEdits(c.src, f.edits);
      assert.equal(after, c.after);
      // the result must still parse cleanly
      assert.deepEqual(analyze(after).parse.errors, []);
    });
  }
});

describe('comparison-chain fixes', () => {
  it('the last error of a longer chain parenthesises the chain on its left', () => {
    const src = '1 < 2 < 3 < 4';
    const ds = computeDiagnostics(analyze(src)).filter((d) => d.code === 'comparison-chain');
    assert.deepEqual(ds.map((d) => applyEdits(src, d.fixes![0]!.edits)), ['(1 < 2) < 3 < 4', '((1 < 2) < 3) < 4']);
    assert.deepEqual(analyze('((1 < 2) < 3) < 4').parse.errors, []);
  });
});

describe('undefined-variable fix order', () => {
  const titles = (src: string) => {
    const d = computeDiagnostics(analyze(src)).find((x) => x.code === 'undefined-variable')!;
    return (d.fixes ?? []).map((f) => `${f.preferred ? '*' : ''}${f.title}`);
  };
  it('a typo: the spelling fix first and preferred', () => {
    assert.deepEqual(titles('{ ... }: let userName = 1; in usrName'), ['*Change to `userName`', 'Add `usrName` to the function\'s arguments']);
  });
  it('a module argument: adding it first and preferred', () => {
    assert.deepEqual(titles('{ lib, ... }: pkgs'), ['*Add `pkgs` to the function\'s arguments']);
  });
  it('no guesses for very short names', () => {
    assert.deepEqual(titles('let x = 1; in y'), []);
  });
});

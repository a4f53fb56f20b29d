import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { codeActions } from '../../server/src/ide/assists/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { staticStringValue, SyntaxKind, descendants } from '../../server/src/syntax/index.js';
import { applyEdits, withCursor } from './support.js';

// Each case: fixture with the cursor, the action title (prefix), and the text after it;
// `after: null` means the action must not be offered there.
const CASES: Array<{ name: string; src: string; action: string; after: string | null }> = [
  // flatten
  { name: 'flatten one', src: '{ a$0 = { b = 1; }; }', action: 'Flatten', after: '{ a.b = 1; }' },
  { name: 'flatten several on lines', src: '{\n  a$0 = { b = 1; c.d = 2; };\n}', action: 'Flatten', after: '{\n  a.b = 1;\n  a.c.d = 2;\n}' },
  { name: 'flatten: not a rec set', src: '{ a$0 = rec { b = 1; c = b; }; }', action: 'Flatten', after: null },
  { name: 'flatten: not with inherit', src: 'x: { a$0 = { inherit x; }; }', action: 'Flatten', after: null },
  { name: 'flatten: not from the value', src: '{ a = { b = 1$0; }; }', action: 'Flatten', after: null },
  { name: 'flatten: not an empty set', src: '{ a$0 = { }; }', action: 'Flatten', after: null },
  // pack
  { name: 'pack one', src: '{ a$0.b = 1; }', action: 'Pack', after: '{ a = { b = 1; }; }' },
  { name: 'pack siblings', src: '{\n  a.b = 1;\n  x = 2;\n  a$0.c.d = 3;\n}', action: 'Pack', after: '{\n  a = {\n    b = 1;\n    c.d = 3;\n  };\n  x = 2;\n}' },
  { name: 'pack: not when `a = ...` exists', src: '{ a$0.b = 1; a = { c = 2; }; }', action: 'Pack', after: null },
  { name: 'pack: not a single name', src: '{ a$0 = 1; }', action: 'Pack', after: null },
  // inherit
  { name: 'x = x to inherit', src: 'x: { x$0 = x; }', action: 'Rewrite as `inherit x;`', after: 'x: { inherit x; }' },
  { name: 'x = e.x to inherit (e)', src: 'e: { x$0 = e.x; }', action: 'Rewrite as `inherit (e) x;`', after: 'e: { inherit (e) x; }' },
  { name: 'not a self reference in let', src: 'let x$0 = x; in x', action: 'Rewrite as `inherit', after: null },
  { name: 'not a different name', src: 'y: { x$0 = y; }', action: 'Rewrite as `inherit', after: null },
  { name: 'not with a default', src: 'e: { x$0 = e.x or 1; }', action: 'Rewrite as `inherit', after: null },
  { name: 'inherit to bindings', src: 'x: y: {\n  inherit$0 x y;\n}', action: 'Rewrite `inherit` as', after: 'x: y: {\n  x = x;\n  y = y;\n}' },
  { name: 'inherit (e) to bindings', src: 'let inherit$0 (builtins) map; in map', action: 'Rewrite `inherit (...)`', after: 'let map = builtins.map; in map' },
  { name: 'inherit in let stays', src: 'x: let inherit$0 x; in x', action: 'Rewrite `inherit` as', after: null },
  // quoting
  { name: 'quote', src: '{ a$0.b = 1; }', action: 'Quote', after: '{ "a".b = 1; }' },
  { name: 'unquote', src: '{ "ab$0c" = 1; }', action: 'Unquote', after: '{ abc = 1; }' },
  { name: 'not unquote a non-identifier', src: '{ "a b$0" = 1; }', action: 'Unquote', after: null },
  { name: 'quote in a select', src: 'x: x.a$0', action: 'Quote', after: 'x: x."a"' },
  { name: 'not quote an already quoted name', src: '{ "a$0" = 1; }', action: 'Quote', after: null },
  { name: 'not quote a dynamic name', src: 'x: { ${x$0} = 1; }', action: 'Quote', after: null },
  { name: 'not quote an inherited name', src: 'x: { inherit x$0; }', action: 'Quote', after: null },
  { name: 'not quote from the value', src: 'x: { a = x$0; }', action: 'Quote', after: null },
  // strings
  { name: 'to indented', src: 'x: { s = "a$0\\nb\\n"; }', action: 'Convert to an indented', after: "x: { s = ''\n  a\n  b\n''; }" },
  { name: 'to indented, escapes', src: 'x: "it$0\'s ${x} \\${y} two\'\'"', action: 'Convert to an indented', after: "x: ''it's ${x} ''${y} two''\\'''\\'''" },
  { name: 'to indented: not with common leading spaces', src: '" a$0\\n b"', action: 'Convert to an indented', after: null },
  { name: 'to plain', src: "''\n  a$0 \"q\"\n  b ${x}\n''", action: 'Convert to a "..."', after: '"a \\"q\\"\\nb ${x}\\n"' },
  { name: 'to plain keeps escapes', src: "''a$0''$ ''${b} \\\\ c''", action: 'Convert to a "..."', after: '"a$ \\${b} \\\\\\\\ c"' },
  { name: 'to plain: not a "..." string', src: '"a$0 b"', action: 'Convert to a "..."', after: null },
  { name: 'to plain: not an unterminated string', src: "''a$0 b", action: 'Convert to a "..."', after: null },
  { name: 'to plain: not from outside the string', src: "x: [ x$0 ''a'' ]", action: 'Convert to a "..."', after: null },
];

describe('code actions', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const acts = codeActions(a, { start: offset, end: offset }, computeDiagnostics(a)).filter((x) => x.title.startsWith(c.action));
      if (c.after === null) return assert.deepEqual(acts.map((x) => x.title), []);
      assert.equal(acts.length, 1, `expected one "${c.action}" action`);
      const after = applyEdits(text, acts[0]!.edits);
      assert.equal(after, c.after);
      assert.deepEqual(analyze(after).parse.errors, [], 'result must parse');
    });
  }

  it('string conversions keep the value', () => {
    for (const src of ['"a$0\\nb\\n"', '"x$0 \'\' \\${y} \\t z"', "''\n  a$0\n    b\n''", "''a$0 ''${q} '''''"]) {
      const { text, offset, a } = withCursor(src);
      const act = codeActions(a, { start: offset, end: offset }, computeDiagnostics(a)).find((x) => x.title.startsWith('Convert'))!;
      const after = applyEdits(text, act.edits);
      const value = (t: string) => {
        const s = [...descendants(analyze(t).tree)].find((n) => n.kind === SyntaxKind.String || n.kind === SyntaxKind.IndString)!;
        return staticStringValue(s);
      };
      assert.equal(value(after), value(text), `${text} -> ${after}`);
    }
  });

  it('includes quick fixes of diagnostics in the range', () => {
    const { offset, a } = withCursor('{ config, ... }: { x = li$0b.mkIf true 1; }');
    const acts = codeActions(a, { start: offset, end: offset }, computeDiagnostics(a));
    const fix = acts.find((x) => x.kind === 'quickfix' && x.title.startsWith('Add `lib`'));
    assert.ok(fix);
    assert.ok(acts.every((x) => x.kind === 'quickfix' || x.kind.startsWith('refactor')));
  });
});

describe('string conversions agree with real Nix', function () {
  this.timeout(60_000);
  const STRINGS = [
    '"a$0\\nb\\n"',
    '"x$0 \'\' \\${y} \\t z"',
    '"a$0\\nb"',
    '"it$0\'s \'"',
    '"dollar $0$ and ${q}"',
    "''\n  a$0\n    b\n''",
    "''a$0 ''${q} '''''",
    "''\n  line$0 one\n  \"two\" \\ three\n  ''\\t tab\n''",
  ];
  it('each conversion evaluates to the same string', async () => {
    const { requireTool } = await import('../support/tools.js');
    const { execFileSync } = await import('node:child_process');
    requireTool('nix-instantiate');
    const evalNix = (expr: string) =>
      execFileSync('nix-instantiate', ['--eval', '--strict', '-E', `let q = "Q"; in ${expr}`], { encoding: 'utf8' });
    for (const src of STRINGS) {
      const { text, offset, a } = withCursor(src);
      const act = codeActions(a, { start: offset, end: offset }, computeDiagnostics(a)).find((x) => x.title.startsWith('Convert'));
      assert.ok(act, `no conversion for ${text}`);
      const after = applyEdits(text, act.edits);
      assert.equal(evalNix(after), evalNix(text), `${text} -> ${after}`);
    }
  });
});

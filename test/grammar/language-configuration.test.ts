// language-configuration.json: valid JSON with the keys VS Code reads, and
// every regex compiles (as JS RegExp, the engine VS Code uses for these) and
// matches the lines it is meant for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoRoot } from './tm';

interface OnEnterRule {
  beforeText: string;
  afterText?: string;
  previousLineText?: string;
  action: { indent: string; appendText?: string; removeText?: number };
}
interface AutoClosingPair {
  open: string;
  close: string;
  notIn?: string[];
}
interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: AutoClosingPair[];
  surroundingPairs: [string, string][];
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
  folding: { markers: { start: string; end: string } };
}

const raw = readFileSync(`${repoRoot}language-configuration.json`, 'utf8');
const config = JSON.parse(raw) as LanguageConfiguration;
const re = (source: string) => new RegExp(source);

/** The first onEnter rule VS Code would apply (rules are tried in order). */
function onEnter(before: string, after = '', previous = ''): OnEnterRule | undefined {
  return config.onEnterRules.find(
    (r) =>
      re(r.beforeText).test(before) &&
      (r.afterText === undefined || re(r.afterText).test(after)) &&
      (r.previousLineText === undefined || re(r.previousLineText).test(previous)),
  );
}

describe('language-configuration.json', () => {
  it('declares # and /* */ comments', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('declares {} [] () brackets and surrounding pairs', () => {
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    for (const pair of [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"']]) {
      assert.ok(config.surroundingPairs.some((p) => p[0] === pair[0] && p[1] === pair[1]), `surroundingPairs lacks ${pair.join('')}`);
    }
  });

  it('auto-closes ", \'\', ${ and /* with the right closers', () => {
    const pair = (open: string) => config.autoClosingPairs.find((p) => p.open === open);
    assert.equal(pair('"')?.close, '"');
    assert.ok(pair('"')?.notIn?.includes('string'), '" must not auto-close inside strings');
    assert.equal(pair("''")?.close, "''");
    assert.equal(pair('${')?.close, '}');
    assert.equal(pair('/*')?.close, ' */');
    for (const open of ['{', '[', '(']) assert.ok(pair(open), `missing auto-close for ${open}`);
  });

  it('wordPattern keeps - and \' inside identifiers', () => {
    const word = new RegExp(config.wordPattern, 'g');
    assert.deepEqual("foo-bar x' a_b'' 42".match(word), ['foo-bar', "x'", "a_b''", '42']);
    assert.deepEqual('pkgs.hello-world'.match(word), ['pkgs', 'hello-world']);
  });

  describe('indentationRules', () => {
    const increase = () => re(config.indentationRules.increaseIndentPattern);
    const decrease = () => re(config.indentationRules.decreaseIndentPattern);
    const table: [string, boolean][] = [
      ['{', true],
      ['  services.openssh = {', true],
      ['  packages = with pkgs; [', true],
      ['  (', true],
      ['let', true],
      ['  x = let', true],
      ['  foo =', true],
      ['  bar = { # trailing comment', true],
      ['  script = \'\'', true],
      ['  a = 1;', false],
      ['  letter = 1;', false],
      ['  b = x == y;', false],
      ['  outlet', false],
      ['}', false],
    ];
    for (const [line, expected] of table) {
      it(`increase after ${JSON.stringify(line)}: ${expected}`, () => assert.equal(increase().test(line), expected));
    }
    const decreaseTable: [string, boolean][] = [
      ['}', true],
      ['  };', true],
      ['  ]', true],
      [')', true],
      ['in', true],
      ['in {', true],
      ['  in pkgs.hello', true],
      ['  inherit pkgs;', false],
      ['  index = 1;', false],
      ['  in-tree = 1;', false],
      ['  a = { };', false],
    ];
    for (const [line, expected] of decreaseTable) {
      it(`decrease on ${JSON.stringify(line)}: ${expected}`, () => assert.equal(decrease().test(line), expected));
    }
  });

  describe('onEnterRules', () => {
    it('all rules compile and use valid indent actions', () => {
      assert.ok(config.onEnterRules.length >= 3);
      for (const r of config.onEnterRules) {
        for (const src of [r.beforeText, r.afterText, r.previousLineText]) if (src !== undefined) re(src);
        assert.ok(['none', 'indent', 'indentOutdent', 'outdent'].includes(r.action.indent), r.action.indent);
      }
    });
    it('indents after let, { and [', () => {
      assert.equal(onEnter('let')?.action.indent, 'indent');
      assert.equal(onEnter('  x = let')?.action.indent, 'indent');
      assert.equal(onEnter('  foo = {')?.action.indent, 'indent');
      assert.equal(onEnter('  xs = [')?.action.indent, 'indent');
    });
    it('splits {} and [] with indentOutdent when the closer follows the cursor', () => {
      assert.equal(onEnter('  foo = {', '};')?.action.indent, 'indentOutdent');
      assert.equal(onEnter('  xs = [', ']')?.action.indent, 'indentOutdent');
    });
    it('does not continue # line comments', () => {
      assert.equal(onEnter('# a comment'), undefined);
      assert.equal(onEnter('  x = 1; # note'), undefined);
    });
    it('continues /* */ block comments with " * "', () => {
      assert.equal(onEnter('/* start')?.action.appendText, ' * ');
      assert.equal(onEnter(' * middle', '', '/* start')?.action.appendText, '* ');
      assert.equal(onEnter('/* closed */'), undefined);
    });
    it('does not indent after ordinary lines', () => {
      assert.equal(onEnter('  a = 1;'), undefined);
      assert.equal(onEnter('  letter = x;'), undefined);
    });
  });

  it('folds # region / # endregion markers', () => {
    const start = re(config.folding.markers.start);
    const end = re(config.folding.markers.end);
    assert.ok(start.test('# region Networking'));
    assert.ok(start.test('  #region'));
    assert.ok(end.test('  # endregion'));
    assert.ok(!start.test('# regional settings'));
    assert.ok(!start.test('x = 1; # region'));
    assert.ok(!end.test('# region'));
  });
});

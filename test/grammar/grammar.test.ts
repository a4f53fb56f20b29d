// Structure of syntaxes/nix.tmLanguage.json, the test helper itself, and a
// table of the trickiest tokenizations as { source, text, scope } data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Oniguruma from 'vscode-oniguruma';
import { checkExpectations, grammarPath, hasScope, loadGrammar, parseFixture, tokenize, tokensFor } from './tm';

const oniguruma = createRequire(import.meta.url)('vscode-oniguruma') as typeof Oniguruma;

type Rule = { [key: string]: unknown };
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> };

/** Every rule object in the grammar, depth first. */
function allRules(): Rule[] {
  const out: Rule[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Rule);
      Object.values(v).forEach(visit);
    }
  };
  visit(grammar);
  return out;
}

describe('nix.tmLanguage.json structure', () => {
  it('is source.nix with top-level patterns', () => {
    assert.equal(grammar.scopeName, 'source.nix');
    assert.ok(grammar.patterns.length > 0);
  });

  it('every #include names an existing repository rule, and every rule is used', () => {
    const includes = allRules().map((r) => r.include).filter((i): i is string => typeof i === 'string');
    const missing = includes.filter((i) => i.startsWith('#') && !(i.slice(1) in grammar.repository));
    assert.deepEqual(missing, []);
    const unused = Object.keys(grammar.repository).filter((k) => !includes.includes(`#${k}`));
    assert.deepEqual(unused, []);
  });

  it('every regex compiles in Oniguruma', async () => {
    await loadGrammar(); // also loads the WASM engine
    const sources = allRules().flatMap((r) => ['match', 'begin', 'end', 'while'].map((k) => r[k]).filter((v): v is string => typeof v === 'string'));
    assert.ok(sources.length > 40, `only ${sources.length} regexes found`);
    const broken = sources.filter((src) => {
      try {
        oniguruma.createOnigScanner([src]).dispose();
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(broken, []);
  });
});

describe('grammar test helper', () => {
  it('parses ^ and <- markers into columns', () => {
    const { source, expectations } = parseFixture('let x = 1;\n#<-- keyword.other.nix\n#   ^ a.b - c.d');
    assert.equal(source, 'let x = 1;');
    assert.deepEqual(
      expectations.map((e) => [e.line, e.from, e.to, e.present, e.absent]),
      [
        [0, 0, 2, ['keyword.other.nix'], []],
        [0, 4, 5, ['a.b'], ['c.d']],
      ],
    );
  });

  it('reports wrong expectations (so fixtures can fail)', async () => {
    const { source, expectations } = parseFixture('let x = 1;\n#<-- constant.numeric\n#   ^ - entity.other.attribute-name');
    const failures = checkExpectations(await tokenize(source), expectations, [source]);
    assert.equal(failures.length, 2, failures.join('\n'));
  });

  it('matches scopes by dotted prefix only', () => {
    const tok = { text: 'x', start: 0, end: 1, scopes: ['source.nix', 'constant.numeric.float.nix'] };
    assert.ok(hasScope(tok, 'constant.numeric'));
    assert.ok(hasScope(tok, 'constant.numeric.float.nix'));
    assert.ok(!hasScope(tok, 'constant.num'));
  });
});

interface Case {
  name: string;
  source: string;
  text: string; // the text to check; every token overlapping it is checked
  nth?: number; // which occurrence of `text` (default first)
  scope: string;
  not?: string;
}

const cases: Case[] = [
  { name: 'x: x is a lambda parameter', source: 'x: x', text: 'x', scope: 'variable.parameter.function.nix', not: 'string.unquoted.url' },
  { name: 'x:x is a URI', source: 'x:x', text: 'x:x', scope: 'string.unquoted.url.nix', not: 'variable.parameter' },
  { name: 'a/b is a path', source: 'a/b', text: 'a/b', scope: 'string.unquoted.path.nix' },
  { name: 'a / b is division', source: 'a / b', text: '/', scope: 'keyword.operator.arithmetic.nix', not: 'string' },
  { name: "''${ is literal in indented strings", source: "'' ''${x} ''", text: "''$", scope: 'constant.character.escape.nix' },
  { name: "''${ does not interpolate", source: "'' ''${x} ''", text: 'x', scope: 'string.quoted.other.nix', not: 'meta.embedded' },
  { name: "''\\n escape", source: "'' a''\\nb ''", text: "''\\n", scope: 'constant.character.escape.nix' },
  { name: 'nested string inside interpolation', source: '"${ "nested ${x}" }"', text: 'nested', scope: 'meta.embedded.interpolation.nix' },
  { name: 'interpolation inside the nested string', source: '"${ "nested ${x}" }"', text: 'x', scope: 'variable.other.nix' },
  { name: 'services is an attribute name', source: 'services.openssh.enable = true;', text: 'services', scope: 'entity.other.attribute-name.nix' },
  { name: 'openssh is an attribute name', source: 'services.openssh.enable = true;', text: 'openssh', scope: 'entity.other.attribute-name.nix' },
  { name: 'enable is an attribute name', source: 'services.openssh.enable = true;', text: 'enable', scope: 'entity.other.attribute-name.nix' },
  { name: 'inherit keyword', source: 'inherit (pkgs) hello;', text: 'inherit', scope: 'keyword.other.nix' },
  { name: 'inherit source set', source: 'inherit (pkgs) hello;', text: 'pkgs', scope: 'variable.other.nix' },
  { name: 'inherited name', source: 'inherit (pkgs) hello;', text: 'hello', scope: 'entity.other.attribute-name.nix' },
  { name: '1.5e3 is one float', source: '1.5e3', text: '1.5e3', scope: 'constant.numeric.float.nix' },
  { name: '<nixpkgs/nixos> is a search path', source: 'import <nixpkgs/nixos> {}', text: '<nixpkgs/nixos>', scope: 'string.unquoted.spath.nix' },
  { name: '# comment does not eat the next line', source: 'a # c\nb', text: 'b', scope: 'variable.other.nix', not: 'comment' },
  { name: 'block comment spans lines', source: '/* a\nb */ c', text: 'b', scope: 'comment.block.nix' },
  { name: 'code after a block comment', source: '/* a\nb */ c', text: 'c', scope: 'variable.other.nix', not: 'comment' },
  { name: 'multi-line pattern parameter', source: '{\n  config,\n  pkgs,\n  ...\n}:\n{ }', text: 'pkgs', scope: 'variable.parameter.function.nix' },
  { name: 'attribute set is not a pattern', source: '{\n  config = 1;\n}', text: 'config', scope: 'entity.other.attribute-name.nix', not: 'variable.parameter' },
  { name: '$${ is an escape in strings', source: '"$${x}"', text: '$${', scope: 'constant.character.escape.nix' },
];

describe('tricky tokenizations (table)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const toks = tokensFor(await tokenize(c.source), c.source, c.text, c.nth ?? 0);
      assert.ok(toks.length > 0, 'no tokens');
      for (const t of toks) {
        assert.ok(hasScope(t, c.scope), `${JSON.stringify(t.text)} has [${t.scopes.join(', ')}], wanted ${c.scope}`);
        if (c.not) assert.ok(!hasScope(t, c.not), `${JSON.stringify(t.text)} has [${t.scopes.join(', ')}], must not have ${c.not}`);
      }
    });
  }
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { embeddedKnowledge, knowledgeFromDump, builtinSignature } from '../../server/src/knowledge/builtins.js';
import { requireTool } from '../support/tools.js';

describe('builtin knowledge', () => {
  it('documents every builtin of Nix 2.8', function () {
    this.timeout(20_000);
    requireTool('nix-instantiate');
    const names = JSON.parse(
      execFileSync('nix-instantiate', ['--eval', '--json', '-E', 'builtins.attrNames builtins'], { encoding: 'utf8' }),
    ) as string[];
    const k = embeddedKnowledge();
    const missing = names.filter((n) => !k.builtins.has(n));
    assert.deepEqual(missing, []);
    for (const d of k.builtins.values()) assert.ok(d.doc.length > 10, `${d.name} has no description`);
  });

  it('parses and merges `nix __dump-builtins`', function () {
    this.timeout(20_000);
    requireTool('nix');
    const dump = execFileSync('nix', ['__dump-builtins'], { encoding: 'utf8' });
    const k = knowledgeFromDump(dump);
    const map = k.builtins.get('map')!;
    assert.deepEqual(map.args, ['f', 'list']);
    assert.equal(map.arity, 2);
    assert.equal(map.global, true);
    assert.match(map.doc, /list/);
    // constants Nix does not document keep the embedded text
    assert.ok(k.builtins.get('currentSystem')!.doc.length > 0);
  });

  it('keeps the embedded docs on malformed input', () => {
    assert.equal(knowledgeFromDump('not json').builtins.size, embeddedKnowledge().builtins.size);
    const k = knowledgeFromDump('{"newThing":{"args":["x"],"arity":1,"doc":"Does it."},"map":{"doc":""}}');
    assert.equal(k.builtins.get('newThing')!.doc, 'Does it.');
    assert.match(k.builtins.get('map')!.doc, /Applies/);
  });

  it('formats signatures', () => {
    assert.equal(builtinSignature(embeddedKnowledge().builtins.get('foldl\'')!), "foldl' op start list");
  });
});

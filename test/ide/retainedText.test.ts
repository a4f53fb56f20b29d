// What the server keeps from one keystroke to the next must not hold on to the versions of the
// text it came from: a name or a binding's text cut out of a document is, in V8, a view that
// keeps the whole document alive, so a cache keyed by it kept one whole file per keystroke
// (the per-binding NixOS check results, the index's did-you-mean and package records: 220 MB
// after 200 edits to a 10 000-line module, its garbage collections ever longer).
import assert from 'node:assert/strict';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AnalysisHost } from '../../server/src/ide/analysisHost.js';
import { embeddedIndex } from '../../server/src/knowledge/embedded.js';
import { ownString } from '../../server/src/syntax/index.js';
import { bigConfiguration, realConfiguration } from '../../bench/bigConfiguration.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use after full collections. */
function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return getHeapStatistics().used_heap_size;
}

describe('text kept across keystrokes', () => {
  it('ownString gives the same text', () => {
    const text = 'x'.repeat(40) + 'networking.networkmanager' + 'y'.repeat(40);
    for (const [s, e] of [[40, 65], [40, 45], [0, text.length], [3, 3]] as const) assert.equal(ownString(text.slice(s, e)), text.slice(s, e));
  });

  for (const [kind, line] of [
    ['a long module binding', (k: number) => `  services.perf${k}.enable = true;\n`],
    ['an unknown package', (k: number) => `  environment.systemPackages = [ pkgs.helloworldpackage${k} ];\n`],
    ['an unknown package in `with pkgs`', (k: number) => `  environment.systemPackages = with pkgs; [ helloworldpackage${k} ];\n`],
  ] as const) {
    it(`40 edits, each with ${kind}, keep no whole texts`, function () {
      this.timeout(60_000);
      // a long module (over the 40 top-level bindings checked one by one), two bytes a
      // character (as a file with one typographic quote is): 128 000 characters, 256 KB a version
      const base = bigConfiguration(3_000) + '# ‘\n';
      const index = embeddedIndex();
      const host = new AnalysisHost(undefined, () => index);
      let version = 1;
      host.get({ uri: 'file:///m.nix', version, getText: () => base }).diagnostics;
      const at = base.indexOf('  services.app100 = {');
      const type = (k: number) => {
        const text = base.slice(0, at) + line(k) + base.slice(at);
        return host.get({ uri: 'file:///m.nix', version: ++version, getText: () => text }).diagnostics;
      };
      for (let k = 0; k < 10; k++) type(k);
      const before = heapUsed();
      for (let k = 10; k < 50; k++) type(k);
      const grown = heapUsed() - before;
      // kept whole texts: 40 x 256 KB = 10 MB; without them, the per-binding results (a few KB)
      assert.ok(grown < 3_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over 40 edits`);
    });
  }

  it('40 bindings typed into modules inlined in `imports` keep no whole texts', function () {
    this.timeout(60_000);
    // the benchmark's layout: the parser's per-list path index is kept across re-parses of runs
    const base = realConfiguration(3_000);
    const host = new AnalysisHost(undefined, () => embeddedIndex());
    let version = 1;
    host.get({ uri: 'file:///m.nix', version, getText: () => base }).diagnostics;
    const at = base.indexOf('\n', base.indexOf('networking.hostName', base.length >> 1));
    let added = '';
    const type = (k: number) => {
      // a binding more each time (a new line typed at once, as pasted)
      added += `\n      services.perf${k}.settings.maxConnections = ${k};`;
      const text = base.slice(0, at) + added + base.slice(at);
      return host.get({ uri: 'file:///m.nix', version: ++version, getText: () => text }).diagnostics;
    };
    for (let k = 0; k < 10; k++) type(k);
    const before = heapUsed();
    for (let k = 10; k < 50; k++) type(k);
    const grown = heapUsed() - before;
    // a two-byte text of 95 000 characters: 40 kept would be 7.6 MB
    assert.ok(grown < 2_500_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over 40 edits`);
  });

  it('40 long local names typed at 40 places keep no whole texts', function () {
    this.timeout(60_000);
    // a definition's or reference's name of 13 characters or more cut from the text would keep
    // the version its part of the file was analysed in (one per place typed at)
    const lines: string[] = [];
    for (let i = 0; i < 2_000; i++) lines.push(`  b${i} = let v = ${i}; in v;\n`);
    let text = `{ config, ... }:\n{\n${lines.join('')}}\n# ‘\n`;
    const host = new AnalysisHost(undefined, () => embeddedIndex());
    let version = 1;
    host.get({ uri: 'file:///l.nix', version, getText: () => text }).diagnostics;
    const type = (k: number) => {
      // binding 40 k: `let v = ...; in v` -> `let longLocalName_k = ...; in longLocalName_k`
      const line = `  b${k * 40} = let v = ${k * 40}; in v;\n`;
      const at = text.indexOf(line);
      text = text.slice(0, at) + line.replace(/\bv\b/g, `longLocalName_${k}`) + text.slice(at + line.length);
      const next = text;
      return host.get({ uri: 'file:///l.nix', version: ++version, getText: () => next }).diagnostics;
    };
    for (let k = 0; k < 5; k++) type(k);
    const before = heapUsed();
    for (let k = 5; k < 45; k++) type(k);
    const grown = heapUsed() - before;
    // a two-byte text of 61 000 characters: 40 kept would be 4.9 MB
    assert.ok(grown < 2_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over 40 edits`);
  });
});

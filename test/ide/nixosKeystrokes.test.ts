// The NixOS checks on every keystroke read a partial outline (memberOutline) and, in long
// modules, remembered per-binding results: typed into real modules, edit by edit, they must
// report exactly what a fresh computation on the same text does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { runs } from '../support/fuzz.js';
import { analyze } from '../../server/src/analysis/index.js';
import { moduleOptions, moduleShape } from '../../server/src/analysis/moduleKind.js';
import { memberOutline, moduleOutline } from '../../server/src/analysis/optionPaths.js';
import { AnalysisHost } from '../../server/src/ide/analysisHost.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import type { Diagnostic } from '../../server/src/ide/types.js';
import { embeddedIndex } from '../../server/src/knowledge/embedded.js';
import type { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { parse } from '../../server/src/syntax/index.js';
import { bigConfiguration } from '../../bench/bigConfiguration.js';
import { BLOCK_KEYS, editorKeys, editorText } from '../support/editorKeys.js';
import { validExpr } from '../syntax/nixGen.js';
import { CORPUS, FIXTURES, nixFilesUnder } from '../syntax/support.js';
import { completeIndex } from './nixosFixture.js';

const MODULES = ['configuration-server.nix', 'configuration-desktop.nix', 'configuration-laptop.nix', 'hardware-configuration.nix', 'modules/backup.nix', 'modules/web-app.nix'].map((f) =>
  readFileSync(join(CORPUS, f), 'utf8'),
);

/** The corpus modules inlined into one `imports` list (as bench/bigConfiguration.ts does). */
const INLINED = ['{ config, pkgs, lib, ... }:', '{', '  imports = [', ...MODULES.map((m) => `    (\n${m.trimEnd()}\n    )`), '  ];', '}', ''].join('\n');

/** A long module body (over the 40 top-level bindings checked one by one): the benchmarks' generated one. */
const LONG = bigConfiguration(300);

const KEYS = ['a', 'x', ' ', ';', '=', '.', '"', '{', '}', '[', '(', ')', '\n', '#', 'services.', 'enable = true;', 'mkIf true {', 'nixpkgs.config.allowUnfree = true;', 'pkgs.steam', 'with pkgs; [ vscode hello ]', 'networking = lib.mkMerge [ ({ hostName = 1; }) ];'];

type Edit = { at: number; del: number; typed: string };

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 12 })),
  typed: fc.oneof(fc.constantFrom(...KEYS), fc.constant(BLOCK_KEYS.slice(0, 60)), validExpr({ maxDepth: 2 })),
});

function show(text: string, ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.start}-${d.end} ${d.code} ${JSON.stringify(text.slice(d.start, d.end))} ${d.message} ${JSON.stringify(d.fixes ?? [])}`);
}

/** The settings and declarations moduleOptions reads on memberOutline equal those on the whole outline. */
function same(text: string): void {
  const tree = parse(text).tree;
  const shape = moduleShape(tree);
  if (shape.kind !== 'nixos') return;
  const whole = moduleOptions(moduleOutline(text, tree));
  const part = moduleOptions(memberOutline(text, tree, shape.roots));
  const view = (o: typeof whole) => ({ settings: o.settings.map((s) => [s.path, s.binding.node.start, s.binding.path, s.binding.prefix, s.binding.range]), declared: o.declared });
  assert.deepEqual(view(part), view(whole));
}

function typeInto(start: string, edits: Edit[], index: NixosIndex): void {
  const host = new AnalysisHost(undefined, () => index);
  const uri = 'file:///m.nix';
  let text = start;
  let version = 0;
  host.get({ uri, version, getText: () => text }).diagnostics;
  for (const e of edits) {
    const at = Math.floor(e.at * text.length);
    text = text.slice(0, at) + text.slice(at + e.del);
    // keys as the editor sends them, one version each (brackets and quotes closed as typed)
    for (const c of editorKeys(text, at, e.typed.replace(/→/g, ''))) {
      text = editorText(text, [c]);
      const got = host.get({ uri, version: ++version, getText: () => text }).diagnostics;
      const want = computeDiagnostics(analyze(text), index);
      assert.deepEqual(show(text, got), show(text, want), `after typing into:\n${text}`);
      same(text);
    }
  }
}

describe('NixOS checks per keystroke equal a fresh computation', function () {
  this.timeout(120_000);
  const starts = { 'a corpus module': MODULES[0]!, 'modules inlined into imports': INLINED, 'a long module body': LONG };
  for (const [name, start] of Object.entries(starts)) {
    for (const [indexName, index] of [['embedded', embeddedIndex()], ['complete', completeIndex]] as const) {
      it(`${name}, ${indexName} index`, () => {
        fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => typeInto(start, edits, index)), { numRuns: runs(4) });
      });
    }
  }
});

describe('memberOutline gives moduleOptions what the whole outline does', () => {
  it('on every module of the fixtures', () => {
    let n = 0;
    for (const f of nixFilesUnder(FIXTURES)) {
      const text = readFileSync(f, 'utf8');
      if (moduleShape(parse(text).tree).kind === 'nixos') n++;
      assert.doesNotThrow(() => same(text), relative(FIXTURES, f));
    }
    assert.ok(n > 5);
  });

  it('on generated values inside a module', () => {
    fc.assert(
      fc.property(validExpr({ maxDepth: 4 }), validExpr({ maxDepth: 3 }), (v, w) => {
        same(`{ lib, ... }:\n{\n  a.b = ${v};\n  c = lib.mkIf x (${w});\n  d = lib.mkMerge [ ${w} { e = ${v}; } ];\n}\n`);
      }),
      { numRuns: runs(300) },
    );
  });
});

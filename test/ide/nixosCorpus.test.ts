// No false alarm: the option and package checks over every .nix file of test-fixtures. Files
// that are no NixOS module (packages, flakes without inline modules, overlays, data) get none
// even against a "complete" index; the known-good configurations get none against the partial,
// embedded-like one. Only the deliberately broken fixtures (system-errors/, unknown-option/) may.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { analyze } from '../../server/src/analysis/index.js';
import { moduleShape } from '../../server/src/analysis/moduleKind.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { parse } from '../../server/src/syntax/index.js';
import { FIXTURES, nixFilesUnder } from '../syntax/support.js';
import { LAYER, NIXOS_CODES, completeIndex } from './nixosFixture.js';

const BROKEN_ON_PURPOSE = /^(system-errors\/|nixos-standin\/configurations\/unknown-option\/)/;
// (renames are facts about NixOS releases: an older configuration meets them rightly)
const partialNoRenames = new NixosIndex([{ ...LAYER, renamed: [] }]);

describe('NixOS checks on the fixtures: no false alarm', () => {
  const files = nixFilesUnder(FIXTURES).map((f) => ({ path: f, name: relative(FIXTURES, f), text: readFileSync(f, 'utf8') }));

  it('reads every kind of file the fixtures hold', () => {
    const kinds = new Set(files.map((f) => moduleShape(parse(f.text).tree).kind));
    assert.deepEqual([...kinds].sort(), ['flake', 'home-manager', 'nixos', 'overlay', 'package', 'unknown']);
  });

  it('nothing on files that are no NixOS module, whatever the index says', () => {
    const found: string[] = [];
    for (const f of files) {
      const shape = moduleShape(parse(f.text).tree);
      if (shape.kind === 'nixos' || shape.flakeModules || shape.kind === 'home-manager') continue;
      for (const d of computeDiagnostics(analyze(f.text), completeIndex)) if (NIXOS_CODES.has(d.code)) found.push(`${f.name}: ${d.code} ${f.text.slice(d.start, d.end)}`);
    }
    assert.deepEqual(found, []);
  });

  it('nothing on the known-good configurations with the partial index', () => {
    const found: string[] = [];
    for (const f of files) {
      if (BROKEN_ON_PURPOSE.test(f.name)) continue;
      for (const d of computeDiagnostics(analyze(f.text), partialNoRenames)) if (NIXOS_CODES.has(d.code)) found.push(`${f.name}: ${d.code} ${f.text.slice(d.start, d.end)}`);
    }
    assert.deepEqual(found, []);
  });

  it('and the broken ones are caught', () => {
    const caught = files
      .filter((f) => BROKEN_ON_PURPOSE.test(f.name))
      .flatMap((f) => computeDiagnostics(analyze(f.text), partialNoRenames).filter((d) => NIXOS_CODES.has(d.code)).map((d) => `${f.name}: ${d.code} ${f.text.slice(d.start, d.end)}`));
    assert.deepEqual(caught, [
      'system-errors/missing-attribute/default.nix: unknown-package firefx',
      'system-errors/module-loop/configuration.nix: unknown-option opensh',
      'system-errors/module-loop/configuration.nix: option-type "yes"',
      'system-errors/module-loop/configuration.nix: option-type 22',
      'system-errors/modules/configuration.nix: unknown-option opensh',
      'system-errors/modules/configuration.nix: option-type "yes"',
      'system-errors/modules/configuration.nix: option-type 22',
      'system-errors/undefined-in-with-pkgs/configuration.nix: unknown-package vimm',
    ]);
  });
});

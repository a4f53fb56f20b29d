// Finding an option's definition in a file (module-system errors carry no line), the outline of
// the real tree underneath it, and robustness against any output and any file text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { runs } from '../../support/fuzz';
import { diagnosticsFromNixOutput } from '../../../server/src/system/errors/index';
import { renameOptionEdit } from '../../../server/src/analysis/optionEdits';
import { locateOption, moduleOutline } from '../../../server/src/analysis/optionPaths';
import { requireTool } from '../../support/tools';
import { diagnose, NIX_ENV, runNix } from './support';

interface LocateCase {
  name: string;
  text: string;
  option: string[];
  value?: string;
  /** The text of the binding's attribute path that must be found, and its line (0-based). */
  found: string;
  line: number;
  rename?: { to: string[]; result: string };
}

const LOCATE: LocateCase[] = [
  { name: 'flat path', text: '{ a.b.c = 1; }', option: ['a', 'b', 'c'], found: 'a.b.c', line: 0 },
  { name: 'nested sets', text: '{\n  a = {\n    b = {\n      c = 1;\n    };\n  };\n}', option: ['a', 'b', 'c'], found: 'c', line: 3 },
  { name: 'mixed', text: '{\n  a.b = { c = 1; };\n}', option: ['a', 'b', 'c'], found: 'c', line: 1,
    rename: { to: ['a', 'b', 'd'], result: '{\n  a.b = { d = 1; };\n}' } },
  { name: 'rename across the written path', text: '{\n  a.b = { c = 1; };\n}', option: ['a', 'b', 'c'], found: 'c', line: 1 },
  { name: 'explicit config = { ... }', text: '{ config, ... }: {\n  options = { };\n  config = {\n    services.x.enable = true;\n  };\n}', option: ['services', 'x', 'enable'], found: 'services.x.enable', line: 3 },
  { name: 'under mkIf', text: '{ lib, config, ... }: {\n  services = lib.mkIf config.x {\n    y.enable = true;\n  };\n}', option: ['services', 'y', 'enable'], found: 'y.enable', line: 2 },
  { name: 'under mkMerge', text: '{ lib, ... }: {\n  services = lib.mkMerge [ { a.enable = true; } { b.enable = false; } ];\n}', option: ['services', 'b', 'enable'], found: 'b.enable', line: 1 },
  { name: 'inline module in a flake', text: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ ./configuration.nix { services.foo.enable = true; } ];\n    };\n  };\n}', option: ['services', 'foo', 'enable'], found: 'services.foo.enable', line: 3 },
  { name: 'comments and strings with braces and semicolons', text: '{\n  # a = { b = 1; };\n  /* a.b = 2; { */\n  x = "a.b = 3; }";\n  y = \'\'\n    a.b = 4; }\n  \'\';\n  a.b = 5;\n}', option: ['a', 'b'], found: 'a.b', line: 7 },
  { name: 'interpolation inside strings', text: '{\n  x = "${toString { a = 1; }}";\n  a.b = 2;\n}', option: ['a', 'b'], found: 'a.b', line: 2 },
  { name: 'let ... in, with', text: 'let\n  a.b = 1;\nin with builtins; {\n  a.b = 2;\n}', option: ['a', 'b'], found: 'a.b', line: 3 },
  { name: 'quoted names', text: '{\n  fileSystems."/boot".device = "/dev/sda1";\n}', option: ['fileSystems', '/boot', 'device'], found: 'fileSystems."/boot".device', line: 1 },
  { name: 'value disambiguates two definitions', text: '{ lib, ... }: {\n  x = lib.mkMerge [\n    { a.b = "one"; }\n    { a.b = "two"; }\n  ];\n}', option: ['x', 'a', 'b'], value: '"two"', found: 'a.b', line: 3 },
];

describe('system errors: locating option definitions', function () {
  for (const c of LOCATE) {
    it(c.name, function () {
      const s = moduleOutline(c.text);
      const located = locateOption(s, c.option, c.value);
      assert.ok(located, 'found');
      const b = located.binding;
      const written = c.text.slice(b.pathRange.start, b.pathRange.end);
      assert.equal(written, c.found);
      assert.equal(c.text.slice(0, b.range.start).split('\n').length - 1, c.line);
      if (c.rename) {
        const e = renameOptionEdit(b, c.option, c.rename.to);
        assert.ok(e);
        assert.equal(c.text.slice(0, e.start) + e.newText + c.text.slice(e.end), c.rename.result);
      }
    });
  }

  it('does not rename when the change is in a set the binding does not spell out', function () {
    const s = moduleOutline('{\n  a.b = { c = 1; };\n}');
    const b = locateOption(s, ['a', 'b', 'c'])!.binding;
    assert.equal(renameOptionEdit(b, ['a', 'b', 'c'], ['a', 'x', 'c']), undefined);
  });

  it('the outline agrees with Nix on where strings and comments end', function () {
    requireTool('nix-instantiate');
    const text = fs.readFileSync(path.join(import.meta.dirname, '../../../test-fixtures/system-errors/modules/configuration.nix'), 'utf8');
    const parsed = spawnSync('nix-instantiate', ['--parse', '-E', text], { env: NIX_ENV, encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    const s = moduleOutline(text);
    // Every binding the scanner found is a real attribute of the (evaluated) module.
    const expr = `let m = (import ${path.join(import.meta.dirname, '../../../test-fixtures/system-errors/modules/configuration.nix')}) { config = {}; pkgs = { steam = 1; hello = 2; }; }; in m`;
    const value = spawnSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { env: NIX_ENV, encoding: 'utf8' });
    assert.equal(value.status, 0, value.stderr);
    const json = JSON.parse(value.stdout) as Record<string, unknown>;
    for (const b of s.bindings) {
      let node: unknown = json;
      for (const part of b.path) node = (node as Record<string, unknown>)[part ?? ''];
      assert.notEqual(node, undefined, `outline path ${b.path.join('.')} is not in the evaluated module`);
    }
    assert.ok(s.bindings.length >= 10);
  });

  it('never throws and always ends, whatever the file text (property)', function () {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '(', ')', ';', '=', '.', '"', "''", '${', '#', '\n', '/*', '*/', 'a', 'b', ' ', 'let', 'in', ':', '@', ',', '...', '\\') , maxLength: 80 }), (text) => {
        const s = moduleOutline(text);
        for (const b of s.bindings) assert.ok(b.range.start <= b.range.end && b.range.end <= text.length);
        locateOption(s, ['a', 'b']);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('never throws on arbitrary output, and never reports on unreadable files (property)', function () {
    const file = '/ws/configuration.nix';
    const readFile = (p: string) => (p === file ? '{ pkgs, ... }:\n{\n  a.b = 1;\n}\n' : undefined);
    const line = fc.oneof(
      fc.constantFrom('error: undefined variable \'x\'', '       at /ws/configuration.nix:3:3:', '       at /nowhere.nix:1:1:', 'error: attribute \'a.b\' already defined at /ws/configuration.nix:9:9',
        "error: The option `a.b' does not exist. Definition values:", "       - In `/ws/configuration.nix': 1", 'error: hash mismatch in fixed-output derivation \'/nix/store/x.drv\':', '         specified: sha256-AAAA', '            got:    sha256-BBBB',
        'Failed assertions:', '- x', "error: Package ‘a-1’ in /x:1 has an unfree license (‘unfree’), refusing to evaluate.", "error: builder for '/nix/store/00000000000000000000000000000000-a-1.drv' failed with exit code 1", '       > log'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const ds = diagnosticsFromNixOutput({ messages: [], plainText: lines.join('\n'), workspaceRoot: '/ws', readFile });
        for (const d of ds) {
          assert.equal(d.file, file);
          assert.ok(d.range.start.line >= 0 && d.range.start.line <= 4);
          assert.ok(d.message.length > 0);
        }
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe('system errors: traces', function () {
  it('the innermost position in a user file wins over positions in library code (real Nix, --show-trace)', function () {
    requireTool('nix-store');
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-lib-'));
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-ws-'));
    try {
      fs.writeFileSync(path.join(lib, 'lib.nix'), '{\n  getStrict = name: set: set.${name};\n}\n');
      const added = spawnSync('nix-store', ['--add', lib], { env: NIX_ENV, encoding: 'utf8' });
      assert.equal(added.status, 0, added.stderr);
      const libPath = added.stdout.trim();
      fs.writeFileSync(path.join(ws, 'default.nix'), `let lib = import ${libPath}/lib.nix; in\n{\n  x = lib.getStrict "enable" { enabel = true; };\n}\n`);
      for (const format of [[], ['--log-format', 'internal-json']]) {
        const captured = runNix(['nix-instantiate', '--eval', '--strict', '--show-trace', 'default.nix', ...format], ws);
        const ds = diagnose(captured, ws);
        assert.equal(ds.length, 1, JSON.stringify(ds));
        assert.equal(ds[0]!.file, path.join(ws, 'default.nix'));
        assert.equal(ds[0]!.code, 'missing-attribute');
        assert.equal(ds[0]!.range.start.line, 2);
        assert.equal(ds[0]!.fixes, undefined, 'no edit when the name is not written at the position');
      }
    } finally {
      fs.rmSync(lib, { recursive: true, force: true });
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('reads the newer layout (trace first, the error last) the same way', function () {
    // Shape of Nix >= 2.14 output; Nix 2.8 here cannot produce it.
    const ws = path.join(import.meta.dirname, '../../../test-fixtures/system-errors/undefined-package');
    const text = [
      'error:',
      "       … while evaluating the attribute 'config.system.build.toplevel'",
      '         at /nix/store/9x7wqx6n7xphn2b0w3q3r8a4lyzl5cz7-source/nixos/modules/system/activation/top-level.nix:71:12:',
      '           70|   system.build.toplevel = ...',
      '',
      "       error: undefined variable 'firefox'",
      `       at ${ws}/configuration.nix:3:34:`,
      '            2| {',
      '            3|   environment.systemPackages = [ firefox ];',
      '             |                                  ^',
    ].join('\n');
    const ds = diagnose({ messages: [], plainText: text }, ws);
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.equal(ds[0]!.code, 'undefined-variable');
    assert.deepEqual(ds[0]!.range.start, { line: 2, character: 33 });
  });

  it('converts Nix byte columns to UTF-16 characters on lines with non-ASCII text', function () {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-utf-'));
    try {
      fs.writeFileSync(path.join(ws, 'default.nix'), '{\n  greeting = "héllo wörld 🎉"; x = nope;\n}\n');
      const ds = diagnose(runNix(['nix-instantiate', '--parse', 'default.nix', '--log-format', 'internal-json'], ws), ws);
      const line = '  greeting = "héllo wörld 🎉"; x = nope;';
      assert.deepEqual(ds[0]?.range.start, { line: 1, character: line.indexOf('nope') });
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

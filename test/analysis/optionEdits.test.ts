// The option edit builders: each edit applied to the file, the result shown whole and parsed
// again with no syntax errors. `$0` marks the position addArgumentEdit is asked about.
import assert from 'node:assert/strict';
import { addArgumentEdit, removeOptionEdit, renameOptionEdit, setOptionEdit, setOptionsEdit, writesNested } from '../../server/src/analysis/optionEdits.js';
import { locateOption, moduleOutline } from '../../server/src/analysis/optionPaths.js';
import { applyEdits, parse, type TextEdit } from '../../server/src/syntax/index.js';

function applied(text: string, edit: TextEdit | undefined): string | undefined {
  if (!edit) return undefined;
  const out = applyEdits(text, [edit]);
  assert.deepEqual(parse(out).errors, [], `the edited text does not parse:\n${out}`);
  return out;
}

const SET: Array<{ name: string; src: string; option: string; value: string; flake?: boolean; expect: string | undefined }> = [
  { name: 'changes a flat value', src: '{\n  a.b = false;\n}\n', option: 'a.b', value: 'true', expect: '{\n  a.b = true;\n}\n' },
  { name: 'changes a nested value', src: '{\n  a = {\n    b = false;\n  };\n}\n', option: 'a.b', value: 'true', expect: '{\n  a = {\n    b = true;\n  };\n}\n' },
  { name: 'changes a value under config', src: '{ config, ... }: {\n  config.a.b = 1;\n}\n', option: 'a.b', value: '2', expect: '{ config, ... }: {\n  config.a.b = 2;\n}\n' },
  { name: 'inserts after the last binding, with the indentation of the first',
    src: '{ pkgs, ... }:\n{\n    x = 1;\n  y = 2;\n}\n', option: 'nixpkgs.config.allowUnfree', value: 'true',
    expect: '{ pkgs, ... }:\n{\n    x = 1;\n  y = 2;\n    nixpkgs.config.allowUnfree = true;\n}\n' },
  { name: 'opens up an empty module over lines, two spaces', src: '{ }\n', option: 'a', value: '1', expect: '{\n  a = 1;\n}\n' },
  { name: 'opens up an empty rec module', src: 'rec { }\n', option: 'a', value: '1', expect: 'rec {\n  a = 1;\n}\n' },
  { name: 'quotes names that need it', src: '{\n  x = 1;\n}\n', option: 'fileSystems./boot.device', value: '"/dev/sda1"',
    expect: '{\n  x = 1;\n  fileSystems."/boot".device = "/dev/sda1";\n}\n' },
  { name: 'a flake: an inline module in the modules list', flake: true,
    src: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ ./configuration.nix ];\n    };\n  };\n}\n',
    option: 'nixpkgs.config.allowUnfree', value: 'true',
    expect: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ { nixpkgs.config.allowUnfree = true; } ./configuration.nix ];\n    };\n  };\n}\n' },
  { name: 'a flake without modules: nowhere to put it', flake: true, src: '{ outputs = _: { }; }', option: 'a', value: '1', expect: undefined },
  { name: 'a broken file (missing ;): the value is still changed', src: '{\n  a = 1\n  b = false;\n}\n', option: 'b', value: 'true', expect: undefined },
];

describe('analysis: setting an option', function () {
  for (const c of SET) {
    it(c.name, function () {
      const o = moduleOutline(c.src);
      const edit = setOptionEdit(o, c.option.split('.'), c.value, { flake: c.flake ?? false });
      if (c.name.startsWith('a broken file')) {
        // The file stays broken (the missing `;`), so it is not parsed again: only the value changes.
        assert.equal(edit && applyEdits(c.src, [edit]), '{\n  a = 1\n  b = true;\n}\n');
        return;
      }
      assert.equal(applied(c.src, edit), c.expect);
    });
  }
});

const BLOCKS: Array<{ name: string; src: string; prefix: string; settings: Array<[string, string]>; flake?: boolean; expect: string | undefined }> = [
  { name: 'a new set over lines, settings sharing a name nested again', src: '{\n  services = {\n    nginx.enable = true;\n  };\n}\n', prefix: 'services.openssh',
    settings: [['services.openssh.enable', 'true'], ['services.openssh.settings.A', '1'], ['services.openssh.settings.B', '2'], ['services.openssh.ports', '[ 22 ]']],
    expect: '{\n  services = {\n    nginx.enable = true;\n    openssh = {\n      enable = true;\n      settings = {\n        A = 1;\n        B = 2;\n      };\n      ports = [ 22 ];\n    };\n  };\n}\n' },
  { name: 'one setting under a name stays a path', src: '{\n  a.b = 1;\n}\n', prefix: 'x',
    settings: [['x.y.z', '1'], ['x.w', '2']], expect: '{\n  a.b = 1;\n  x = {\n    y.z = 1;\n    w = 2;\n  };\n}\n' },
  { name: 'inline in a one-line set', src: '{ a = { b = 1; }; }', prefix: 'a.c', settings: [['a.c.d', '1'], ['a.c.e', '2']], expect: '{ a = { b = 1; c = { d = 1; e = 2; }; }; }' },
  { name: 'a tab-indented file keeps tabs', src: '{\n\ta = 1;\n}\n', prefix: 'x', settings: [['x.y', '1'], ['x.z', '2']], expect: '{\n\ta = 1;\n\tx = {\n\t\ty = 1;\n\t\tz = 2;\n\t};\n}\n' },
  { name: 'a flake without an inline module: one line at the head of modules', flake: true,
    src: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ ./configuration.nix ];\n    };\n  };\n}\n',
    prefix: 'a', settings: [['a.b', '1'], ['a.c', '2']],
    expect: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ { a = { b = 1; c = 2; }; } ./configuration.nix ];\n    };\n  };\n}\n' },
  { name: 'something already defined under the prefix: none', src: '{\n  a.b = 1;\n}\n', prefix: 'a', settings: [['a.c', '1'], ['a.d', '2']], expect: undefined },
];

describe('analysis: several new settings as one set', function () {
  for (const c of BLOCKS) {
    it(c.name, function () {
      const settings = c.settings.map(([p, v]) => ({ path: p.split('.'), valueText: v }));
      assert.equal(applied(c.src, setOptionsEdit(moduleOutline(c.src), c.prefix.split('.'), settings, { flake: c.flake ?? false })), c.expect);
    });
  }

  const STYLES: Array<[string, boolean]> = [
    ['{ }', false],
    ['{\n  a.b = 1;\n  c.d = 2;\n  users.users.x = { isNormalUser = true; };\n}', false],
    ['{\n  a = { b = 1; };\n  c = { d = 2; };\n  e.f = 3;\n  system.stateVersion = "24.05";\n}', true],
    // `config = { ... }` beside `options` is looked into, not counted.
    ['{\n  options.x = 1;\n  config = {\n    a = { b = 1; };\n    c = { d = 1; };\n  };\n}', true],
    ['{\n  options.x = 1;\n  config = {\n    a.b = 1;\n  };\n}', false],
  ];
  for (const [src, nested] of STYLES) {
    it(`${nested ? 'nested' : 'flat'}: ${JSON.stringify(src)}`, function () {
      assert.equal(writesNested(moduleOutline(src)), nested);
    });
  }
});

describe('analysis: removing and renaming a definition', function () {
  it('removes a binding with its line', function () {
    const src = '{\n  a = 1;\n  b = 2;\n}\n';
    const o = moduleOutline(src);
    assert.equal(applied(src, removeOptionEdit(o, locateOption(o, ['b'])!.binding)), '{\n  a = 1;\n}\n');
  });

  it('removes only the binding when something else is on its line', function () {
    const src = '{ a = 1; b = 2; }';
    const o = moduleOutline(src);
    assert.equal(applied(src, removeOptionEdit(o, locateOption(o, ['a'])!.binding)), '{  b = 2; }');
  });

  const RENAME: Array<{ src: string; from: string; to: string; expect: string | undefined }> = [
    { src: '{ a.b.c = 1; }', from: 'a.b.c', to: 'x.y', expect: '{ x.y = 1; }' },
    { src: '{ a.b = { c = 1; }; }', from: 'a.b.c', to: 'a.b.d', expect: '{ a.b = { d = 1; }; }' },
    { src: '{ a.b = { c = 1; }; }', from: 'a.b.c', to: 'a.x.c', expect: undefined },
    { src: '{ config = { a.b = 1; }; }', from: 'a.b', to: 'a.c', expect: '{ config = { a.c = 1; }; }' },
    // `config.` written in the binding itself is not renamed (as the build-error fix always did).
    { src: '{ config.a.b = 1; }', from: 'a.b', to: 'a.c', expect: undefined },
    { src: '{ a.b = someSet; }', from: 'a.b.c', to: 'a.d.c', expect: '{ a.d = someSet; }' },
    { src: '{ boot.x = 1; }', from: 'boot.x', to: 'fileSystems./boot', expect: '{ fileSystems."/boot" = 1; }' },
  ];
  for (const c of RENAME) {
    it(`renames ${c.from} to ${c.to} in ${c.src}`, function () {
      const o = moduleOutline(c.src);
      const from = c.from.split('.');
      assert.equal(applied(c.src, renameOptionEdit(locateOption(o, from)!.binding, from, c.to.split('.'))), c.expect);
    });
  }
});

const ARGS: Array<{ src: string; name: string; expect: string | undefined }> = [
  { src: '{ config, ... }:\n{ a = $0pkgs.hello; }', name: 'pkgs', expect: '{ config, pkgs, ... }:\n{ a = pkgs.hello; }' },
  { src: '{ config }:\n{ a = $0pkgs.hello; }', name: 'pkgs', expect: '{ config, pkgs }:\n{ a = pkgs.hello; }' },
  { src: '{ config ? { } }:\n{ a = $0lib; }', name: 'lib', expect: '{ config ? { }, lib }:\n{ a = lib; }' },
  { src: '{ }:\n{ a = $0lib; }', name: 'lib', expect: '{ lib  }:\n{ a = lib; }' },
  { src: '{\n  a = $0lib;\n}', name: 'lib', expect: '{ lib, ... }:\n{\n  a = lib;\n}' },
  { src: '{ lib, ... }:\n{ a = $0lib; }', name: 'lib', expect: undefined },
  { src: 'rec {\n  a = $0lib;\n}', name: 'lib', expect: '{ lib, ... }:\nrec {\n  a = lib;\n}' },
  { src: '{ lib, ... }:\n{ f = { x }: $0pkgs; }', name: 'pkgs', expect: '{ lib, pkgs, ... }:\n{ f = { x }: pkgs; }' },
  { src: '{\n  outputs = { self }: $0nixpkgs;\n}', name: 'nixpkgs', expect: '{\n  outputs = { self, nixpkgs }: nixpkgs;\n}' },
];

describe('analysis: adding a module argument', function () {
  for (const c of ARGS) {
    it(`${c.name} in ${JSON.stringify(c.src)}`, function () {
      const offset = c.src.indexOf('$0');
      const src = c.src.replace('$0', '');
      assert.equal(applied(src, addArgumentEdit(moduleOutline(src), c.name, offset)), c.expect);
    });
  }
});

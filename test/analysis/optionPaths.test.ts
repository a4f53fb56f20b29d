// Which option path each binding sets, and where an option is defined, on the real tree. Each
// binding shows as `path (as written)`, dynamic names as ${...}; `$0` marks a cursor.
import assert from 'node:assert/strict';
import {
  locateOption,
  moduleOutline,
  optionAt,
  optionDefinitions,
  optionPathOf,
  type ModuleOutline,
  type OptionBinding,
} from '../../server/src/analysis/optionPaths.js';

function pathText(path: readonly (string | undefined)[]): string {
  return path.map((p) => (p === undefined ? '${...}' : /^[A-Za-z_][\w'-]*$/.test(p) ? p : JSON.stringify(p))).join('.');
}

function show(o: ModuleOutline, b: OptionBinding): string {
  return `${b.kind === 'let' ? 'let ' : ''}${pathText(b.path)} (${o.text.slice(b.pathRange.start, b.pathRange.end)})`;
}

function outline(src: string): ModuleOutline {
  return moduleOutline(src);
}

const BINDINGS: Array<{ name: string; src: string; expect: string[] }> = [
  { name: 'flat path', src: '{ a.b.c = 1; }', expect: ['a.b.c (a.b.c)'] },
  { name: 'nested sets', src: '{ a = { b.c = 1; d = { e = 2; }; }; }', expect: ['a (a)', 'a.b.c (b.c)', 'a.d (d)', 'a.d.e (e)'] },
  {
    name: 'config beside options',
    src: '{ config, lib, ... }: {\n  options.x.enable = lib.mkEnableOption "x";\n  config = { services.x.enable = true; };\n}',
    expect: ['options.x.enable (options.x.enable)', 'config (config)', 'config.services.x.enable (services.x.enable)'],
  },
  {
    name: 'mkIf, lib.mkIf',
    src: '{ lib, config, ... }: {\n  a = mkIf config.x { b = 1; };\n  c = lib.mkIf config.y { d = 2; };\n}',
    expect: ['a (a)', 'a.b (b)', 'c (c)', 'c.d (d)'],
  },
  {
    name: 'mkMerge list, with mkIf in parentheses inside',
    src: '{ lib, ... }: {\n  s = lib.mkMerge [ { a = 1; } (lib.mkIf c { b = 2; }) ];\n}',
    expect: ['s (s)', 's.a (a)', 's.b (b)'],
  },
  {
    name: 'mkDefault, mkForce, mkOverride n',
    src: '{ lib, ... }: { a = lib.mkDefault { b = 1; }; c = mkForce { d = 2; }; e = lib.mkOverride 50 { f = 3; }; }',
    expect: ['a (a)', 'a.b (b)', 'c (c)', 'c.d (d)', 'e (e)', 'e.f (f)'],
  },
  {
    name: 'quoted names',
    src: '{ fileSystems."/boot".device = "/dev/sda1"; "foo.bar" = 1; }',
    expect: ['fileSystems."/boot".device (fileSystems."/boot".device)', '"foo.bar" ("foo.bar")'],
  },
  { name: 'dynamic parts', src: '{ a.${x}.b = 1; c."${y}" = 2; d.${"e"} = 3; }', expect: ['a.${...}.b (a.${x}.b)', 'c.${...} (c."${y}")', 'd.e (d.${"e"})'] },
  {
    name: 'a module body that is a function, with let and with',
    src: '{ config, pkgs, ... }:\nlet x = 1; in with pkgs; {\n  environment.systemPackages = [ hello ];\n}',
    expect: ['let x (x)', 'environment.systemPackages (environment.systemPackages)'],
  },
  {
    name: "a flake's inline module in nixosSystem's modules",
    src: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [ ./a.nix { services.foo.enable = true; } ];\n    };\n  };\n}',
    expect: ['outputs (outputs)', 'nixosConfigurations.h (nixosConfigurations.h)', 'nixosConfigurations.h.modules (modules)', 'services.foo.enable (services.foo.enable)'],
  },
  {
    name: 'strings and comments with braces and semicolons are not bindings',
    src: '{\n  # a = { b = 1; };\n  x = "a.b = 3; }";\n  y = \'\'\n    a.b = 4; }\n  \'\';\n  a.b = 5;\n}',
    expect: ['x (x)', 'y (y)', 'a.b (a.b)'],
  },
  { name: 'broken: a missing ;', src: '{\n  a = 1\n  b.c = 2;\n}', expect: ['a (a)', 'b.c (b.c)'] },
  { name: 'broken: an unclosed set', src: '{\n  a.b = 1;\n  c = { d = 2;\n', expect: ['a.b (a.b)', 'c (c)', 'c.d (d)'] },
  { name: 'broken: a binding without a value', src: '{ a = ; b = 1; }', expect: ['a (a)', 'b (b)'] },
];

describe('analysis: option paths of bindings', function () {
  for (const c of BINDINGS) {
    it(c.name, function () {
      const o = outline(c.src);
      assert.deepEqual(o.bindings.map((b) => show(o, b)), c.expect);
    });
  }

  it('the module body, argument patterns and bound names', function () {
    const o = outline('{ config, pkgs ? import <nixpkgs> { }, ... }@args:\nlet inherit (pkgs) lib; in {\n  a = { x, ... }: x;\n}');
    assert.equal(o.text.slice(o.body!.start, o.body!.start + 5), '{\n  a');
    assert.deepEqual(o.patterns.map((p) => [p.args.map((a) => a.name), !!p.ellipsis, p.outermost]), [
      [['config', 'pkgs'], true, true],
      [['x'], true, false],
    ]);
    assert.deepEqual([...o.boundNames].sort(), ['args', 'config', 'lib', 'pkgs', 'x']);
  });

  it('a value range, and an empty one at the ; when the value is missing', function () {
    const o = outline('{ a = lib.mkForce 1; b = ; }');
    assert.deepEqual(o.bindings.map((b) => o.text.slice(b.valueRange.start, b.valueRange.end)), ['lib.mkForce 1', '']);
    assert.deepEqual(o.bindings.map((b) => o.text.slice(b.range.start, b.range.end)), ['a = lib.mkForce 1;', 'b = ;']);
  });
});

const AT: Array<{ src: string; expect: string | undefined }> = [
  { src: '{ services.openssh.en$0able = true; }', expect: 'services.openssh.enable' },
  { src: '{ services.openssh = { enable = tr$0ue; }; }', expect: 'services.openssh.enable' },
  { src: '{ config, ... }: { options = { }; config = { networking.host$0Name = "h"; }; }', expect: 'networking.hostName' },
  { src: '{ lib, ... }: { services = lib.mkIf c { nginx.ena$0ble = true; }; }', expect: 'services.nginx.enable' },
  { src: '{ a.${x}.b$0 = 1; }', expect: 'a.${...}.b' },
  { src: 'let x$0 = 1; in { }', expect: undefined },
  { src: '{ a = 1; }$0', expect: undefined },
];

describe('analysis: the option at a position', function () {
  for (const c of AT) {
    it(c.src, function () {
      const offset = c.src.indexOf('$0');
      const o = outline(c.src.replace('$0', ''));
      const found = optionAt(o, offset);
      assert.equal(found && pathText(found.path), c.expect);
    });
  }
});

const WHERE: Array<{ name: string; src: string; option: string; value?: string; expect: string[]; located?: string }> = [
  { name: 'flat, nested and under config: every site', option: 'a.b',
    src: '{ a.b = 1; a = { b = 2; }; config.a.b = 3; config = { a = { b = 4; }; }; }',
    expect: ['a.b = 1', 'b = 2', 'config.a.b = 3', 'b = 4'], located: 'a.b = 1' },
  { name: 'the printed value picks a site', option: 'x.a.b', value: '"two"',
    src: '{ lib, ... }: { x = lib.mkMerge [ { a.b = "one"; } { a.b = "two"; } ]; }',
    expect: ['a.b = "one"', 'a.b = "two"'], located: 'a.b = "two"' },
  { name: 'a quoted name', option: 'fileSystems./boot.device', src: '{ fileSystems."/boot".device = "/dev/sda1"; }',
    expect: ['fileSystems."/boot".device = "/dev/sda1"'] },
  { name: 'only a prefix written: located as partial', option: 'a.b.c', src: '{ a.b = someSet; }', expect: [], located: 'a.b = someSet (partial)' },
  { name: 'not defined', option: 'a.b', src: '{ a.c = 1; }', expect: [] },
];

describe('analysis: where an option is defined', function () {
  for (const c of WHERE) {
    it(c.name, function () {
      const o = outline(c.src);
      const option = c.option.split('.');
      const slice = (r: { start: number; end: number }) => o.text.slice(r.start, r.end);
      const show = (b: OptionBinding) => `${slice(b.pathRange)} = ${slice(b.valueRange)}`;
      assert.deepEqual(optionDefinitions(o, option).map(show), c.expect);
      const located = locateOption(o, option, c.value);
      assert.equal(located && `${show(located.binding)}${located.partial ? ' (partial)' : ''}`, c.located ?? c.expect[0]);
    });
  }

  it('optionPathOf drops a module\'s explicit config.', function () {
    const o = outline('{ config = { a.b = 1; }; }');
    assert.deepEqual(o.bindings.map(optionPathOf), [['config'], ['a', 'b']]);
  });
});

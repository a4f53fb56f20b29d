// Completion and go-to-definition from the NixOS index: option names at any nesting, values,
// package names, lib names, and the declaration site of an option.
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { declarationSite, optionDeclarationAt } from '../../server/src/ide/navigation.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { LAYER, partialIndex } from './nixosFixture.js';
import { applyEdits, slice, withCursor } from './support.js';

const k = embeddedKnowledge();
const M = (body: string) => `{ config, lib, pkgs, ... }:\n{\n${body}\n}\n`;

/** The entries as `label` or `label{insertText}`. */
function shown(src: string): string[] {
  const { offset, a } = withCursor(src);
  return complete(a, offset, k, partialIndex).map((e) => (e.insertText ? `${e.label}{${e.insertText}}` : e.label));
}

// Each case: the first entries, in order; and entries that must not be offered at all.
const CASES: Array<{ name: string; src: string; want: string[]; not?: string[] }> = [
  { name: 'inside services.openssh = { }', src: M('  services.openssh = { $0 };'), want: ['enable{enable = ${1|true,false|};}', 'ports{ports = [ $0 ];}', 'settings', 'inherit'] },
  { name: 'keys already set are not offered again', src: M('  services.openssh = { enable = true; $0 };'), want: ['ports{ports = [ $0 ];}', 'settings', 'inherit'] },
  { name: 'services. on a line before services.openssh = { }', src: M('  services.$0\n  services.openssh = { enable = true; };'), want: ['openssh', 'printing', 'xserver'] },
  { name: 'flat path, partly typed', src: M('  services.openssh.set$0'), want: ['settings'] },
  { name: 'no snippet when a value follows', src: M('  services.openssh.en$0 = true;'), want: ['enable', 'settings'] },
  { name: 'enum snippet', src: M('  services.openssh.settings.$0'), want: ['PermitRootLogin{PermitRootLogin = ${1|"yes","without-password","prohibit-password","forced-commands-only","no"|};}', 'PasswordAuthentication{PasswordAuthentication = ${1|true,false|};}'] },
  { name: 'through a <name> level', src: M('  users.users.alice = { is$0 };'), want: ['isNormalUser{isNormalUser = ${1|true,false|};}'] },
  { name: 'at the top of a module being written', src: '{ config, pkgs, ... }:\n{\n  net$0\n}', want: ['networking'] },
  { name: 'under config = mkIf', src: M('  config = lib.mkIf true { services.print$0 };'), want: ['printing'] },
  { name: 'bool values first', src: M('  services.openssh.enable = $0'), want: ['true', 'false', 'config', 'lib', 'pkgs'] },
  { name: 'enum values', src: M('  services.openssh.settings.PermitRootLogin = $0;').replace('$0', '$0'), want: ['"yes"', '"without-password"', '"prohibit-password"', '"forced-commands-only"', '"no"', 'config'] },
  { name: 'packages in a with pkgs list', src: M('  environment.systemPackages = with pkgs; [ git fi$0 ];'), want: ['firefox'], not: ['vim'] },
  { name: 'packages in a package-list option', src: M('  environment.systemPackages = [ $0 ];'), want: ['vim', 'firefox', 'git', 'htop', 'vscode', 'zsh', 'config', 'lib'] },
  { name: 'packages after pkgs.', src: M('  environment.systemPackages = [ pkgs.v$0 ];'), want: ['vim', 'vscode'] },
  { name: 'lib.', src: M('  networking.hostName = lib.mk$0;'), want: ['mkDefault', 'mkIf', 'mkForce'] },
  { name: 'lib.types.', src: '{ lib, ... }:\n{ options.x = lib.mkOption { type = lib.types.$0; }; }', want: ['port', 'str'] },
  { name: 'config. in an expression: option names, no snippets', src: M('  networking.firewall.enable = config.services.openssh.$0;'), want: ['enable', 'ports', 'settings'] },
  { name: 'not a module: no options', src: '{ stdenv }:\nstdenv.mkDerivation { $0 }', want: [], not: ['services', 'networking', 'enable'] },
  { name: 'inside a let: no options', src: '{ config, ... }:\nlet x = { $0 }; in { networking.hostName = "a"; }', want: [], not: ['services', 'boot'] },
  { name: 'a set being typed (read as a pattern)', src: M('  services.openssh = { po$0 };'), want: ['ports{ports = [ $0 ];}'] },
];

describe('completion from the NixOS index', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const got = shown(c.src);
      assert.deepEqual(got.slice(0, c.want.length), c.want);
      for (const n of c.not ?? []) assert.ok(!got.some((g) => g === n || g.startsWith(`${n}{`)), `${n} offered: ${got.join(', ')}`);
    });
  }

  it('a snippet inserts a whole definition that parses', () => {
    const { offset, a, text } = withCursor(M('  services.openssh = { $0 };'));
    const e = complete(a, offset, k, partialIndex).find((x) => x.label === 'ports')!;
    const after = applyEdits(text, [{ start: offset, end: offset, newText: e.insertText!.replace('$0', '22') }]);
    assert.equal(after, M('  services.openssh = { ports = [ 22 ]; };'));
  });
});

describe('go to an option declaration', () => {
  const declaring = '{ lib, ... }:\n{\n  options.services.myapp = {\n    enable = lib.mkEnableOption "myapp";\n    port = lib.mkOption { type = lib.types.port; };\n  };\n  options.users.users = lib.mkOption {\n    type = lib.types.attrsOf (lib.types.submodule { options.shell = lib.mkOption { }; });\n  };\n}\n';
  const index = new NixosIndex([
    LAYER,
    {
      source: 'workspace',
      options: [
        { path: ['services', 'myapp', 'port'], type: { kind: 'port', text: 'port' }, description: '', declarations: ['/ws/modules/myapp.nix'], readOnly: false, source: 'workspace' },
        { path: ['users', 'users', '<name>', 'shell'], type: { kind: 'package', text: 'package' }, description: '', declarations: ['/ws/modules/users.nix'], readOnly: false, source: 'workspace' },
      ],
    },
  ]);

  it('the option at the cursor and its declaring files', () => {
    const { offset, a } = withCursor(M('  services.myapp.po$0rt = 8080;'));
    assert.deepEqual(optionDeclarationAt(a, offset, index), { option: ['services', 'myapp', 'port'], files: ['/ws/modules/myapp.nix'] });
    const nested = withCursor(M('  users.users.alice = { sh$0ell = pkgs.zsh; };'));
    assert.deepEqual(optionDeclarationAt(nested.a, nested.offset, index), { option: ['users', 'users', '<name>', 'shell'], files: ['/ws/modules/users.nix'] });
  });

  it('no declaration known: nothing', () => {
    const { offset, a } = withCursor(M('  services.prnting.en$0able = true;'));
    assert.equal(optionDeclarationAt(a, offset, index), undefined);
  });

  it('the mkOption site in the declaring file, nested and in a submodule', () => {
    assert.equal(slice(declaring, declarationSite(declaring, ['services', 'myapp', 'port'])!), 'port');
    assert.equal(slice(declaring, declarationSite(declaring, ['services', 'myapp', 'enable'])!), 'enable');
    assert.equal(slice(declaring, declarationSite(declaring, ['users', 'users', '<name>', 'shell'])!), 'options.shell');
    assert.equal(declarationSite(declaring, ['networking', 'hostName']), undefined);
  });
});

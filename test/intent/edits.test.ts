// The edits requests make, shown whole: lists in their own style, nested sets, `config` beside
// `options`, a value that is a variable, the module's `pkgs` argument; nothing else moves.
import assert from 'node:assert/strict';
import { ask } from '../../server/src/intent/index.js';
import { applyEdits, parse } from '../../server/src/syntax/index.js';
import { testIndex } from './support.js';

function edited(src: string, request: string): string {
  const file = '/etc/nixos/configuration.nix';
  const a = ask(request, { files: new Map([[file, src]]), root: file }, testIndex());
  assert.deepEqual(a.understanding.unknown, []);
  const out = a.plan.files.length ? applyEdits(src, a.plan.files[0]!.edits) : src;
  assert.deepEqual(parse(out).errors, [], out);
  return out;
}

const CASES: Array<[string, string, string, string]> = [
  ['a multi-line `with pkgs;` list: one per line, same indentation, comments kept',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    vim # editor\n    git\n  ];\n}\n', 'install firefox and htop',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    vim # editor\n    git\n    firefox\n    htop\n  ];\n}\n'],
  ['a one-line `pkgs.x` list stays on one line, in its style',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n', 'install ripgrep',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git pkgs.ripgrep ];\n}\n'],
  ['an empty list under `with pkgs;`',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ ];\n}\n', 'install git',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ git ];\n}\n'],
  ['removing an item on its own line removes the line',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    vim # editor\n    git\n  ];\n}\n', 'remove vim',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    git\n  ];\n}\n'],
  ['removing an item inline',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git pkgs.vim ];\n}\n', 'uninstall git',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.vim ];\n}\n'],
  ['a one-line nested set: inline',
    '{\n  services.openssh = { enable = true; };\n}\n', 'disable root login over ssh',
    '{\n  services.openssh = { enable = true; settings.PermitRootLogin = "no"; };\n}\n'],
  ['`config = lib.mkIf ...` beside `options`: into config',
    '{ lib, ... }:\n{\n  options.x = lib.mkOption { };\n  config = lib.mkIf true {\n    services.printing.enable = true;\n  };\n}\n', 'enable bluetooth',
    '{ lib, ... }:\n{\n  options.x = lib.mkOption { };\n  config = lib.mkIf true {\n    services.printing.enable = true;\n    hardware.bluetooth.enable = true;\n  };\n}\n'],
  ['`a.b = someSet;`: the value is extended, not defined twice',
    '{ lib, ... }:\nlet ssh = { enable = true; };\nin {\n  services.openssh = ssh;\n}\n', 'disable password authentication for ssh',
    '{ lib, ... }:\nlet ssh = { enable = true; };\nin {\n  services.openssh = ssh // { settings.PasswordAuthentication = false; };\n}\n'],
  ['a value inside `lib.mkIf` or `lib.mkDefault` is changed there, the wrapper kept',
    '{ lib, ... }:\n{\n  services.openssh.enable = lib.mkIf true true;\n  networking.hostName = lib.mkDefault "a";\n}\n', 'disable ssh and set hostname to b',
    '{ lib, ... }:\n{\n  services.openssh.enable = lib.mkIf true false;\n  networking.hostName = lib.mkDefault "b";\n}\n'],
  ['`pkgs` joins the arguments when a value needs it',
    '{ config, ... }:\n{\n  users.users.ann.isNormalUser = true;\n}\n', "set ann's shell to fish",
    '{ config, pkgs, ... }:\n{\n  users.users.ann.isNormalUser = true;\n  users.users.ann.shell = pkgs.fish;\n  programs.fish.enable = true;\n}\n'],
  ['a new setting after a line that ends in a comment goes below it',
    '{\n  system.stateVersion = "24.05"; # keep\n}\n', 'enable printing',
    '{\n  system.stateVersion = "24.05"; # keep\n  services.printing.enable = true;\n}\n'],
  ['deleting a user removes its whole definition',
    '{\n  users.users.bob = {\n    isNormalUser = true;\n  };\n  users.users.ann.isNormalUser = true;\n}\n', 'delete the user bob',
    '{\n  users.users.ann.isNormalUser = true;\n}\n'],
  ['an unfree package allows unfree packages too',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ ];\n}\n', 'install vs code',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.vscode ];\n  nixpkgs.config.allowUnfree = true;\n}\n'],
];

describe('intent: the edits, whole', function () {
  for (const [name, src, request, want] of CASES) {
    it(name, function () {
      assert.equal(edited(src, request), want);
    });
  }

  it('asking for what is already true changes nothing and says so', function () {
    const src = '{\n  services.openssh.enable = true;\n}\n';
    const a = ask('enable ssh', { files: new Map([['/c.nix', src]]), root: '/c.nix' }, testIndex());
    assert.equal(a.plan.changed, false);
    assert.deepEqual(a.plan.messages, ['services.openssh.enable is already true (c.nix): nothing to change.']);
  });
});

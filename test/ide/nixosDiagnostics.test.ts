// The option and package checks, as data: a module, the index it is checked against (the
// partial, embedded-like one or the same facts as a complete listing), and every diagnostic of
// those checks as `severity code "covered text"`; then fixes applied and the result re-parsed.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { parse } from '../../server/src/syntax/index.js';
import { LAYER, NIXOS_CODES, completeIndex, partialIndex } from './nixosFixture.js';
import { applyEdits, slice } from './support.js';


const M = (body: string) => `{ config, lib, pkgs, ... }:\n{\n${body}\n}\n`;

const CASES: Array<{ name: string; src: string; index?: NixosIndex; expect: string[] }> = [
  { name: 'known options, every form', src: M(`  services.openssh.enable = true;
  services.openssh = { ports = [ 22 ]; settings.PermitRootLogin = "no"; };
  networking = { hostName = "laptop"; firewall.allowedTCPPorts = [ 80 443 ]; };
  users.users.alice = { isNormalUser = true; shell = pkgs.zsh; extraGroups = [ "wheel" ]; };
  fileSystems."/".device = "/dev/sda1";
  boot.kernel.sysctl."vm.swappiness" = 10;
  time.timeZone = null;
  nix.settings.max-jobs = "auto";
  environment.systemPackages = with pkgs; [ vim firefox ];`), index: completeIndex, expect: [] },
  { name: 'misspelt level, partial index: a warning with the nearest', src: M('  services.prnting.enable = true;'), expect: ['warning unknown-option "prnting"'] },
  { name: 'misspelt level, complete index: an error', src: M('  services.prnting.enable = true;'), index: completeIndex, expect: ['error unknown-option "prnting"'] },
  { name: 'case slip is a misspelling', src: M('  networking.hostname = "x";'), expect: ['warning unknown-option "hostname"'] },
  { name: 'partial index: a name it lacks is no error', src: M('  services.nginx.enable = true;\n  systemd.services.foo.enable = true;\n  services.printers.enable = true;'), expect: [] },
  { name: 'complete index: a name it lacks is an error', src: M('  services.nginx.enable = true;'), index: completeIndex, expect: ['error unknown-option "nginx"'] },
  { name: 'reported once, on the set that writes the unknown name', src: M('  services.prnting = { enable = true; browsing = true; };'), index: completeIndex, expect: ['error unknown-option "prnting"'] },
  { name: 'under config, mkIf and mkMerge', src: M('  config = lib.mkIf true (lib.mkMerge [ { services.prnting.enable = true; } { networking.firewall.enable = "yes"; } ]);'), expect: ['warning unknown-option "prnting"', 'error option-type "\\"yes\\""'] },
  { name: "the module's own options are never unknown", src: M('  options.my.thing = lib.mkOption { type = lib.types.bool; };\n  config.my.thing = true;\n  config.my.other = 1;'), index: completeIndex, expect: [] },
  { name: 'let values and function arguments are no options', src: '{ config, lib, pkgs, ... }:\nlet x = { services.prnting.enable = true; }; in\n{\n  environment.systemPackages = [ (pkgs.vim.override { servics = 1; }) ];\n  services.openssh.enable = x.a;\n}\n', index: completeIndex, expect: [] },
  { name: 'wrong literal types', src: M(`  services.openssh.enable = "yes";
  services.openssh.ports = 22;
  networking.hostName = 42;
  networking.firewall.enable = lib.mkDefault 1;
  services.openssh.settings.PermitRootLogin = "nope";
  users.users.bob.shell = "zsh";
  networking.firewall.allowedTCPPorts = [ 80 ];
  time.timeZone = "UTC";
  nix.settings.max-jobs = 4;`), expect: ['error option-type "\\"yes\\""', 'error option-type "22"', 'error option-type "42"', 'error option-type "1"', 'error option-type "\\"nope\\""', 'error option-type "\\"zsh\\""'] },
  { name: 'values NixOS converts are not judged', src: M('  boot.supportedFilesystems = [ "ntfs" ];\n  users.users.bob.extraGroups = "wheel";\n  networking.hostName = [ "a" ];'), index: completeIndex, expect: [] },
  { name: 'computed values are not judged', src: M('  services.openssh.enable = config.services.xserver.enable;\n  networking.hostName = lib.toLower "X";'), expect: [] },
  { name: 'renamed and removed options', src: M('  hardware.opengl.enable = true;\n  sound.enable = true;'), expect: ['warning renamed-option "hardware.opengl.enable"', 'error removed-option "sound.enable"'] },
  { name: 'renamed prefix written as a set', src: M('  hardware.opengl = { enable = true; };'), expect: ['warning renamed-option "enable"'] },
  { name: 'unknown package in with pkgs and after pkgs.', src: M('  environment.systemPackages = with pkgs; [ vimm git ] ++ [ pkgs.fierfox pkgs.python3Packages.requests pkgs.writeText ];'), expect: ['warning unknown-package "vimm"', 'warning unknown-package "fierfox"'] },
  { name: 'partial index: only one edit away', src: M('  environment.systemPackages = with pkgs; [ vinn htopp ];'), expect: ['warning unknown-package "htopp"'] },
  { name: 'with lib and pkgs: the name may be lib\'s', src: M('  environment.systemPackages = with lib; with pkgs; [ vimm ];'), expect: [] },
  { name: 'unfree package without allowUnfree', src: M('  environment.systemPackages = [ pkgs.vscode ];'), expect: ['info unfree-package "vscode"'] },
  { name: 'unfree package with allowUnfree', src: M('  nixpkgs.config.allowUnfree = true;\n  environment.systemPackages = with pkgs; [ vscode ];'), expect: [] },
  { name: 'flake: inline modules are checked', src: '{\n  outputs = { self, nixpkgs }: {\n    nixosConfigurations.laptop = nixpkgs.lib.nixosSystem {\n      modules = [ ./configuration.nix ({ pkgs, ... }: { services.prnting.enable = true; }) { networking.hostName = 1; } ];\n    };\n  };\n}\n', expect: ['warning unknown-option "prnting"', 'error option-type "1"'] },
  { name: 'flake: other outputs are not', src: '{\n  outputs = { self }: { packages.x86_64-linux.default = 1; services.prnting = 1; };\n}\n', index: completeIndex, expect: [] },
  { name: 'package expression', src: '{ stdenv, fetchurl, vimm }:\nstdenv.mkDerivation { pname = "x"; services.prnting.enable = "yes"; buildInputs = [ vimm ]; }\n', index: completeIndex, expect: [] },
  { name: 'overlay', src: 'final: prev: { services = prev.services; vimm = prev.vim; hello = prev.hello.override { boot.enable = "no"; }; }\n', index: completeIndex, expect: [] },
  { name: 'Home Manager module', src: '{ config, pkgs, ... }:\n{\n  home.stateVersion = "24.05";\n  programs.zsh.enable = "yes";\n  services.prnting.enable = true;\n  home.packages = with pkgs; [ vimm ];\n}\n', index: completeIndex, expect: ['warning unknown-package "vimm"'] },
  { name: 'a set given whole is not judged', src: '{ services = 1; users = "x"; }\n', index: completeIndex, expect: [] },
  { name: 'no index: nothing', src: M('  services.prnting.enable = "yes";'), index: undefined, expect: [] },
];

describe('NixOS diagnostics', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const index = 'index' in c ? c.index : partialIndex;
      const got = computeDiagnostics(analyze(c.src), index)
        .filter((d) => NIXOS_CODES.has(d.code))
        .map((d) => `${d.severity} ${d.code} ${JSON.stringify(slice(c.src, d))}`);
      assert.deepEqual(got, c.expect);
    });
  }
});

// Each fix: the source, the diagnostic's code, the fix's title, the text after, which must parse.
const FIXES: Array<{ name: string; src: string; code: string; title: RegExp; index?: NixosIndex; after: string }> = [
  { name: 'nearest option', src: M('  services.prnting.enable = true;'), code: 'unknown-option', title: /printing/, after: M('  services.printing.enable = true;') },
  { name: 'nearest option, nested', src: M('  services = { prnting = { enable = true; }; };'), code: 'unknown-option', title: /printing/, index: completeIndex, after: M('  services = { printing = { enable = true; }; };') },
  { name: 'string to bool', src: M('  networking.firewall.enable = lib.mkForce "no";'), code: 'option-type', title: /false/, after: M('  networking.firewall.enable = lib.mkForce false;') },
  { name: 'number to list', src: M('  services.openssh.ports = 2222;'), code: 'option-type', title: /\[ 2222 \]/, after: M('  services.openssh.ports = [ 2222 ];') },
  { name: 'renamed', src: M('  hardware.opengl.enable = true;'), code: 'renamed-option', title: /graphics/, after: M('  hardware.graphics.enable = true;') },
  { name: 'package in with pkgs: the name, not pkgs.name', src: M('  environment.systemPackages = with pkgs; [ vimm ];'), code: 'unknown-package', title: /`vim`/, after: M('  environment.systemPackages = with pkgs; [ vim ];') },
  { name: 'allow unfree', src: M('  environment.systemPackages = [ pkgs.vscode ];'), code: 'unfree-package', title: /all|Allow unfree/, after: M('  environment.systemPackages = [ pkgs.vscode ];\n  nixpkgs.config.allowUnfree = true;') },
  { name: 'allow only this unfree package', src: M('  environment.systemPackages = [ pkgs.vscode ];'), code: 'unfree-package', title: /only/, after: M('  environment.systemPackages = [ pkgs.vscode ];\n  nixpkgs.config.allowUnfreePredicate = pkg: builtins.elem (lib.getName pkg) [ "vscode" ];') },
];

describe('NixOS diagnostics: fixes', () => {
  for (const c of FIXES) {
    it(c.name, () => {
      const d = computeDiagnostics(analyze(c.src), c.index ?? partialIndex).find((x) => x.code === c.code);
      assert.ok(d, `no ${c.code}`);
      const fix = d.fixes?.find((f) => c.title.test(f.title));
      assert.ok(fix, `no fix ${c.title}: ${d.fixes?.map((f) => f.title).join(', ')}`);
      const after = applyEdits(c.src, fix.edits);
      assert.equal(after, c.after);
      assert.deepEqual(parse(after).errors, []);
    });
  }
});

describe('NixOS diagnostics: versions are not misspellings', () => {
  it('names that differ only in digits are left alone', () => {
    const src = M('  environment.systemPackages = with pkgs; [ vim2 zsh5 ];\n  services.printing2.enable = true;');
    assert.deepEqual(computeDiagnostics(analyze(src), partialIndex).filter((d) => NIXOS_CODES.has(d.code)), []);
  });
});

describe('NixOS diagnostics: a long module, checked binding by binding', () => {
  const filler = Array.from({ length: 60 }, (_, i) => `  users.users.u${i}.isNormalUser = true;`).join('\n');
  const long = (tail: string) => M(`${filler}\n${tail}`);

  it('gives what a short module gives, at the right places, with working fixes', () => {
    const src = long('  services.prnting.enable = true;\n  networking.firewall.enable = "no";\n  options.my.a = lib.mkOption { };\n  my.b = 1;\n  environment.systemPackages = with pkgs; [ vimm vscode ];');
    const ds = computeDiagnostics(analyze(src), partialIndex).filter((d) => NIXOS_CODES.has(d.code));
    assert.deepEqual(ds.map((d) => `${d.code} ${slice(src, d)}`), ['unknown-option prnting', 'option-type "no"', 'unknown-package vimm', 'unfree-package vscode']);
    const typeFix = applyEdits(src, ds[1]!.fixes![0]!.edits);
    assert.ok(typeFix.includes('networking.firewall.enable = false;'));
    const unfreeFix = applyEdits(src, ds[3]!.fixes![0]!.edits);
    assert.deepEqual(parse(unfreeFix).errors, []);
    assert.ok(unfreeFix.includes('nixpkgs.config.allowUnfree = true;'));
  });

  it('follows the module\'s own declarations and allowUnfree as they change', () => {
    const names = (src: string) => computeDiagnostics(analyze(src), completeIndex).filter((d) => NIXOS_CODES.has(d.code)).map((d) => `${d.code} ${slice(src, d)}`);
    assert.deepEqual(names(long('  my.b = 1;')), ['unknown-option my']);
    assert.deepEqual(names(long('  options.my.a = lib.mkOption { };\n  my.b = 1;')), []);
    assert.deepEqual(names(long('  environment.systemPackages = [ pkgs.vscode ];')), ['unfree-package vscode']);
    assert.deepEqual(names(long('  environment.systemPackages = [ pkgs.vscode ];\n  nixpkgs.config = { allowUnfree = true; };')), []);
  });
});

describe('NixOS diagnostics: a long module opened, then edited', () => {
  it('the results read in one walk match those read binding by binding', () => {
    const filler = Array.from({ length: 80 }, (_, i) => `  users.users.u${i}.isNormalUser = ${i === 40 ? '"yes"' : 'true'};`).join('\n');
    const src = M(`${filler}\n  services.prnting.enable = true;`);
    const index = new NixosIndex([{ ...LAYER }]);
    const first = computeDiagnostics(analyze(src), index).filter((d) => NIXOS_CODES.has(d.code));
    // the same text again: every binding now comes from what was remembered
    const again = computeDiagnostics(analyze(src), index).filter((d) => NIXOS_CODES.has(d.code));
    assert.deepEqual(again, first);
    assert.deepEqual(first.map((d) => `${d.code} ${slice(src, d)}`), ['option-type "yes"', 'unknown-option prnting']);
  });
});

// What a file is (module, package, flake, overlay, Home Manager), and the behaviour that follows:
// module arguments are never "unused" nor "added", a missing `;` is shown where it is missing.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { moduleShape } from '../../server/src/analysis/moduleKind.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { parse } from '../../server/src/syntax/index.js';
import { AnalysisHost } from '../../server/src/ide/analysisHost.js';
import { NIXOS_CODES, partialIndex } from './nixosFixture.js';
import { applyEdits, slice } from './support.js';

const KINDS: Array<[string, string]> = [
  ['nixos', '{ config, pkgs, ... }:\n{\n  services.openssh.enable = true;\n}'],
  ['nixos', '{ config, lib, pkgs, modulesPath, ... }:\n{\n  imports = [ (modulesPath + "/installer/scan/not-detected.nix") ];\n  boot.initrd.availableKernelModules = [ "xhci_pci" ];\n}'],
  ['nixos', '{ boot.loader.grub.enable = true; }'],
  ['nixos', '{ lib, ... }:\nlet cfg = 1; in\n{\n  options.my.enable = lib.mkEnableOption "x";\n  config = lib.mkIf true { };\n}'],
  ['nixos', '{ config, lib, ... }:\nlib.mkIf config.x { networking.hostName = "a"; }'],
  ['nixos', '{ config, pkgs, ... }:\n{\n}'],
  ['nixos', '{ inputs, ... }:\nwith inputs; { services.openssh.enable = true; }'],
  ['package', '{ lib, stdenv, fetchurl }:\nstdenv.mkDerivation { pname = "hello"; version = "1"; }'],
  ['package', '{ lib, buildPythonPackage, fetchPypi, ... }:\nbuildPythonPackage { pname = "x"; }'],
  ['flake', '{\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs";\n  outputs = { self, nixpkgs }: { };\n}'],
  ['overlay', 'final: prev: { hello = prev.hello; }'],
  ['overlay', 'self: super: { }'],
  ['home-manager', '{ config, pkgs, ... }:\n{\n  home.stateVersion = "24.05";\n  programs.git.enable = true;\n}'],
  ['package', '{ pkgs ? import <nixpkgs> { } }:\npkgs.mkShell { packages = [ pkgs.hello ]; }'],
  ['unknown', '{ a = 1; b = 2; }'],
  ['unknown', 'let x = 1; in x'],
  ['unknown', '{ lib, ... }:\n{ foo = lib.id; }'],
];

describe('module shape', () => {
  for (const [kind, src] of KINDS) {
    it(`${kind}: ${JSON.stringify(src.slice(0, 50))}`, () => {
      assert.equal(moduleShape(parse(src).tree).kind, kind);
    });
  }
});

const codes = (src: string) => computeDiagnostics(analyze(src), partialIndex).map((d) => `${d.code} ${JSON.stringify(slice(src, d))}`);

describe('module-aware diagnostics', () => {
  it('the stock module arguments are never unused in a module', () => {
    assert.deepEqual(codes('{ config, lib, pkgs, options, modulesPath, ... }:\n{\n  networking.hostName = "x";\n}'), []);
    assert.deepEqual(codes('{ config, lib, pkgs, modulesPath, ... }:\n\n{\n  imports = [ ];\n  boot.initrd.kernelModules = [ ];\n}\n'), []);
  });

  it('but are in a package, and any other argument of a module is', () => {
    assert.deepEqual(codes('{ lib, stdenv }:\nstdenv.mkDerivation { }'), ['unused-arg "lib"']);
    assert.deepEqual(codes('{ config, inputs, ... }:\n{\n  networking.hostName = "x";\n}'), ['unused-arg "inputs"']);
  });

  it('an undefined name is never added to a module\'s arguments; a module argument is', () => {
    const titles = (src: string) => computeDiagnostics(analyze(src), partialIndex).flatMap((d) => (d.fixes ?? []).map((f) => f.title));
    assert.deepEqual(titles('{ config, ... }:\n{\n  networking.hostName = hostname;\n}'), []);
    assert.deepEqual(titles('{ config, ... }:\n{\n  environment.systemPackages = [ pkgs.vim ];\n}'), ["Add `pkgs` to the function's arguments"]);
    // outside a module, adding an argument stays a fix
    assert.deepEqual(titles('{ stdenv }:\nstdenv.mkDerivation { x = hostname; }'), ["Add `hostname` to the function's arguments"]);
  });

  it('a package name without pkgs. gets pkgs. in front, when pkgs is at hand', () => {
    const src = '{ config, pkgs, ... }:\n{\n  environment.systemPackages = [ firefox ];\n}';
    const d = computeDiagnostics(analyze(src), partialIndex).find((x) => x.code === 'undefined-variable')!;
    assert.match(d.message, /It is a package: write `pkgs\.firefox`/);
    assert.equal(applyEdits(src, d.fixes![0]!.edits), '{ config, pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.firefox ];\n}');
  });
});

describe('missing semicolon', () => {
  const CASES: Array<[string, string, string]> = [
    ['{\n  networking.hostName = "laptop"\n  services.openssh.enable = true;\n}', '"laptop"', '{\n  networking.hostName = "laptop";\n  services.openssh.enable = true;\n}'],
    ['{ a = [ 1 2 ]\n}', ']', '{ a = [ 1 2 ];\n}'],
    ['{\n  a = { x = 1; }\n\n  # a comment\n  b = 2;\n}', '}', '{\n  a = { x = 1; };\n\n  # a comment\n  b = 2;\n}'],
    ['let\n  a = pkgs.hello\n  b = 2;\nin a', 'pkgs.hello', 'let\n  a = pkgs.hello;\n  b = 2;\nin a'],
  ];
  for (const [src, covered, fixed] of CASES) {
    it(JSON.stringify(src), () => {
      const d = computeDiagnostics(analyze(src)).find((x) => x.severity === 'error' && /expected ';'/.test(x.message))!;
      assert.equal(slice(src, d), covered);
      assert.match(d.message, /Insert `;`/);
      const after = applyEdits(src, d.fixes![0]!.edits);
      assert.equal(after, fixed);
      assert.deepEqual(parse(after).errors, []);
    });
  }
});

describe('module-aware results follow edits', () => {
  it('a file that becomes a module, edited in place, is checked as one', () => {
    const host = new AnalysisHost(undefined, () => partialIndex);
    const uri = 'file:///c.nix';
    const versions = [
      '{ stdenv }:\n{\n  services.prnting.enable = true;\n}\n',
      '{ config, ... }:\n{\n  services.prnting.enable = true;\n}\n',
      '{ config, ... }:\n{\n  services.prnting.enable = true;\n  networking.hostName = 1;\n}\n',
    ];
    const seen = versions.map((text, version) => host.get({ uri, version, getText: () => text }).diagnostics.filter((d) => NIXOS_CODES.has(d.code)).map((d) => d.code));
    assert.deepEqual(seen, [[], ['unknown-option'], ['unknown-option', 'option-type']]);
  });
});

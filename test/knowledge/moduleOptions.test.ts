// Options declared by the workspace's own modules, read statically from the tree.
import assert from 'node:assert/strict';
import { moduleOptions } from '../../server/src/knowledge/moduleOptions.js';
import type { OptionInfo, OptionType } from '../../server/src/knowledge/model.js';
import { expect } from '../support/expect.js';

function show(t: OptionType): string {
  let s = t.kind;
  if (t.values) s += ` ${JSON.stringify(t.values)}`;
  if (t.of) s += `[${t.of.map(show).join(' | ')}]`;
  return s;
}
const lines = (options: OptionInfo[]) =>
  options
    .map((o) =>
      [`${o.path.join('.')}: ${show(o.type)} (${o.type.text})`, o.default !== undefined ? `default=${o.default}` : '', o.example !== undefined ? `example=${o.example}` : '', o.readOnly ? 'readOnly' : '', JSON.stringify(o.description)]
        .filter(Boolean)
        .join(' '),
    )
    .join('\n');

describe('static option extraction', () => {
  it('reads mkOption, mkEnableOption and mkPackageOption in every form', () => {
    const text = `{ config, lib, pkgs, ... }:
with lib;
let cfg = config.services.myapp; in
{
  options.services.myapp = {
    enable = mkEnableOption "my app";
    package = lib.mkPackageOption pkgs "myapp" { };
    port = mkOption {
      type = types.port;
      default = 8080;
      description = "Port to listen on.";
    };
    mode = lib.mkOption {
      type = lib.types.enum [ "fast" "safe" ];
      default = "safe";
      example = "fast";
      description = lib.mdDoc ''
        How to run.
      '';
    };
    extraArgs = mkOption { type = types.listOf types.str; default = [ ]; };
    tags = mkOption { type = with types; nullOr (either str int); default = null; readOnly = true; };
    users = mkOption {
      type = types.attrsOf (types.submodule ({ name, ... }: {
        options.home = mkOption { type = types.path; defaultText = literalExpression "/home/\\\${name}"; };
        options.admin = mkEnableOption "admin rights";
      }));
      default = { };
    };
    rules = mkOption {
      type = types.listOf (types.submodule { options = { port = mkOption { type = types.int; }; }; });
    };
  };
  options.programs.other.enable = mkEnableOption "other";
  options = { nested.deep.flag = mkOption { type = types.bool; description = "A flag."; }; };
  config = mkIf cfg.enable { services.myapp.port = 1; };
}`;
    const options = moduleOptions(text, '/work/modules/myapp.nix');
    expect`
      services.myapp.enable: bool (boolean) default=false example=true "Whether to enable my app."
      services.myapp.package: package (package) default=pkgs.myapp "The myapp package to use."
      services.myapp.port: port (16 bit unsigned integer; between 0 and 65535 (both inclusive)) default=8080 "Port to listen on."
      services.myapp.mode: enum ["fast","safe"] (one of "fast", "safe") default="safe" example="fast" "How to run.\\n"
      services.myapp.extraArgs: list[str] (list of string) default=[ ] ""
      services.myapp.tags: nullOr[either[str | int]] (null or (string or signed integer)) default=null readOnly ""
      services.myapp.users: attrs[submodule] (attribute set of (submodule)) default={ } ""
      services.myapp.users.<name>.home: path (path) default=/home/\${name} ""
      services.myapp.users.<name>.admin: bool (boolean) default=false example=true "Whether to enable admin rights."
      services.myapp.rules: list[submodule] (list of (submodule)) ""
      services.myapp.rules.*.port: int (signed integer) ""
      programs.other.enable: bool (boolean) default=false example=true "Whether to enable other."
      nested.deep.flag: bool (boolean) "A flag."
    `.assertEq(lines(options));
    assert.deepEqual(options[0]!.declarations, ['/work/modules/myapp.nix']);
    assert.equal(options[0]!.source, 'workspace');
  });

  it('finds nothing in a configuration, a package or a broken file', () => {
    assert.deepEqual(moduleOptions('{ pkgs, ... }: { services.openssh.enable = true; }', 'c.nix'), []);
    assert.deepEqual(moduleOptions('{ stdenv }: stdenv.mkDerivation { name = "x"; options = 1; }', 'p.nix'), []);
    assert.equal(moduleOptions('{ options.a = mkOption { type = types.bool; ', 'b.nix').length <= 1, true);
  });

  it('reads mkPackageOption with a nested default and an example', () => {
    const options = moduleOptions('{ lib, pkgs, ... }: { options.x.package = lib.mkPackageOption pkgs "python" { default = [ "python3Packages" "python" ]; example = "python311"; }; }', 'f.nix');
    expect`x.package: package (package) default=pkgs.python3Packages.python example=pkgs.python311 "The python package to use."`.assertEq(lines(options));
  });
});

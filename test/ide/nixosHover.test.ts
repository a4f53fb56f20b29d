// Hover from the NixOS index: options (any part of the path, flat, nested, under config/mkIf,
// through <name> levels, quoted names, read as config.x), packages, lib functions.
import { hover } from '../../server/src/ide/hover.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { partialIndex } from './nixosFixture.js';
import { expect, markRanges, withCursor, type Expect } from './support.js';

const k = embeddedKnowledge();

const CASES: Array<{ name: string; src: string; want: Expect }> = [
  { name: 'option, last part', src: '{ config, ... }:\n{ services.openssh.ena$0ble = true; }', want: expect`
    { config, ... }:
    { services.openssh.[[enable]] = true; }
    ---
    **services.openssh.enable**: option

    Whether to run the OpenSSH server.

    *Type:* boolean\\
    *Default:* \`false\`\\
    *Example:* \`true\`\\
    *Declared in:* \`nixos/modules/services/openssh.nix\`\\
    *Source:* the NixOS knowledge shipped with the extension
  ` },
  { name: 'a middle part says which option it leads to', src: '{ config, ... }:\n{ services.open$0ssh.enable = true; }', want: expect`
    { config, ... }:
    { services.[[openssh]].enable = true; }
    ---
    \`services.openssh\` leads to the option \`services.openssh.enable\`.

    ---

    **services.openssh.enable**: option

    Whether to run the OpenSSH server.

    *Type:* boolean\\
    *Default:* \`false\`\\
    *Example:* \`true\`\\
    *Declared in:* \`nixos/modules/services/openssh.nix\`\\
    *Source:* the NixOS knowledge shipped with the extension
  ` },
  { name: 'a group', src: '{ config, ... }:\n{ services.open$0ssh = { enable = true; }; }', want: expect`
    { config, ... }:
    { services.[[openssh]] = { enable = true; }; }
    ---
    **services.openssh**: a group of NixOS options, 3 below it: \`enable\`, \`ports\`, \`settings\`.
  ` },
  { name: 'nested, under config and mkIf, through <name>', src: '{ config, lib, ... }:\n{ config = lib.mkIf true { users.users.alice = { sh$0ell = null; }; }; }', want: expect`
    { config, lib, ... }:
    { config = lib.mkIf true { users.users.alice = { [[shell]] = null; }; }; }
    ---
    **users.users.alice.shell** (option \`users.users.<name>.shell\`): option

    The user's login shell.

    *Type:* null or package\\
    *Declared in:* \`nixos/modules/users/users.nix\`\\
    *Source:* the NixOS knowledge shipped with the extension
  ` },
  { name: 'quoted name', src: '{ config, ... }:\n{ fileSystems."/".dev$0ice = "/dev/sda1"; }', want: expect`
    { config, ... }:
    { fileSystems."/".[[device]] = "/dev/sda1"; }
    ---
    **fileSystems."/".device** (option \`fileSystems.<name>.device\`): option

    The device to mount.

    *Type:* null or string\\
    *Declared in:* \`nixos/modules/fileSystems/<name>.nix\`\\
    *Source:* the NixOS knowledge shipped with the extension
  ` },
  { name: 'read as config.x', src: '{ config, lib, ... }:\n{ networking.firewall.enable = config.services.xse$0rver.enable; }', want: expect`
    { config, lib, ... }:
    { networking.firewall.enable = config.services.[[xserver]].enable; }
    ---
    \`services.xserver\` leads to the option \`services.xserver.enable\`.

    ---

    **services.xserver.enable**: option

    Whether to run the X server.

    *Type:* boolean\\
    *Declared in:* \`nixos/modules/services/xserver.nix\`\\
    *Source:* the NixOS knowledge shipped with the extension
  ` },
  { name: 'renamed option', src: '{ config, ... }:\n{ hardware.opengl.ena$0ble = true; }', want: expect`
    { config, ... }:
    { hardware.opengl.[[enable]] = true; }
    ---
    **hardware.opengl.enable**: renamed to \`hardware.graphics.enable\` in NixOS 24.11.
  ` },
  { name: 'package after pkgs.', src: '{ config, pkgs, ... }:\n{ environment.systemPackages = [ pkgs.fire$0fox ]; }', want: expect`
    { config, pkgs, ... }:
    { environment.systemPackages = [ pkgs.[[firefox]] ]; }
    ---
    **firefox** 1.0: package

    A web browser

    *License:* MPL-2.0\\
    *Homepage:* https://www.mozilla.org/firefox/\\
    *Program:* \`firefox\`
  ` },
  { name: 'package in with pkgs, unfree', src: '{ config, pkgs, ... }:\n{ environment.systemPackages = with pkgs; [ vs$0code ]; }', want: expect`
    { config, pkgs, ... }:
    { environment.systemPackages = with pkgs; [ [[vscode]] ]; }
    ---
    **vscode** 1.0: package

    Code editor by Microsoft

    **Unfree**: NixOS builds it only with \`nixpkgs.config.allowUnfree = true;\` (or an \`allowUnfreePredicate\` naming it).

    *License:* unfree
  ` },
  { name: 'lib function', src: '{ lib, ... }:\n{ networking.hostName = lib.mkDe$0fault "x"; }', want: expect`
    { lib, ... }:
    { networking.hostName = lib.[[mkDefault]] "x"; }
    ---
    \`\`\`nix
    mkDefault :: a -> a
    \`\`\`

    Gives a value a low priority: any plain definition elsewhere wins.
  ` },
  { name: 'lib function under with lib', src: '{ lib, ... }:\nwith lib; { networking.hostName = mkFo$0rce "x"; }', want: expect`
    { lib, ... }:
    with lib; { networking.hostName = [[mkForce]] "x"; }
    ---
    \`\`\`nix
    mkForce :: a -> a
    \`\`\`

    Gives a value a high priority.
  ` },
  { name: 'not a module: the plain hover', src: '{ stdenv }:\nstdenv.mkDerivation { ena$0ble = true; }', want: expect`no hover` },
];

describe('hover from the NixOS index', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const h = hover(a, offset, k, partialIndex);
      c.want.assertEq(h ? `${markRanges(text, [h.range])}\n---\n${h.markdown}` : 'no hover');
    });
  }
});

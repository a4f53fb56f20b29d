// The edits requests make, shown whole: lists in their own style, nested sets, `config` beside
// `options`, a value that is a variable, the module's `pkgs` argument; a new setting beside its
// siblings, in the file's flat or nested style; nothing else moves. Each edit parses, analyses
// with no new findings, and asking again changes nothing.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { ask } from '../../server/src/intent/index.js';
import { applyEdits, parse } from '../../server/src/syntax/index.js';
import { testIndex } from './support.js';

const findings = (text: string) => computeDiagnostics(analyze(text)).map((d) => `${d.code}: ${d.message}`);

function edited(src: string, request: string, file = '/etc/nixos/configuration.nix'): string {
  const a = ask(request, { files: new Map([[file, src]]), root: file }, testIndex());
  assert.deepEqual(a.understanding.unknown, []);
  const out = a.plan.files.length ? applyEdits(src, a.plan.files[0]!.edits) : src;
  assert.deepEqual(parse(out).errors, [], out);
  const before = new Set(findings(src));
  assert.deepEqual(findings(out).filter((f) => !before.has(f)), [], out);
  const again = ask(request, { files: new Map([[file, out]]), root: file }, testIndex());
  assert.equal(again.plan.changed, false, `asking again changes more: ${again.plan.messages.join(' ')}`);
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
  ['removing every item of a `with pkgs;` list leaves `[ ]`, not a `with` that scopes nothing',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ firefox thunderbird ];\n}\n', 'delete firefox thunderbird',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ ];\n}\n'],
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
  ["a user's own packages in the file's `pkgs.x` style",
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n  users.users.ann = {\n    isNormalUser = true;\n  };\n}\n', 'install ripgrep and fd only for ann',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n  users.users.ann = {\n    isNormalUser = true;\n    packages = [ pkgs.ripgrep pkgs.fd ];\n  };\n}\n'],
  ["a user's own packages in the file's `with pkgs;` style",
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ git ];\n  users.users.ann = {\n    isNormalUser = true;\n  };\n}\n', 'ann gets her own packages: ripgrep and fd',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ git ];\n  users.users.ann = {\n    isNormalUser = true;\n    packages = with pkgs; [ ripgrep fd ];\n  };\n}\n'],
  ['a new setting after a line that ends in a comment goes below it',
    '{\n  system.stateVersion = "24.05"; # keep\n}\n', 'enable printing',
    '{\n  system.stateVersion = "24.05"; # keep\n  services.printing.enable = true;\n}\n'],
  ['deleting a user removes its whole definition',
    '{\n  users.users.bob = {\n    isNormalUser = true;\n  };\n  users.users.ann.isNormalUser = true;\n}\n', 'delete the user bob',
    '{\n  users.users.ann.isNormalUser = true;\n}\n'],
  ['the latest kernel is a package set of pkgs, which joins the arguments',
    '{ config, ... }:\n{\n  boot.loader.systemd-boot.enable = true;\n}\n', 'use the latest kernel',
    '{ config, pkgs, ... }:\n{\n  boot.loader.systemd-boot.enable = true;\n  boot.kernelPackages = pkgs.linuxPackages_latest;\n}\n'],
  ['an unfree package allows unfree packages too',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ ];\n}\n', 'install vs code',
    '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.vscode ];\n  nixpkgs.config.allowUnfree = true;\n}\n'],
];

// Where a new setting goes: `$` in a source marks nothing; the expected text is the whole file.
const FLAT = '{ config, pkgs, ... }:\n{\n  # Keymap\n  services.xserver.enable = true;\n  services.xserver.xkb.layout = "us";\n\n  networking.hostName = "h";\n\n  # Read the comment.\n  system.stateVersion = "24.05";\n}\n';
const NESTED = '{ pkgs, ... }:\n{\n  networking = {\n    hostName = "h";\n    firewall = {\n      enable = true;\n    };\n  };\n\n  services = {\n    nginx.enable = true;\n  };\n\n  system.stateVersion = "24.05";\n}\n';
const PLACES: Array<{ name: string; src: string; ask: string; want: string; file?: string }> = [
  { name: 'flat: after the last binding sharing the longest prefix, not at the end', src: FLAT, ask: 'enable printing',
    want: FLAT.replace('layout = "us";\n', 'layout = "us";\n  services.printing.enable = true;\n') },
  { name: 'flat: a longer shared prefix wins', src: FLAT.replace('  networking.hostName', '  services.openssh.enable = true;\n  networking.hostName'), ask: 'disable root login over ssh',
    want: FLAT.replace('  networking.hostName', '  services.openssh.enable = true;\n  services.openssh.settings.PermitRootLogin = "no";\n  networking.hostName') },
  { name: 'flat: nothing shares a name: last, but before system.stateVersion', src: FLAT, ask: 'enable bluetooth',
    want: FLAT.replace('hostName = "h";\n', 'hostName = "h";\n  hardware.bluetooth.enable = true;\n') },
  { name: 'flat: several new settings stay flat, grouped with their siblings', src: FLAT, ask: 'enable ssh and disable root login over ssh',
    want: FLAT.replace('layout = "us";\n', 'layout = "us";\n  services.openssh.enable = true;\n  services.openssh.settings.PermitRootLogin = "no";\n') },
  { name: 'nested: inside the deepest set written for a prefix, in its indentation', src: NESTED, ask: 'open udp port 51820',
    want: NESTED.replace('      enable = true;\n', '      enable = true;\n      allowedUDPPorts = [ 51820 ];\n') },
  { name: 'nested: several new settings under a new prefix become one nested block', src: NESTED,
    ask: 'enable ssh, disable root login over ssh and disable password login for ssh',
    want: NESTED.replace('    nginx.enable = true;\n', '    nginx.enable = true;\n    openssh = {\n      enable = true;\n      settings = {\n        PermitRootLogin = "no";\n        PasswordAuthentication = false;\n      };\n    };\n') },
  { name: 'nested: a new top-level prefix gets its own block, before system.stateVersion', src: NESTED, ask: 'enable automatic upgrades at 4am',
    want: NESTED.replace('  };\n\n  system.stateVersion', '  };\n  system.autoUpgrade = {\n    enable = true;\n    dates = "*-*-* 04:00:00";\n  };\n\n  system.stateVersion') },
  { name: 'nested: settings under different new prefixes share the shortest one', src: '{\n  networking = {\n    hostName = "h";\n  };\n  boot = {\n    loader.grub.enable = true;\n  };\n}\n',
    ask: 'enable sound and ssh',
    want: '{\n  networking = {\n    hostName = "h";\n  };\n  boot = {\n    loader.grub.enable = true;\n  };\n  services = {\n    pipewire = {\n      enable = true;\n      alsa.enable = true;\n      pulse.enable = true;\n    };\n    openssh.enable = true;\n  };\n  security.rtkit.enable = true;\n}\n' },
  { name: 'nested: a setting already written is changed in place, the new one goes beside it', src: NESTED.replace('    nginx.enable = true;\n', '    openssh = {\n      enable = false;\n    };\n'),
    ask: 'enable ssh and disable root login over ssh',
    want: NESTED.replace('    nginx.enable = true;\n', '    openssh = {\n      enable = true;\n      settings.PermitRootLogin = "no";\n    };\n') },
  { name: 'mixed (flat mostly, one nested set): into the set, the rest flat beside their siblings',
    src: '{\n  services.openssh = {\n    enable = true;\n  };\n  services.nginx.enable = true;\n  time.timeZone = "UTC";\n}\n', ask: 'disable password login for ssh and enable printing',
    want: '{\n  services.openssh = {\n    enable = true;\n    settings.PasswordAuthentication = false;\n  };\n  services.nginx.enable = true;\n  services.printing.enable = true;\n  time.timeZone = "UTC";\n}\n' },
  { name: 'mixed, dotted before the set: not into the set (Nix would see `openssh` defined twice)',
    src: '{\n  services.openssh.enable = true;\n  services = {\n    nginx.enable = true;\n  };\n}\n', ask: 'disable root login over ssh and enable printing',
    want: '{\n  services.openssh.enable = true;\n  services.openssh.settings.PermitRootLogin = "no";\n  services = {\n    nginx.enable = true;\n    printing.enable = true;\n  };\n}\n' },
  { name: '`config = lib.mkIf ...` beside `options`: beside its siblings inside config',
    src: '{ config, lib, ... }:\n{\n  options.my.enable = lib.mkEnableOption "mine";\n  config = lib.mkIf config.my.enable {\n    services.xserver.enable = true;\n    networking.hostName = "h";\n  };\n}\n',
    ask: 'enable printing',
    want: '{ config, lib, ... }:\n{\n  options.my.enable = lib.mkEnableOption "mine";\n  config = lib.mkIf config.my.enable {\n    services.xserver.enable = true;\n    services.printing.enable = true;\n    networking.hostName = "h";\n  };\n}\n' },
  { name: 'a flake: into its inline module, beside its siblings', file: '/etc/nixos/flake.nix',
    src: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [\n        ./hardware.nix\n        {\n          services.openssh.enable = true;\n          networking.hostName = "h";\n        }\n      ];\n    };\n  };\n}\n',
    ask: 'enable printing',
    want: '{\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.h = nixpkgs.lib.nixosSystem {\n      modules = [\n        ./hardware.nix\n        {\n          services.openssh.enable = true;\n          services.printing.enable = true;\n          networking.hostName = "h";\n        }\n      ];\n    };\n  };\n}\n' },
  { name: 'an empty `{ }` module is opened up over lines', src: '{ }\n', ask: 'enable ssh and disable root login over ssh',
    want: '{\n  services.openssh.enable = true;\n  services.openssh.settings.PermitRootLogin = "no";\n}\n' },
  { name: 'a module of only comments: after the comments', src: '{ config, pkgs, ... }:\n{\n  # Nothing here yet.\n  # More comments.\n}\n', ask: 'enable printing',
    want: '{ config, pkgs, ... }:\n{\n  # Nothing here yet.\n  # More comments.\n  services.printing.enable = true;\n}\n' },
  { name: 'comments at the end stay at the end', src: '{ config, pkgs, ... }:\n{\n  services.nginx.enable = true;\n\n  # services.printing.enable = true;\n  # Commented out for now.\n}\n', ask: 'enable ssh',
    want: '{ config, pkgs, ... }:\n{\n  services.nginx.enable = true;\n  services.openssh.enable = true;\n\n  # services.printing.enable = true;\n  # Commented out for now.\n}\n' },
  { name: 'four-space indentation is kept in a new block', src: '{\n    services = {\n        nginx.enable = true;\n    };\n    boot = {\n        loader.timeout = 3;\n    };\n}\n',
    ask: 'enable automatic upgrades at 4am',
    want: '{\n    services = {\n        nginx.enable = true;\n    };\n    boot = {\n        loader.timeout = 3;\n    };\n    system.autoUpgrade = {\n        enable = true;\n        dates = "*-*-* 04:00:00";\n    };\n}\n' },
];

describe('intent: where a new setting goes', function () {
  for (const c of PLACES) {
    it(c.name, function () {
      assert.equal(edited(c.src, c.ask, c.file), c.want);
    });
  }
});

describe('intent: the edits, whole', function () {
  for (const [name, src, request, want] of CASES) {
    it(name, function () {
      assert.equal(edited(src, request), want);
    });
  }

  it('an initial password is written as said, and only the edit holds it', function () {
    const src = '{\n  users.users.ann.isNormalUser = true;\n}\n';
    assert.equal(edited(src, 'give ann an initial password of S3cret-${x}'), '{\n  users.users.ann.isNormalUser = true;\n  users.users.ann.initialPassword = "S3cret-\\${x}";\n}\n');
    // The summary is what undo and picks keep in the learning store.
    const a = ask('give ann an initial password of S3cret', { files: new Map([['/c.nix', src]]), root: '/c.nix' }, testIndex());
    assert.equal(a.understanding.intents[0]!.summary, 'give ann an initial password');
    assert.deepEqual(a.understanding.alternatives[0], []);
  });

  it('asking for what is already true changes nothing and says so', function () {
    const src = '{\n  services.openssh.enable = true;\n}\n';
    const a = ask('enable ssh', { files: new Map([['/c.nix', src]]), root: '/c.nix' }, testIndex());
    assert.equal(a.plan.changed, false);
    assert.deepEqual(a.plan.messages, ['services.openssh.enable is already true (c.nix): nothing to change.']);
  });
});

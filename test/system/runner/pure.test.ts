// The pure parts of the runner, as data: elevation argv per method, the commands each step runs,
// configuration and profile resolution, backend choice, and the internal-json progress reader.
import * as assert from 'node:assert/strict';
import type { Elevation } from '../../../server/src/protocol/plan';
import { chooseElevation, elevatedArgv } from '../../../server/src/system/rebuild/elevation';
import {
  buildCommand,
  flakeAttribute,
  inSystemdRun,
  instantiateCommand,
  nixosRebuildCommand,
  outPathCommand,
  nixSshOpts,
  shellQuote,
  sshCommand,
  switchToConfigurationCommand,
} from '../../../server/src/system/rebuild/commands';
import { NixProgress, parseInternalJson } from '../../../server/src/system/rebuild/nixLog';
import { chooseBackend, profileName, resolveConfiguration, resolveProfile } from '../../../server/src/system/rebuild/options';
import { failedUnitsOf } from '../../../server/src/system/rebuild/direct';
import { runsSystemd } from '../../../server/src/system/rebuild/systemd';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SET = ['nix-env', '-p', '/nix/var/nix/profiles/system', '--set', '/nix/store/abc-nixos-system'];
const STC = ['/nix/store/abc-nixos-system/bin/switch-to-configuration', 'switch'];

describe('elevation: argv per method', () => {
  const cases: [string, Elevation, readonly string[], Record<string, string>, string[]][] = [
    ['none', { method: 'none' }, SET, {}, SET],
    ['none with env', { method: 'none' }, STC, { NIXOS_INSTALL_BOOTLOADER: '0' }, ['env', 'NIXOS_INSTALL_BOOTLOADER=0', ...STC]],
    ['sudo, no terminal: never prompts', { method: 'sudo' }, SET, {}, ['sudo', '-n', '--', ...SET]],
    ['sudo on a terminal', { method: 'sudo', interactive: true }, SET, {}, ['sudo', '--', ...SET]],
    ['sudo with askpass', { method: 'sudo', askpass: true }, STC, { NIXOS_INSTALL_BOOTLOADER: '1' }, ['sudo', '-A', '--', 'env', 'NIXOS_INSTALL_BOOTLOADER=1', ...STC]],
    ['pkexec', { method: 'pkexec' }, STC, { NIXOS_INSTALL_BOOTLOADER: '0' }, ['pkexec', '/usr/bin/env', 'NIXOS_INSTALL_BOOTLOADER=0', ...STC]],
    ['pkexec without env', { method: 'pkexec' }, SET, {}, ['pkexec', '/usr/bin/env', ...SET]],
    ['run0', { method: 'run0' }, STC, { NIXOS_INSTALL_BOOTLOADER: '0' }, ['run0', '--no-ask-password', '--setenv=NIXOS_INSTALL_BOOTLOADER=0', '--', ...STC]],
    ['run0 interactive', { method: 'run0', interactive: true }, SET, {}, ['run0', '--', ...SET]],
    ['doas', { method: 'doas' }, SET, {}, ['doas', '-n', '--', ...SET]],
    ['doas on a terminal', { method: 'doas', interactive: true }, STC, { NIXOS_INSTALL_BOOTLOADER: '0' }, ['doas', '--', 'env', 'NIXOS_INSTALL_BOOTLOADER=0', ...STC]],
  ];
  for (const [name, elevation, argv, env, expected] of cases) {
    it(name, () => assert.deepEqual(elevatedArgv(elevation, argv, env), expected));
  }

  it('never puts a password or SUDO_ASKPASS value in argv', () => {
    const env = { SUDO_ASKPASS: '/usr/bin/ksshaskpass', PATH: '/usr/bin' };
    const e = chooseElevation('auto', { uid: 1000, env, interactive: false, which: () => '/usr/bin/sudo' });
    const argv = elevatedArgv(e, SET);
    assert.deepEqual(argv, ['sudo', '-A', '--', ...SET]);
    assert.ok(!argv.some((a) => a.includes('askpass')));
  });

  it('auto: none for root; askpass sudo with SUDO_ASKPASS; else the first installed method', () => {
    const has = (...names: string[]) => (p: string) => (names.includes(p) ? `/usr/bin/${p}` : undefined);
    assert.deepEqual(chooseElevation('auto', { uid: 0, env: {}, interactive: false, which: has('sudo') }), { method: 'none' });
    assert.deepEqual(chooseElevation('auto', { uid: 1000, env: { SUDO_ASKPASS: '/x' }, interactive: false, which: has('sudo') }), { method: 'sudo', askpass: true, interactive: false });
    assert.equal(chooseElevation('auto', { uid: 1000, env: {}, interactive: true, which: has('sudo', 'doas') }).method, 'sudo');
    assert.equal(chooseElevation('auto', { uid: 1000, env: {}, interactive: false, which: has('doas', 'pkexec') }).method, 'doas');
    assert.equal(chooseElevation('auto', { uid: 1000, env: {}, interactive: false, which: has('run0', 'pkexec') }).method, 'run0');
    assert.equal(chooseElevation('auto', { uid: 1000, env: {}, interactive: false, which: has('pkexec') }).method, 'pkexec');
    assert.equal(chooseElevation('pkexec', { uid: 0, env: {}, interactive: false, which: has() }).method, 'pkexec');
  });
});

describe('commands of each step', () => {
  const channels = { kind: 'channels' as const, nixosConfig: '/etc/nixos/configuration.nix', includes: ['nixpkgs=/src/nixpkgs'] };
  const flake = { kind: 'flake' as const, ref: '/etc/nixos', host: 'my.host', dir: '/etc/nixos' };
  const LOG = ['--log-format', 'internal-json', '-v'];
  // nix-build and friends start at verbosity info already: no -v (it only adds per-file chatter).
  const LEGACY_LOG = ['--log-format', 'internal-json'];

  it('channels: nix-build <nixpkgs/nixos> -A system with -I, internal-json, an out link', () => {
    assert.deepEqual(buildCommand(channels, 'toplevel', '/tmp/x/result'), ['nix-build', '<nixpkgs/nixos>', '-A', 'system', '-I', 'nixpkgs=/src/nixpkgs', '-I', 'nixos-config=/etc/nixos/configuration.nix', ...LEGACY_LOG, '--out-link', '/tmp/x/result']);
    assert.deepEqual(buildCommand(channels, 'vm', undefined).slice(-1), ['--dry-run']);
    assert.deepEqual(buildCommand({ kind: 'channels', includes: ['nixos-config=/a.nix'], nixosConfig: '/a.nix' }, 'toplevel', 'r').filter((a) => a.startsWith('nixos-config')), ['nixos-config=/a.nix']);
  });

  it('flakes: nix build REF#nixosConfigurations."HOST"...toplevel --json', () => {
    assert.equal(flakeAttribute('my.host', 'toplevel'), 'nixosConfigurations."my.host".config.system.build.toplevel');
    assert.deepEqual(buildCommand(flake, 'toplevel', 'r'), ['nix', '--extra-experimental-features', 'nix-command flakes', 'build', '/etc/nixos#nixosConfigurations."my.host".config.system.build.toplevel', '--json', ...LOG, '--out-link', 'r']);
    assert.deepEqual(instantiateCommand(flake, 'toplevel').slice(3, 6), ['eval', '--raw', '/etc/nixos#nixosConfigurations."my.host".config.system.build.toplevel.drvPath']);
  });

  it('the VM with a boot loader: -A vmWithBootLoader, or config.system.build.vmWithBootLoader of the flake', () => {
    assert.deepEqual(buildCommand(channels, 'vmWithBootLoader', 'r').slice(0, 4), ['nix-build', '<nixpkgs/nixos>', '-A', 'vmWithBootLoader']);
    assert.equal(buildCommand(flake, 'vmWithBootLoader', 'r')[4], '/etc/nixos#nixosConfigurations."my.host".config.system.build.vmWithBootLoader');
    assert.deepEqual(instantiateCommand(channels, 'vm').slice(0, 4), ['nix-instantiate', '<nixpkgs/nixos>', '-A', 'vm']);
  });

  it('the output path without building: nix-instantiate --eval / nix eval --raw', () => {
    assert.deepEqual(outPathCommand(channels, 'toplevel'), ['nix-instantiate', '--eval', '<nixpkgs/nixos>', '-A', 'system.outPath', '-I', 'nixpkgs=/src/nixpkgs', '-I', 'nixos-config=/etc/nixos/configuration.nix']);
    assert.deepEqual(outPathCommand(flake, 'vm').slice(3), ['eval', '--raw', '/etc/nixos#nixosConfigurations."my.host".config.system.build.vm.outPath']);
  });

  it('switch-to-configuration of the system or of a specialisation, and in systemd-run', () => {
    assert.deepEqual(switchToConfigurationCommand('/nix/store/s', 'test', 'work'), ['/nix/store/s/specialisation/work/bin/switch-to-configuration', 'test']);
    assert.deepEqual(inSystemdRun(['/nix/store/s/bin/switch-to-configuration', 'switch'], ['LOCALE_ARCHIVE', 'NIXOS_INSTALL_BOOTLOADER']), [
      'systemd-run', '-E', 'LOCALE_ARCHIVE', '-E', 'NIXOS_INSTALL_BOOTLOADER', '--collect', '--no-ask-password', '--pipe', '--quiet',
      '--service-type=exec', '--unit=nixos-rebuild-switch-to-configuration', '/nix/store/s/bin/switch-to-configuration', 'switch',
    ]);
  });

  it('systemd-run only where /run/systemd/system exists (a fake root here)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-root-'));
    try {
      assert.equal(runsSystemd(root), false);
      fs.mkdirSync(path.join(root, 'run', 'systemd'), { recursive: true });
      assert.equal(runsSystemd(root), false, '/run/systemd alone is not enough');
      fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'));
      assert.equal(runsSystemd(root), true);
      assert.equal(runsSystemd(), fs.existsSync('/run/systemd/system'), 'the real root by default');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('ssh gets one quoted string: the remote side sees exactly the arguments', () => {
    assert.deepEqual(sshCommand('root@h', ['-p', '2222'], ['nix-env', '-p', "/a b/it's", '--set', '/nix/store/x']), ['ssh', '-o', 'BatchMode=yes', '-p', '2222', 'root@h', '--', `nix-env -p '/a b/it'\\''s' --set /nix/store/x`]);
    assert.equal(shellQuote('$(rm -rf /)'), `'$(rm -rf /)'`);
    assert.equal(shellQuote('NIXOS_INSTALL_BOOTLOADER=0'), 'NIXOS_INSTALL_BOOTLOADER=0');
    assert.equal(nixSshOpts(['-p', '2222', '-i', '/k']), '-p 2222 -i /k');
    assert.throws(() => nixSshOpts(['-o', 'ProxyCommand=a b']), /NIX_SSHOPTS cannot carry/);
  });

  it('nixos-rebuild gets the same options', () => {
    assert.deepEqual(nixosRebuildCommand('nixos-rebuild', { action: 'switch', source: flake, profileName: 'work', specialisation: 's', targetHost: 'root@t', buildHost: 'b' }), [
      'nixos-rebuild', 'switch', '--flake', '/etc/nixos#my.host', '--profile-name', 'work', '--specialisation', 's', '--target-host', 'root@t', '--build-host', 'b', ...LOG,
    ]);
    assert.deepEqual(nixosRebuildCommand('nixos-rebuild-ng', { action: 'boot', source: channels }).slice(0, 6), ['nixos-rebuild-ng', 'boot', '-I', 'nixpkgs=/src/nixpkgs', '-I', 'nixos-config=/etc/nixos/configuration.nix']);
  });

  it('reads the failed units from switch-to-configuration', () => {
    assert.deepEqual(failedUnitsOf(['activating the configuration...', 'warning: the following units failed: a.service, b.socket']), ['a.service', 'b.socket']);
    assert.deepEqual(failedUnitsOf(['nothing']), []);
  });
});

describe('configuration, profile and backend choice', () => {
  const none = () => false;
  it('a flake reference, with or without #HOST; a path is made absolute', () => {
    assert.deepEqual(resolveConfiguration({ flake: '.#web', cwd: '/home/me/nixos', hostname: 'h' }, none), { kind: 'flake', ref: '/home/me/nixos', host: 'web', dir: '/home/me/nixos' });
    assert.deepEqual(resolveConfiguration({ flake: 'github:me/cfg', hostname: 'h' }, none), { kind: 'flake', ref: 'github:me/cfg', host: 'h' });
    assert.deepEqual(resolveConfiguration({ flake: 'git+file:///src/cfg#x', hostname: 'h' }, none), { kind: 'flake', ref: 'git+file:///src/cfg', host: 'x', dir: '/src/cfg' });
  });

  it('/etc/nixos/flake.nix makes flake mode the default; otherwise channels', () => {
    assert.deepEqual(resolveConfiguration({ hostname: 'h', env: {} }, (f) => f === '/etc/nixos/flake.nix'), { kind: 'flake', ref: '/etc/nixos', host: 'h', dir: '/etc/nixos' });
    assert.deepEqual(resolveConfiguration({ hostname: 'h', env: {} }, none), { kind: 'channels', includes: [] });
    assert.deepEqual(resolveConfiguration({ hostname: 'h', env: { NIXOS_CONFIG: '/c.nix' } }, none), { kind: 'channels', nixosConfig: '/c.nix', includes: [] });
    assert.deepEqual(resolveConfiguration({ configDir: '/cfg', env: {} }, none), { kind: 'channels', nixosConfig: '/cfg/configuration.nix', includes: [] });
    assert.deepEqual(resolveConfiguration({ includes: ['nixos-config=./c.nix'], cwd: '/w', env: {} }, none), { kind: 'channels', nixosConfig: '/w/c.nix', includes: ['nixos-config=./c.nix'] });
  });

  it('profiles: default, system-profiles/NAME, any path', () => {
    assert.equal(resolveProfile(undefined), '/nix/var/nix/profiles/system');
    assert.equal(resolveProfile('system-profiles/work'), '/nix/var/nix/profiles/system-profiles/work');
    assert.equal(resolveProfile('p/system', '/nix/var/nix/profiles', '/tmp'), '/tmp/p/system');
    assert.equal(profileName('/nix/var/nix/profiles/system-profiles/work'), 'work');
    assert.equal(profileName('/nix/var/nix/profiles/system'), undefined);
    assert.equal(profileName('/tmp/system'), null);
  });

  it('backend: the option, then NIX_HUMANITY_BACKEND, then direct when Nix is installed', () => {
    const has = (...names: string[]) => (p: string) => (names.includes(p) ? p : undefined);
    assert.equal(chooseBackend('nixos-rebuild', { NIX_HUMANITY_BACKEND: 'direct' }, has('nix-build')), 'nixos-rebuild');
    assert.equal(chooseBackend('auto', { NIX_HUMANITY_BACKEND: 'nixos-rebuild' }, has('nix-build')), 'nixos-rebuild');
    assert.equal(chooseBackend(undefined, {}, has('nix-build', 'nixos-rebuild')), 'direct');
    assert.equal(chooseBackend(undefined, {}, has('nixos-rebuild')), 'nixos-rebuild');
  });
});

describe('internal-json progress', () => {
  const nix = (o: object) => `@nix ${JSON.stringify(o)}`;
  it('counts builds, copies, download bytes; follows current builds and their phase', () => {
    let now = 1000;
    const p = new NixProgress(() => now);
    const lines = [
      nix({ action: 'msg', level: 3, msg: 'these 2 derivations will be built:' }),
      nix({ action: 'msg', level: 3, msg: '  /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.drv' }),
      nix({ action: 'msg', level: 3, msg: '  /nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-nixos-system.drv' }),
      nix({ action: 'start', id: 1, level: 0, type: 102, text: '' }),
      nix({ action: 'start', id: 2, level: 0, type: 104, text: '' }),
      nix({ action: 'start', id: 3, level: 0, type: 103, text: '' }),
      nix({ action: 'result', id: 1, type: 106, fields: [101, 4194304] }),
      nix({ action: 'start', id: 4, level: 4, type: 101, text: 'downloading' }),
      nix({ action: 'result', id: 4, type: 105, fields: [1048576, 4194304, 0, 0] }),
      nix({ action: 'result', id: 3, type: 105, fields: [1, 3, 1, 0] }),
      nix({ action: 'start', id: 5, level: 3, type: 105, text: "building '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.drv'", fields: ['/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.drv', '', 1, 1] }),
      nix({ action: 'result', id: 2, type: 105, fields: [0, 2, 1, 0] }),
      nix({ action: 'result', id: 5, type: 104, fields: ['buildPhase'] }),
      nix({ action: 'result', id: 5, type: 101, fields: ['make: \u001b[1mall\u001b[0m'] }),
    ];
    const logs = lines.map((l) => p.feed(l)).filter(Boolean);
    now = 4000;
    const s = p.snapshot();
    assert.deepEqual(s.builds, { done: 0, expected: 2, running: 1, failed: 0 });
    assert.deepEqual(s.copies, { done: 1, expected: 3, running: 1, failed: 0 });
    assert.deepEqual(s.download, { doneBytes: 1048576, expectedBytes: 4194304 });
    assert.deepEqual(s.current, [{ drv: '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.drv', name: 'hello-2.12', phase: 'buildPhase', elapsedMs: 3000 }]);
    assert.deepEqual(p.plannedDrvs.length, 2);
    assert.deepEqual(logs.at(-1), { type: 'log', source: 'build', text: 'make: all', drv: '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello-2.12.drv' });
    p.feed(nix({ action: 'stop', id: 4 }));
    p.feed(nix({ action: 'stop', id: 5 }));
    assert.equal(p.snapshot().download.doneBytes, 1048576, 'a finished transfer keeps counting');
    assert.deepEqual(p.snapshot().current, []);
  });

  it('adds up copied bytes (copyPath progress) like Nix: finished ones keep counting, the larger expected wins', () => {
    const p = new NixProgress();
    // A copy with no announced total (nix-copy-closure): the running activities' own totals.
    p.feed(nix({ action: 'start', id: 1, level: 3, type: 100, text: "copying path '/nix/store/a' to 'ssh://h'", fields: ['/nix/store/a', 'local', 'ssh://h'] }));
    p.feed(nix({ action: 'result', id: 1, type: 105, fields: [8192, 20000, 0, 0] }));
    assert.deepEqual(p.snapshot().copyBytes, { doneBytes: 8192, expectedBytes: 20000 });
    p.feed(nix({ action: 'result', id: 1, type: 105, fields: [16384, 20000, 0, 0] }));
    p.feed(nix({ action: 'stop', id: 1 }));
    assert.deepEqual(p.snapshot().copyBytes, { doneBytes: 16384, expectedBytes: 16384 });
    // An announced total (setExpected [100, n] on realise) is larger: it wins.
    p.feed(nix({ action: 'start', id: 2, level: 0, type: 102, text: '' }));
    p.feed(nix({ action: 'result', id: 2, type: 106, fields: [100, 50000] }));
    p.feed(nix({ action: 'result', id: 2, type: 106, fields: [101, 40000] }));
    p.feed(nix({ action: 'start', id: 3, level: 3, type: 100, text: "copying path '/nix/store/b' from 'file:///c'", fields: ['/nix/store/b', 'file:///c', 'local'] }));
    p.feed(nix({ action: 'result', id: 3, type: 105, fields: [8192, 30000, 0, 0] }));
    assert.deepEqual(p.snapshot().copyBytes, { doneBytes: 24576, expectedBytes: 50000 });
    assert.deepEqual(p.snapshot().download, { doneBytes: 0, expectedBytes: 40000 });
    p.feed(nix({ action: 'stop', id: 2 }));
    assert.deepEqual(p.snapshot().copyBytes, { doneBytes: 24576, expectedBytes: 50000 }, 'announced totals stay after realise stops');
  });

  it('keeps a bounded tail of long logs', () => {
    const p = new NixProgress();
    for (let i = 0; i < 30_000; i++) p.feed(`line ${i}`);
    assert.ok(p.plainLines.length <= 10_000);
    assert.equal(p.plainLines[p.plainLines.length - 1], 'line 29999');
  });

  it('keeps error messages for the diagnostics and plain lines for the text parser', () => {
    const p = new NixProgress();
    const log = p.feed(nix({ action: 'msg', level: 0, msg: '\u001b[31;1merror:\u001b[0m undefined variable', raw_msg: 'undefined variable', file: '/c.nix', line: 3, column: 5 }));
    assert.deepEqual(log, { type: 'log', source: 'nix', text: 'error: undefined variable', level: 'error' });
    assert.equal(p.messages.length, 1);
    p.feed('warning: Git tree is dirty');
    assert.deepEqual(p.plainLines, ['warning: Git tree is dirty']);
    assert.equal(parseInternalJson('@nix {broken'), undefined);
    assert.equal(parseInternalJson('plain'), undefined);
  });
});

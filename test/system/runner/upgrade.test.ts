// --upgrade / --upgrade-all: which channels are updated, through which elevation, before the
// build; a failing update stops the operation; flakes ignore it. A stand-in nix-channel records
// its argv (root's real channels must not be touched by most tests), and one test runs the real
// nix-channel against a file:// channel.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelsNeedRoot, channelsToUpdate, DEFAULT_CHANNELS_DIR, readChannels, UPDATE_MARKER } from '../../../server/src/system/rebuild/channels';
import { nixosRebuildCommand } from '../../../server/src/system/rebuild/commands';
import { runRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_CONFIG, NIX_ENV, NIXPKGS, requireNix, STANDIN } from './support';

describe('rebuild runner: --upgrade / --upgrade-all (channels)', function () {
  this.timeout(120_000);
  let m: Machine;
  let bin: string;
  let calls: string;
  let channels: string;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('upgrade');
    bin = path.join(m.dir, 'bin');
    calls = path.join(m.dir, 'calls.log');
    channels = path.join(m.dir, 'channels');
    fs.mkdirSync(bin);
    // A channels profile as nix-channel leaves it: one folder per channel, and manifest.nix.
    for (const name of ['home-manager', 'nixos', 'unstable']) fs.mkdirSync(path.join(channels, name), { recursive: true });
    fs.writeFileSync(path.join(channels, 'manifest.nix'), '[ ]\n');
    fs.writeFileSync(path.join(channels, 'home-manager', UPDATE_MARKER), '');
  });
  afterEach(() => m.remove());

  /** Stand-in tools: each logs its argv; nix-channel exits with `code` (and says why on failure). */
  function tools(code = 0) {
    fs.writeFileSync(path.join(bin, 'nix-channel'), [
      '#!/bin/sh',
      `echo "nix-channel $*" >> ${calls}`,
      code === 0 ? 'echo "unpacking channels..." >&2' : `echo "error: unable to download 'https://channels.example/nixos': Couldn't resolve host name" >&2; exit ${code}`,
      '',
    ].join('\n'), { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh\necho "sudo $*" >> ${calls}\nshift 2\nexec "$@"\n`, { mode: 0o755 });
  }
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, ...extra });
  const lines = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []);

  it('picks nixos and the marked channels; --upgrade-all every one; never manifest.nix', () => {
    const listing = readChannels(channels)!;
    assert.deepEqual(listing.names, ['home-manager', 'nixos', 'unstable']);
    assert.deepEqual(channelsToUpdate(listing, 'nixos'), ['home-manager', 'nixos']);
    assert.deepEqual(channelsToUpdate(listing, 'all'), ['home-manager', 'nixos', 'unstable']);
    assert.equal(readChannels(path.join(m.dir, 'none')), undefined);
    assert.equal(DEFAULT_CHANNELS_DIR, '/nix/var/nix/profiles/per-user/root/channels');
  });

  it("root's channels need root unless we are root; the user's own do not", () => {
    const owner = (uid: number) => () => ({ uid });
    assert.equal(channelsNeedRoot('/c', 1000, owner(0)), true);
    assert.equal(channelsNeedRoot('/c', 0, owner(0)), false);
    assert.equal(channelsNeedRoot('/c', 1000, owner(1000)), false);
    assert.deepEqual(nixosRebuildCommand('nixos-rebuild', { action: 'boot', source: { kind: 'channels', includes: [] }, upgrade: 'all' }).slice(0, 3), ['nixos-rebuild', 'boot', '--upgrade-all']);
    assert.deepEqual(nixosRebuildCommand('nixos-rebuild', { action: 'boot', source: { kind: 'channels', includes: [] }, upgrade: 'nixos' }).slice(0, 3), ['nixos-rebuild', 'boot', '--upgrade']);
  });

  it("updates root's channels through sudo before the build, saying what runs", async () => {
    tools();
    const c = collector();
    const result = await runRebuild(m.channels('switch', m.config(), { upgrade: 'nixos', channelsDir: channels, uid: 1000, elevate: 'sudo', env: env() }), c.sink);
    assertOk(result);
    assert.deepEqual(lines(), [
      'sudo -n -- nix-channel --update home-manager',
      'nix-channel --update home-manager',
      'sudo -n -- nix-channel --update nixos',
      'nix-channel --update nixos',
      `sudo -n -- nix-env -p ${m.profile} --set ${result.storePath}`,
      `sudo -n -- env NIXOS_INSTALL_BOOTLOADER=0 ${result.storePath}/bin/switch-to-configuration switch`,
    ]);
    const phases = c.of('phase');
    assert.deepEqual(phases.map((p) => p.phase), ['updating', 'evaluating', 'building', 'activating']);
    assert.equal(phases[0]!.message, 'Updating the channels home-manager, nixos as root: sudo -n -- nix-channel --update home-manager; sudo -n -- nix-channel --update nixos.');
    assert.ok(c.of('log').some((l) => l.source === 'command' && l.text === 'unpacking channels...'), "nix-channel's output is shown");
  });

  it('--upgrade-all updates every channel; channels the user owns are updated as the user', async () => {
    tools();
    fs.chownSync(channels, 1000, 1000);
    const result = await runRebuild(m.channels('build', m.config(), { upgrade: 'all', channelsDir: channels, uid: 1000, elevate: 'sudo', env: env() }));
    assertOk(result);
    assert.deepEqual(lines(), ['nix-channel --update home-manager', 'nix-channel --update nixos', 'nix-channel --update unstable']);
  });

  it('a failing update stops before the build and names the channel', async () => {
    tools(1);
    const result = await runRebuild(m.channels('switch', m.config(), { upgrade: 'nixos', channelsDir: channels, env: env() }));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.exitCode, 1);
    assert.match(result.message, /^Updating the channel 'home-manager' failed \(nix-channel exit code 1\): error: unable to download .*Nothing was built/);
    assert.deepEqual(lines(), ['nix-channel --update home-manager']);
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
  });

  it('no channels: a warning, and the build goes on', async () => {
    tools();
    const c = collector();
    const result = await runRebuild(m.channels('build', m.config(), { upgrade: 'nixos', channelsDir: path.join(m.dir, 'none'), env: env() }), c.sink);
    assertOk(result);
    assert.deepEqual(lines(), []);
    assert.ok(c.of('log').some((l) => l.level === 'warning' && /there are no channels at/.test(l.text)));
  });

  it('a flake ignores it with a warning pointing at nix flake update', async () => {
    tools();
    const dir = m.flake(m.flakeLocal());
    const c = collector();
    const result = await runRebuild({ ...m.channels('build', ''), includes: [], flake: `${dir}#standin`, upgrade: 'all', channelsDir: channels, env: env() }, c.sink);
    assertOk(result);
    assert.deepEqual(lines(), []);
    assert.ok(c.of('log').some((l) => l.level === 'warning' && /is a flake, so nothing was updated\. Update its inputs with 'nix flake update'/.test(l.text)));
    assert.ok(!c.of('phase').some((p) => p.phase === 'updating'));
  });

  it('the nixos-rebuild backend gets --upgrade and runs as root for it', async () => {
    tools();
    const profilesDir = path.join(m.dir, 'profiles');
    const c = collector();
    const result = await runRebuild(m.channels('build', m.config(), {
      backend: 'nixos-rebuild',
      profilesDir,
      upgrade: 'nixos',
      uid: 1000,
      elevate: 'sudo',
      env: env({ STANDIN_PROFILES_DIR: profilesDir, STANDIN_CHANNELS_DIR: channels, PATH: `${bin}:${path.join(STANDIN, 'bin')}:${NIX_ENV.PATH}` }),
    }), c.sink);
    assertOk(result);
    assert.match(lines()[0]!, /^sudo -n -- nixos-rebuild build .*--upgrade /);
    assert.deepEqual(lines().slice(1), ['nix-channel --update home-manager', 'nix-channel --update nixos']);
    assert.equal(c.of('phase')[0]!.phase, 'updating');
  });

  it('real nix-channel: a file:// channel is updated, and the build uses the new channel', async function () {
    // Running as root, nix-channel always writes root's channels profile: only when there is none
    // to disturb, and it is removed again afterwards.
    if (process.getuid?.() !== 0 || fs.existsSync(DEFAULT_CHANNELS_DIR)) this.skip();
    const home = path.join(m.dir, 'home');
    const src = path.join(m.dir, 'channel-src', 'nixpkgs');
    fs.mkdirSync(home);
    fs.cpSync(NIXPKGS, src, { recursive: true });
    const tarball = path.join(m.dir, 'nixos-24.11.tar.gz');
    const pack = () => execFileSync('tar', ['-czf', tarball, '-C', path.dirname(src), 'nixpkgs']);
    fs.writeFileSync(path.join(home, '.nix-channels'), `file://${tarball} nixos\n`);
    // tarball-ttl = 0: the second download must not come from Nix's cache of the first.
    const env = { ...NIX_ENV, HOME: home, NIX_CONFIG: `${NIX_CONFIG}\ntarball-ttl = 0` };
    const profilesDir = path.dirname(DEFAULT_CHANNELS_DIR);
    const before = new Set(fs.readdirSync(profilesDir));
    try {
      // The machine as installed: the channel subscribed and fetched once.
      pack();
      execFileSync('nix-channel', ['--update'], { env, stdio: 'pipe' });
      // Then the channel moves on.
      const evalConfig = path.join(src, 'nixos', 'lib', 'eval-config.nix');
      fs.writeFileSync(evalConfig, fs.readFileSync(evalConfig, 'utf8').replace('"24.05.20240101.standin"', '"24.11.20261201.upgraded"'));
      pack();
      const c = collector();
      const result = await runRebuild({
        ...m.channels('build', m.config()),
        includes: [`nixpkgs=${DEFAULT_CHANNELS_DIR}/nixos`, `nixos-config=${m.config()}`],
        upgrade: 'nixos',
        env,
      }, c.sink);
      assertOk(result);
      assert.equal(c.of('phase')[0]!.message, 'Updating the channel nixos: nix-channel --update nixos.');
      assert.equal(fs.readFileSync(path.join(result.storePath!, 'nixos-version'), 'utf8').trim(), '24.11.20261201.upgraded');
      assert.match(fs.readlinkSync(DEFAULT_CHANNELS_DIR), /^channels-\d+-link$/);
    } finally {
      for (const entry of fs.readdirSync(profilesDir)) {
        if (!before.has(entry) && /^channels(-\d+-link)?$/.test(entry)) fs.rmSync(path.join(profilesDir, entry), { force: true });
      }
    }
  });
});

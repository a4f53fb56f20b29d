// --target-host and --build-host against a real sshd on 127.0.0.1: the system is copied with
// nix-copy-closure, nix-env and switch-to-configuration run over ssh into a separate profile.
// (It is the same machine and store, so the copy moves nothing; every command still goes over ssh.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activationOutcome, profileKey } from '../../../server/src/system/knownGood';
import { runRebuild, runRollback } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_CONFIG, requireNix } from './support';
import { TestSshd } from './sshd';

describe('rebuild runner: --target-host / --build-host over a real sshd', function () {
  this.timeout(120_000);
  let sshd: TestSshd;
  let m: Machine;
  let remoteProfile: string;
  let remoteCurrent: string;

  before(async () => {
    requireNix();
    sshd = new TestSshd(NIX_CONFIG);
    await sshd.start();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(() => {
    m = new Machine('remote');
    fs.mkdirSync(path.join(m.dir, 'remote', 'profiles'), { recursive: true });
    remoteProfile = path.join(m.dir, 'remote', 'profiles', 'system');
    remoteCurrent = path.join(m.dir, 'remote', 'current-system');
  });
  afterEach(() => m.remove());

  const remote = (action: 'switch' | 'test' | 'build', config: string, extra: object = {}) =>
    m.channels(action, config, { targetHost: sshd.host, sshOptions: sshd.sshOptions, profile: remoteProfile, currentSystem: remoteCurrent, ...extra });

  it('switch --target-host copies, sets the remote profile and activates over ssh', async () => {
    const c = collector();
    // As root@, auto elevation means none on the target (another user would get sudo -n there).
    const result = await runRebuild(remote('switch', m.config(), { elevate: sshd.user === 'root' ? 'auto' : 'none' }), c.sink);
    assertOk(result);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building', 'copying', 'activating']);
    assert.equal(result.generation, 1);
    assert.equal(fs.realpathSync(remoteProfile), result.storePath);
    assert.deepEqual(m.activations(), [['switch', result.storePath!, '0']]);
    assert.ok(c.of('log').some((l) => l.source === 'activation' && l.text === 'activating the configuration...'), 'remote output comes back');
    assert.deepEqual(m.generationLinks(), [], 'the local profile is untouched');
  });

  it('reads the running system on the target for "already up to date"', async () => {
    const config = m.config();
    const built = await runRebuild(m.channels('build', config));
    assertOk(built);
    fs.symlinkSync(built.storePath!, remoteCurrent);
    const result = await runRebuild(remote('test', config));
    assert.equal(result.outcome, 'up-to-date');
    assert.deepEqual(m.activations(), []);
  });

  it('exit code 4 on the target is "some units failed"', async () => {
    const result = await runRebuild(remote('switch', m.config('', { exitCode: 4, failedUnits: ['remote.service'] })));
    assert.equal(result.outcome, 'units-failed');
    assert.deepEqual(result.failedUnits, ['remote.service']);
  });

  it('--build-host builds over ssh (nix-store --realise there) and activates here', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('switch', m.config(), { buildHost: sshd.host, sshOptions: sshd.sshOptions }), c.sink);
    assertOk(result);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'copying', 'building', 'copying', 'activating']);
    assert.match(c.of('phase')[2]!.message, /Building on .*127\.0\.0\.1/);
    assert.ok(c.of('progress').some((p) => p.builds.expected >= 1), 'internal-json progress comes back over ssh');
    assert.equal(m.profileTarget(), result.storePath);
  });

  it('build --build-host brings the result back here with a GC root', async () => {
    const result = await runRebuild(m.channels('build', m.config(), { buildHost: sshd.host, sshOptions: sshd.sshOptions, outLink: 'result' }));
    assertOk(result);
    assert.equal(fs.realpathSync(path.join(m.dir, 'result')), result.storePath);
    assert.ok(fs.existsSync(path.join(m.dir, 'result', 'bin', 'switch-to-configuration')));
  });

  it('rolls the target back over ssh, and switches it to generation N', async () => {
    const first = await runRebuild(remote('switch', m.config()));
    assertOk(first);
    const second = await runRebuild(remote('switch', m.config()));
    assertOk(second);
    fs.symlinkSync(second.storePath!, remoteCurrent);
    const rollback = { action: 'switch' as const, targetHost: sshd.host, sshOptions: sshd.sshOptions, profile: remoteProfile, currentSystem: remoteCurrent, stateDir: m.stateDir, elevate: 'none' as const, env: m.channels('build', '').env };
    const back = await runRollback(rollback);
    assertOk(back);
    assert.equal(back.generation, 1);
    assert.equal(back.storePath, first.storePath);
    assert.equal(fs.realpathSync(remoteProfile), first.storePath);
    assert.deepEqual(m.activations().pop(), ['switch', first.storePath, '0']);
    const to2 = await runRollback({ ...rollback, to: 2, action: 'test' });
    assertOk(to2);
    assert.equal(fs.realpathSync(remoteProfile), first.storePath, 'test leaves the remote profile alone');
    assert.deepEqual(m.activations().pop(), ['test', second.storePath, 'unset']);
    const missing = await runRollback({ ...rollback, to: 9 });
    assert.equal(missing.message, `There is no generation 9 in ${remoteProfile} on ${sshd.host}. Its generations are 1, 2.`);
  });

  it('records known-good generations per host, and rollback --target-host skips one that failed there', async () => {
    const first = await runRebuild(remote('switch', m.config()));
    assertOk(first);
    const broken = await runRebuild(remote('switch', m.config('', { exitCode: 3 })));
    assert.equal(broken.activation, 'failed');
    const third = await runRebuild(remote('switch', m.config()));
    assertOk(third);
    assert.equal(third.generation, 3);
    // Recorded under the host (user left out), not as this machine's profile of the same path.
    assert.equal(activationOutcome(m.stateDir, remoteProfile, 1, sshd.host), 'ok');
    assert.equal(activationOutcome(m.stateDir, remoteProfile, 2, sshd.host), 'failed');
    assert.equal(activationOutcome(m.stateDir, remoteProfile, 1), undefined);
    const state = JSON.parse(fs.readFileSync(path.join(m.stateDir, 'known-good.json'), 'utf8')) as { profiles: Record<string, unknown> };
    assert.deepEqual(Object.keys(state.profiles), [`ssh://127.0.0.1${remoteProfile}`]);
    assert.equal(profileKey(remoteProfile, sshd.host), `ssh://127.0.0.1${remoteProfile}`);

    const c = collector();
    const back = await runRollback({ action: 'switch', targetHost: sshd.host, sshOptions: sshd.sshOptions, profile: remoteProfile, currentSystem: remoteCurrent, stateDir: m.stateDir, elevate: 'none', env: m.channels('build', '').env }, c.sink);
    assertOk(back);
    assert.equal(back.generation, 1, 'generation 2 failed to activate there, so back to 1');
    assert.equal(back.storePath, first.storePath);
    assert.equal(fs.realpathSync(remoteProfile), first.storePath);
    assert.deepEqual(m.activations().pop(), ['switch', first.storePath, '0']);
    assert.equal(activationOutcome(m.stateDir, remoteProfile, 1, sshd.host), 'ok', 'the rollback switch is recorded too');
  });

  it('wraps switch-to-configuration in systemd-run when systemd runs on the target (checked there)', async () => {
    const root = path.join(m.dir, 'remote-root');
    const calls = path.join(m.dir, 'systemd-run.log');
    const standIn = path.join(sshd.bin, 'systemd-run');
    fs.writeFileSync(standIn, [
      '#!/bin/sh',
      `echo "systemd-run $*" >> ${calls}`,
      'while [ $# -gt 0 ]; do case "$1" in -E) shift 2 ;; -*) shift ;; *) break ;; esac; done',
      'exec "$@"',
      '',
    ].join('\n'), { mode: 0o755 });
    try {
      // No systemd under that root on the target: the plain command.
      const plain = await runRebuild(remote('switch', m.config(), { systemdRoot: root }));
      assertOk(plain);
      assert.ok(!fs.existsSync(calls), 'not wrapped without /run/systemd/system there');
      fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'), { recursive: true });
      const wrapped = await runRebuild(remote('switch', m.config(), { systemdRoot: root }));
      assertOk(wrapped);
      assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n'), [
        `systemd-run -E LOCALE_ARCHIVE -E NIXOS_INSTALL_BOOTLOADER --collect --no-ask-password --pipe --quiet --service-type=exec --unit=nixos-rebuild-switch-to-configuration ${wrapped.storePath}/bin/switch-to-configuration switch`,
      ]);
      assert.deepEqual(m.activations().pop(), ['switch', wrapped.storePath, '0'], 'NIXOS_INSTALL_BOOTLOADER reaches it through env and -E');
    } finally {
      fs.rmSync(standIn, { force: true });
    }
  });

  it('says what to check when the target cannot be reached', async () => {
    const result = await runRebuild(remote('switch', m.config(), { sshOptions: ['-p', '1', '-o', 'ConnectTimeout=5'] }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /Copying .* to .*127\.0\.0\.1 failed .*Check that you can 'ssh/);
  });
});

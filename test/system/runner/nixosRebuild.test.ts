// The nixos-rebuild backend: the runner spawns an installed nixos-rebuild with the same options
// and reads its output. NixOS's own nixos-rebuild is not available here, so a stand-in script
// (test-fixtures/nixos-standin/bin/nixos-rebuild) runs the same real Nix steps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { storePathFromOutput } from '../../../server/src/system/rebuild/nixosRebuild';
import type { RebuildOptions } from '../../../server/src/system/rebuild/options';
import { runRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_ENV, requireNix, STANDIN } from './support';

describe('rebuild runner: nixos-rebuild backend (stand-in nixos-rebuild, real Nix)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('nixos-rebuild');
  });
  afterEach(() => m.remove());

  const options = (action: RebuildOptions['action'], config: string, extra: object = {}) => {
    const profilesDir = path.join(m.dir, 'profiles');
    return m.channels(action, config, {
      backend: 'nixos-rebuild',
      profile: path.join(profilesDir, 'system'),
      profilesDir,
      env: { ...NIX_ENV, STANDIN_PROFILES_DIR: profilesDir, PATH: `${path.join(STANDIN, 'bin')}:${NIX_ENV.PATH}` },
      ...extra,
    });
  };

  it('switch: spawns nixos-rebuild, reports phases, Nix progress and the new generation', async () => {
    const c = collector();
    const result = await runRebuild(options('switch', m.config()), c.sink);
    assertOk(result);
    assert.equal(result.backend, 'nixos-rebuild');
    assert.equal(result.generation, 1);
    assert.equal(result.activation, 'ok');
    assert.equal(result.storePath, m.profileTarget());
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building', 'activating']);
    assert.ok(c.of('progress').some((p) => p.builds.expected >= 1), 'internal-json progress passes through nixos-rebuild');
    assert.deepEqual(m.activations().map((a) => a[0]), ['switch']);
  });

  it('test and dry-activate report the store path they activated (from the echoed switch-to-configuration)', async () => {
    const config = m.config();
    const c = collector();
    const test = await runRebuild(options('test', config), c.sink);
    assertOk(test);
    assert.equal(test.generation, undefined, 'test makes no generation');
    assert.match(test.storePath ?? '', /^\/nix\/store\/[0-9a-z]{32}-nixos-system-standin-/);
    assert.deepEqual(m.activations(), [['test', test.storePath!, '0']]);
    assert.ok(c.of('log').some((l) => l.text === `$ ${test.storePath}/bin/switch-to-configuration test`), 'nixos-rebuild -v echoed the command');
    const dry = await runRebuild(options('dry-activate', config));
    assertOk(dry);
    assert.equal(dry.storePath, test.storePath);
    assert.deepEqual(m.activations()[1], ['dry-activate', test.storePath!, '0']);
  });

  it('without an echoed command, the store path comes from evaluating the output path', async () => {
    const config = m.config();
    const o = options('test', config, { specialisation: 'work' });
    const c = collector();
    const test = await runRebuild({ ...o, env: { ...o.env, STANDIN_NIXOS_REBUILD_QUIET: '1' } }, c.sink);
    assertOk(test);
    assert.ok(!c.of('log').some((l) => l.text.startsWith('$ ')), 'nothing echoed');
    const activated = m.activations()[0]!;
    assert.equal(activated[0], 'test');
    // The specialisation was activated; the result names the system it belongs to.
    assert.equal(fs.realpathSync(path.join(test.storePath!, 'specialisation', 'work')), activated[1]);
  });

  it('build-vm and build-vm-with-bootloader leave result/bin/run-*-vm and report it', async () => {
    const config = m.config();
    const vm = await runRebuild(options('build-vm', config));
    assertOk(vm);
    assert.match(vm.storePath ?? '', /-nixos-vm-standin$/);
    const withLoader = await runRebuild(options('build-vm-with-bootloader', config));
    assertOk(withLoader);
    assert.match(withLoader.storePath ?? '', /-nixos-vm-with-bootloader-standin$/);
    assert.equal(fs.realpathSync(path.join(m.dir, 'result')), withLoader.storePath);
    assert.ok(fs.existsSync(path.join(m.dir, 'result', 'bin', 'run-standin-vm')));
    assert.deepEqual(m.activations(), []);
  });

  it('finds the toplevel in an echoed switch-to-configuration line (plain or in a specialisation)', () => {
    const top = '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-host-24.11';
    assert.equal(storePathFromOutput(['building the system configuration...', `$ ${top}/bin/switch-to-configuration test`]), top);
    assert.equal(storePathFromOutput([`$ systemd-run -E LOCALE_ARCHIVE --unit=nixos-rebuild-switch-to-configuration ${top}/specialisation/work/bin/switch-to-configuration dry-activate`]), top);
    assert.equal(storePathFromOutput(['$ nix-env -p /nix/var/nix/profiles/system --set /nix/store/x']), undefined);
  });

  it('exit code 4 means some units failed; a named profile goes through --profile-name', async () => {
    const result = await runRebuild(options('switch', m.config('', { exitCode: 4, failedUnits: ['x.service'] }), { profile: 'system-profiles/work' }));
    assert.equal(result.outcome, 'units-failed');
    assert.deepEqual(result.failedUnits, ['x.service']);
    assert.equal(result.generation, 1);
    assert.ok(fs.existsSync(path.join(m.dir, 'profiles', 'system-profiles', 'work-1-link')));
  });

  it('an evaluation error becomes a diagnostic on the right line', async () => {
    const config = path.join(STANDIN, 'configurations', 'eval-error', 'configuration.nix');
    const c = collector();
    const result = await runRebuild(options('build', config), c.sink);
    assert.equal(result.outcome, 'failed');
    const d = c.of('diagnostic').find((x) => x.code === 'undefined-variable');
    assert.ok(d);
    assert.equal(d.file, config);
    assert.equal(d.range.start.line, 5);
  });

  it('refuses a profile nixos-rebuild cannot manage', async () => {
    const result = await runRebuild(options('switch', m.config(), { profile: path.join(m.dir, 'elsewhere', 'system') }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /nixos-rebuild only manages profiles under .*Use --backend direct/);
  });

  it('says so when nixos-rebuild is not installed', async () => {
    const o = options('build', m.config());
    const result = await runRebuild({ ...o, env: { ...o.env, PATH: NIX_ENV.PATH } , nixosRebuild: 'nixos-rebuild-missing' });
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /Could not run nixos-rebuild-missing: it is not installed/);
  });
});

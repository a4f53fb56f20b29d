// Every rebuild action end to end with real Nix on the stand-in NixOS: real builds, a real
// temporary profile made by nix-env, the stand-in's switch-to-configuration recording each call.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activationOutcome } from '../../../server/src/system/knownGood';
import { listGenerations } from '../../../server/src/system/generations';
import { runRebuild, streamRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, requireNix, STANDIN } from './support';

describe('rebuild runner: actions (real Nix, stand-in NixOS)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('actions');
  });
  afterEach(() => m.remove());

  it('dry-build lists what would be built and builds nothing', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('dry-build', m.config()), c.sink);
    assertOk(result);
    assert.match(result.message, /^Dry run: \d+ derivations? would be built\.$/);
    assert.equal(result.storePath, undefined);
    assert.ok(c.of('log').some((l) => /will be built:/.test(l.text)), 'Nix lists the planned derivations');
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating']);
  });

  it('build builds the toplevel with progress and touches no profile', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('build', m.config()), c.sink);
    assertOk(result);
    assert.match(result.storePath!, /^\/nix\/store\/[0-9a-z]{32}-nixos-system-standin-/);
    assert.equal(fs.readFileSync(path.join(result.storePath!, 'nixos-version'), 'utf8').trim(), '24.05.20240101.standin');
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building']);
    const progress = c.of('progress');
    assert.ok(progress.some((p) => p.builds.expected >= 1), 'builds expected from Nix progress');
    assert.ok(progress.some((p) => p.builds.done >= 1), 'builds done from Nix progress');
    assert.ok(c.of('log').some((l) => l.source === 'build' && /standin: built standin/.test(l.text) && /\.drv$/.test(l.drv ?? '')), 'builder log lines carry their derivation');
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
    const last = c.events[c.events.length - 1]!;
    assert.equal(last.type, 'result');
  });

  it('switch sets the profile, activates, and records the generation as known good', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('switch', m.config()), c.sink);
    assertOk(result);
    assert.equal(result.generation, 1);
    assert.equal(result.activation, 'ok');
    assert.equal(m.profileTarget(), result.storePath);
    assert.deepEqual(m.activations(), [['switch', result.storePath!, '0']]);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building', 'activating']);
    assert.ok(c.of('log').some((l) => l.source === 'activation' && l.text === 'activating the configuration...'));
    assert.equal(activationOutcome(m.stateDir, m.profile, 1), 'ok');
    assert.equal(listGenerations(m.profile).find((g) => g.current)?.generation, 1);
  });

  it('boot sets the profile and runs switch-to-configuration boot, without activating', async () => {
    const first = await runRebuild(m.channels('switch', m.config()));
    assertOk(first);
    const result = await runRebuild(m.channels('boot', m.config(), { installBootloader: true }));
    assertOk(result);
    assert.equal(result.generation, 2);
    assert.equal(m.profileTarget(), result.storePath);
    assert.deepEqual(m.activations().map((a) => [a[0], a[2]]), [['switch', '0'], ['boot', '1']]);
    assert.match(result.message, /next boot/);
  });

  it('test activates without a new generation', async () => {
    const result = await runRebuild(m.channels('test', m.config()));
    assertOk(result);
    assert.equal(result.generation, undefined);
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), [['test', result.storePath!, 'unset']]);
  });

  it('dry-activate runs switch-to-configuration dry-activate and changes nothing', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('dry-activate', m.config()), c.sink);
    assertOk(result);
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), [['dry-activate', result.storePath!, 'unset']]);
    assert.ok(c.of('log').some((l) => /would restart the following units/.test(l.text)));
  });

  it('build-vm builds config.system.build.vm and keeps a result link', async () => {
    const result = await runRebuild(m.channels('build-vm', m.config(), { outLink: 'result' }));
    assertOk(result);
    assert.match(result.storePath!, /-nixos-vm-standin$/);
    assert.equal(fs.realpathSync(path.join(m.dir, 'result')), result.storePath);
    assert.ok(fs.existsSync(path.join(m.dir, 'result', 'bin', 'run-standin-vm')));
    assert.match(result.message, /run-standin-vm/);
  });

  it('build-vm-with-bootloader builds config.system.build.vmWithBootLoader and keeps a result link', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('build-vm-with-bootloader', m.config(), { outLink: 'result' }), c.sink);
    assertOk(result);
    assert.match(result.storePath!, /-nixos-vm-with-bootloader-standin$/);
    assert.equal(fs.realpathSync(path.join(m.dir, 'result')), result.storePath);
    const runner = path.join(m.dir, 'result', 'bin', 'run-standin-vm');
    assert.match(fs.readFileSync(runner, 'utf8'), /with boot loader/);
    assert.equal(result.message, `Built the virtual machine with its boot loader. Start it with ${runner}.`);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building']);
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
  });

  it('reports "already up to date" when the result is the running system', async () => {
    const config = m.config();
    const built = await runRebuild(m.channels('build', config));
    assertOk(built);
    m.setRunning(built.storePath!);
    for (const action of ['switch', 'test'] as const) {
      const c = collector();
      const result = await runRebuild(m.channels(action, config), c.sink);
      assert.equal(result.outcome, 'up-to-date');
      assert.equal(result.ok, true);
      assert.match(result.message, /already up to date/);
      assert.ok(!c.of('phase').some((p) => p.phase === 'activating'));
    }
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
  });

  it('exit code 4 of switch-to-configuration is "activated, some units failed"', async () => {
    const result = await runRebuild(m.channels('switch', m.config('', { exitCode: 4, failedUnits: ['nginx.service', 'postgresql.service'] })));
    assert.equal(result.ok, false);
    assert.equal(result.outcome, 'units-failed');
    assert.equal(result.activation, 'units-failed');
    assert.deepEqual(result.failedUnits, ['nginx.service', 'postgresql.service']);
    assert.equal(result.generation, 1);
    assert.match(result.message, /is active, but some units failed to start: nginx.service, postgresql.service/);
    assert.equal(activationOutcome(m.stateDir, m.profile, 1), 'units-failed');
  });

  it('any other activation failure is reported as failed, with the exit code', async () => {
    const result = await runRebuild(m.channels('test', m.config('', { exitCode: 3 })));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.activation, 'failed');
    assert.equal(result.exitCode, 3);
  });

  it('activates a specialisation, and names the existing ones when asked for a missing one', async () => {
    const config = m.config();
    const result = await runRebuild(m.channels('switch', config, { specialisation: 'work' }));
    assertOk(result);
    const activated = m.activations()[0]!;
    assert.equal(activated[0], 'switch');
    assert.equal(activated[1], fs.realpathSync(path.join(result.storePath!, 'specialisation', 'work')));
    assert.ok(fs.existsSync(path.join(activated[1]!, 'sw', 'bin', 'git')), 'the specialisation adds git');

    const missing = await runRebuild(m.channels('test', config, { specialisation: 'gaming' }));
    assert.equal(missing.outcome, 'failed');
    assert.match(missing.message, /no specialisation 'gaming'\. It has: work\./);
    const boot = await runRebuild(m.channels('boot', config, { specialisation: 'work' }));
    assert.equal(boot.outcome, 'refused');
  });

  it('uses system-profiles/NAME under the profiles folder', async () => {
    const result = await runRebuild(m.channels('boot', m.config(), { profile: 'system-profiles/work', profilesDir: path.join(m.dir, 'profiles') }));
    assertOk(result);
    assert.equal(fs.realpathSync(path.join(m.dir, 'profiles', 'system-profiles', 'work')), result.storePath);
  });

  it('refuses to activate a result without nixos-version', async () => {
    const notNixos = path.join(m.dir, 'not-nixos');
    fs.mkdirSync(path.join(notNixos, 'nixos'), { recursive: true });
    fs.writeFileSync(path.join(notNixos, 'nixos', 'default.nix'), `{ ... }: { system = derivation { name = "not-nixos"; system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; args = [ "-c" "mkdir -p $out/bin # ${m.marker()}" ]; }; }\n`);
    const result = await runRebuild({ ...m.channels('switch', m.config()), includes: [`nixpkgs=${notNixos}`] });
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /no nixos-version file, so it is not a NixOS system/);
    assert.deepEqual(m.generationLinks(), []);
  });

  it('the same events as an async stream, ending with the result', async () => {
    const types: string[] = [];
    for await (const event of streamRebuild(m.channels('build', m.config()))) types.push(event.type);
    assert.equal(types[0], 'phase');
    assert.equal(types[types.length - 1], 'result');
    assert.equal(types.filter((t) => t === 'result').length, 1);
    assert.ok(types.includes('progress') && types.includes('log'));
  });

  it('reads NIXOS_CONFIG when no nixos-config is given', async () => {
    const config = m.config();
    const options = m.channels('build', config);
    const result = await runRebuild({ ...options, includes: [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`], env: { ...options.env, NIXOS_CONFIG: config } });
    assertOk(result);
  });
});

// The nixos-rebuild backend: the runner spawns an installed nixos-rebuild with the same options
// and reads its output. NixOS's own nixos-rebuild is not available here, so a stand-in script
// (test-fixtures/nixos-standin/bin/nixos-rebuild) runs the same real Nix steps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  const options = (action: 'switch' | 'build' | 'test' | 'dry-build', config: string, extra: object = {}) => {
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

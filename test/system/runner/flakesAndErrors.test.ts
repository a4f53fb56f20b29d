// Flake mode and error reporting: real `nix build` on a flake in a temporary git repository, and
// real evaluation errors put back on the right line of the configuration by errors/**.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_ENV, NIXPKGS, requireNix, STANDIN } from './support';

describe('rebuild runner: flakes and errors (real Nix)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('flakes');
  });
  afterEach(() => m.remove());

  const flakeOptions = (action: 'switch' | 'build' | 'dry-build' | 'test' | 'build-vm-with-bootloader', extra: object = {}) => ({
    action,
    profile: m.profile,
    stateDir: m.stateDir,
    currentSystem: m.currentSystem,
    elevate: 'none' as const,
    backend: 'direct' as const,
    env: NIX_ENV,
    cwd: m.dir,
    ...extra,
  });

  it('switches to nixosConfigurations.HOST of a flake', async () => {
    const dir = m.flake(m.flakeLocal());
    const c = collector();
    const result = await runRebuild(flakeOptions('switch', { flake: `${dir}#standin` }), c.sink);
    assertOk(result);
    assert.equal(result.generation, 1);
    assert.ok(fs.existsSync(path.join(result.storePath!, 'sw', 'bin', 'htop')), 'the flake configuration was built');
    assert.deepEqual(m.activations(), [['switch', result.storePath!, '0']]);
    assert.match(c.of('phase')[0]!.message, new RegExp(`${dir}#standin`));
  });

  it('takes HOST from the host name when the reference has none, and a relative path', async () => {
    const dir = m.flake(m.flakeLocal());
    const result = await runRebuild(flakeOptions('build', { flake: path.basename(dir), hostname: 'other' }));
    assertOk(result);
    assert.match(result.storePath!, /-nixos-system-other-/);
  });

  it('build-vm-with-bootloader builds ...config.system.build.vmWithBootLoader of the flake', async () => {
    const dir = m.flake(m.flakeLocal());
    const result = await runRebuild(flakeOptions('build-vm-with-bootloader', { flake: `${dir}#standin` }));
    assertOk(result);
    assert.match(result.storePath!, /-nixos-vm-with-bootloader-standin$/);
    assert.ok(fs.existsSync(path.join(result.storePath!, 'bin', 'run-standin-vm')));
  });

  it('uses flake mode when the configuration folder holds flake.nix', async () => {
    const dir = m.flake(m.flakeLocal());
    const result = await runRebuild(flakeOptions('dry-build', { configDir: dir, hostname: 'standin' }));
    assertOk(result);
    assert.match(result.message, /would be built/);
  });

  it('says which host is missing from the flake', async () => {
    const dir = m.flake(m.flakeLocal());
    const result = await runRebuild(flakeOptions('build', { flake: `${dir}#nosuchhost` }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /nosuchhost/);
  });

  it('puts an undefined variable on its line of configuration.nix, and leaves the profile alone', async () => {
    const config = path.join(STANDIN, 'configurations', 'eval-error', 'configuration.nix');
    const c = collector();
    const result = await runRebuild(m.channels('switch', config), c.sink);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /did not evaluate: undefined variable 'firefox'/);
    const diagnostics = c.of('diagnostic');
    const d = diagnostics.find((x) => x.code === 'undefined-variable');
    assert.ok(d, `an undefined-variable diagnostic, got ${JSON.stringify(diagnostics)}`);
    assert.equal(d.file, config);
    assert.deepEqual(d.range.start, { line: 5, character: 4 });
    assert.equal(d.severity, 'error');
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating']);
  });

  it('finds the definition of an unknown option in the file', async () => {
    const config = path.join(STANDIN, 'configurations', 'unknown-option', 'configuration.nix');
    const c = collector();
    const result = await runRebuild(m.channels('build', config), c.sink);
    assert.equal(result.outcome, 'failed');
    const d = c.of('diagnostic').find((x) => /services\.foo\.enable/.test(x.message));
    assert.ok(d, `a diagnostic about services.foo.enable, got ${JSON.stringify(c.of('diagnostic'))}`);
    assert.equal(d.file, config);
    assert.equal(d.range.start.line, 4);
  });

  it('reports a failing builder as a build failure with its log', async () => {
    const config = m.config('  environment.systemPackages = [ (derivation { name = "broken-1.0"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo compiling; echo boom >&2; exit 3" ]; }) ];');
    const c = collector();
    const result = await runRebuild(m.channels('switch', config), c.sink);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /^The build failed: builder for '\/nix\/store\/[^']*broken-1\.0\.drv' failed with exit code 3/);
    assert.ok(c.of('log').some((l) => l.source === 'build' && l.text === 'boom' && /broken-1\.0\.drv$/.test(l.drv ?? '')));
    assert.ok(c.of('progress').some((p) => p.builds.failed >= 1), 'the failed build is counted');
    assert.deepEqual(m.generationLinks(), []);
  });

  it('says how to get Nix when nix-build is not installed', async () => {
    const options = m.channels('build', m.config());
    const result = await runRebuild({ ...options, env: { ...options.env, PATH: path.join(m.dir, 'empty') } });
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /Could not run nix-build: it is not installed or not on PATH\. Install Nix/);
  });

  it('-I entries reach the flake build too', async () => {
    const dir = m.flake(m.flakeLocal());
    const result = await runRebuild(flakeOptions('build', { flake: `${dir}#standin`, includes: [`nixpkgs=${NIXPKGS}`] }));
    assertOk(result);
  });
});

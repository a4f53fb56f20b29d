// The privileged steps go through the chosen method: stand-in sudo / pkexec scripts on PATH record
// the argv they get and either run it (as a policy that allows it would) or refuse like the real
// ones do. The build itself never goes through them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_ENV, requireNix } from './support';

describe('rebuild runner: elevation through sudo / pkexec (stand-in tools, real Nix)', function () {
  this.timeout(120_000);
  let m: Machine;
  let bin: string;
  let calls: string;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('elevation');
    bin = path.join(m.dir, 'bin');
    calls = path.join(m.dir, 'calls.log');
    fs.mkdirSync(bin);
  });
  afterEach(() => m.remove());

  /** A stand-in elevation tool: logs its argv and whether SUDO_ASKPASS was set, then runs or refuses. */
  function tool(name: string, behaviour: 'run' | 'refuse', skip: number) {
    const refuse = name === 'sudo' ? 'echo "sudo: a password is required" >&2; exit 1' : 'echo "Error executing command as another user: Not authorized" >&2; exit 127';
    fs.writeFileSync(path.join(bin, name), [
      '#!/bin/sh',
      `printf '%s|askpass=%s\\n' "${name} $*" "\${SUDO_ASKPASS:+set}" >> ${calls}`,
      behaviour === 'run' ? `shift ${skip}; exec "$@"` : refuse,
      '',
    ].join('\n'), { mode: 0o755 });
  }

  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, ...extra });
  const lines = () => fs.readFileSync(calls, 'utf8').trim().split('\n');

  it('sudo -n runs only nix-env and switch-to-configuration', async () => {
    tool('sudo', 'run', 2);
    const result = await runRebuild(m.channels('switch', m.config(), { elevate: 'sudo', env: env() }));
    assertOk(result);
    assert.equal(result.elevation, 'sudo');
    assert.deepEqual(lines(), [
      `sudo -n -- nix-env -p ${m.profile} --set ${result.storePath}|askpass=`,
      `sudo -n -- env NIXOS_INSTALL_BOOTLOADER=0 ${result.storePath}/bin/switch-to-configuration switch|askpass=`,
    ]);
    assert.equal(m.profileTarget(), result.storePath);
  });

  it('sudo -A with SUDO_ASKPASS for a GUI; the askpass program stays in the environment', async () => {
    tool('sudo', 'run', 2);
    const result = await runRebuild(m.channels('test', m.config(), { elevate: 'auto', uid: 1000, env: env({ SUDO_ASKPASS: '/usr/bin/ssh-askpass' }) }));
    assertOk(result);
    assert.deepEqual(lines(), [`sudo -A -- ${result.storePath}/bin/switch-to-configuration test|askpass=set`]);
  });

  it('a refusal says what to do and leaves the profile alone', async () => {
    tool('sudo', 'refuse', 0);
    const c = collector();
    const result = await runRebuild(m.channels('switch', m.config(), { elevate: 'sudo', env: env() }), c.sink);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /^nix-env could not get root rights\. sudo needs a password and there is no terminal to ask on\. .*SUDO_ASKPASS.*--elevate pkexec/);
    assert.deepEqual(m.generationLinks(), []);
    assert.deepEqual(m.activations(), []);
  });

  it('pkexec runs the steps through /usr/bin/env', async () => {
    tool('pkexec', 'run', 0);
    const result = await runRebuild(m.channels('boot', m.config(), { elevate: 'pkexec', env: env() }));
    assertOk(result);
    assert.deepEqual(lines(), [
      `pkexec /usr/bin/env nix-env -p ${m.profile} --set ${result.storePath}|askpass=`,
      `pkexec /usr/bin/env NIXOS_INSTALL_BOOTLOADER=0 ${result.storePath}/bin/switch-to-configuration boot|askpass=`,
    ]);
  });

  it('a pkexec refusal is reported as such', async () => {
    tool('pkexec', 'refuse', 0);
    const result = await runRebuild(m.channels('test', m.config(), { elevate: 'pkexec', env: env() }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /could not get root rights\. pkexec refused/);
  });

  it('on a systemd machine switch-to-configuration runs in a transient service; exit 4 comes back', async () => {
    fs.writeFileSync(path.join(bin, 'systemd-run'), [
      '#!/bin/sh',
      `echo "systemd-run $*" >> ${calls}`,
      'while [ $# -gt 0 ]; do case "$1" in -E) shift 2 ;; -*) shift ;; *) break ;; esac; done',
      'exec "$@"',
      '',
    ].join('\n'), { mode: 0o755 });
    // Detected, not forced: /run/systemd/system under a fake root.
    const root = path.join(m.dir, 'root');
    fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'), { recursive: true });
    const result = await runRebuild(m.channels('switch', m.config('', { exitCode: 4 }), { systemdRoot: root, env: env() }));
    assert.equal(result.outcome, 'units-failed');
    assert.deepEqual(lines(), [
      `systemd-run -E LOCALE_ARCHIVE -E NIXOS_INSTALL_BOOTLOADER --collect --no-ask-password --pipe --quiet --service-type=exec --unit=nixos-rebuild-switch-to-configuration ${result.storePath}/bin/switch-to-configuration switch`,
    ]);
    assert.deepEqual(m.activations(), [['switch', result.storePath!, '0']], 'NIXOS_INSTALL_BOOTLOADER reaches the service');
  });

  it('a method that is not installed is named', async () => {
    const result = await runRebuild(m.channels('switch', m.config(), { elevate: 'doas', env: env() }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /Could not run doas: it is not installed or not on PATH\. Choose another --elevate method/);
    assert.deepEqual(m.generationLinks(), []);
  });
});

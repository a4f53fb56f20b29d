// plan.ts for what the editor never asks: the CLI's own actions and options, as the runner
// executes them. Pure: the machine is described, nothing runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_SYSTEM, CHOSEN_GENERATION } from '../../../server/src/protocol/plan';
import { activationArgv, displayArgv, planRebuild, planRollback, withSystem, type MachineFacts } from '../../../server/src/system/rebuild/plan';

const machine = (over: Partial<MachineFacts> = {}): MachineFacts => ({
  uid: 1000,
  env: { PATH: '/usr/bin' },
  cwd: '/home/me',
  which: (p) => (['nix', 'nix-build', 'sudo', 'nixos-rebuild'].includes(p) ? `/usr/bin/${p}` : undefined),
  exists: () => true,
  runsSystemd: true,
  hostname: 'laptop',
  interactive: false,
  ...over,
});

describe('the plan for the runner (pure)', () => {
  it('builds change nothing: no steps; the backend chosen is written into the arguments', () => {
    const plan = planRebuild({ action: 'build', includes: ['nixos-config=/c.nix'] }, machine());
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.args, ['rebuild', 'build', '-I', 'nixos-config=/c.nix', '--elevate', 'auto', '--backend', 'direct']);
  });

  it('dry-activate: only switch-to-configuration, never in systemd-run, no boot loader variable', () => {
    const [step, ...rest] = planRebuild({ action: 'dry-activate', includes: ['nixos-config=/c.nix'] }, machine()).steps;
    assert.deepEqual(rest, []);
    assert.equal(step!.systemdRun, false);
    assert.equal(step!.display, `sudo -n -- ${BUILT_SYSTEM}/bin/switch-to-configuration dry-activate`);
  });

  it('the nixos-rebuild backend: one step, as you for a build, as root for switch', () => {
    const build = planRebuild({ action: 'build', backend: 'nixos-rebuild', includes: ['nixos-config=/c.nix'] }, machine()).steps;
    assert.deepEqual(build.map((s) => [s.kind, s.root, s.display]), [['nixos-rebuild', false, 'nixos-rebuild build -I nixos-config=/c.nix --log-format internal-json -v']]);
    const sw = planRebuild({ action: 'switch', backend: 'nixos-rebuild', includes: ['nixos-config=/c.nix'] }, machine()).steps;
    assert.equal(sw[0]!.display, 'sudo -n -- nixos-rebuild switch -I nixos-config=/c.nix --log-format internal-json -v');
  });

  it('a profile nixos-rebuild cannot manage is a problem, with no steps', () => {
    const plan = planRebuild({ action: 'switch', backend: 'nixos-rebuild', profile: '/tmp/p/system', includes: ['nixos-config=/c.nix'] }, machine());
    assert.match(plan.problem ?? '', /^nixos-rebuild only manages profiles under /);
    assert.deepEqual(plan.steps, []);
  });

  it('--upgrade: one nix-channel step per channel, root for root\'s channels', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-plan-channels-'));
    try {
      for (const name of ['nixos', 'home-manager', 'other']) fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, 'home-manager', '.update-on-nixos-rebuild'), '');
      const plan = planRebuild({ action: 'build', upgrade: 'nixos', channelsDir: dir, includes: ['nixos-config=/c.nix'] }, machine({ uid: 4242 }));
      assert.deepEqual(plan.steps.map((s) => [s.kind, s.root, s.display]), [
        ['update-channel', true, 'sudo -n -- nix-channel --update home-manager'],
        ['update-channel', true, 'sudo -n -- nix-channel --update nixos'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rollback --action test: the chosen generation\'s own system, the profile untouched', () => {
    const plan = planRollback({ action: 'test', to: 3 }, machine({ runsSystemd: false }));
    assert.deepEqual(plan.steps.map((s) => s.display), [`sudo -n -- ${CHOSEN_GENERATION}/bin/switch-to-configuration test`]);
    assert.deepEqual(plan.args, ['rollback', '--to', '3', '--action', 'test', '--elevate', 'auto']);
  });

  it('the runner fills the store path in and wraps in systemd-run as decided', () => {
    const [, activate] = planRebuild({ action: 'switch', includes: ['nixos-config=/c.nix'], installBootloader: true }, machine()).steps;
    const argv = withSystem(activationArgv(activate!, true), '/nix/store/x-system');
    assert.equal(argv[0], 'systemd-run');
    assert.ok(argv.includes('NIXOS_INSTALL_BOOTLOADER'));
    assert.equal(argv.at(-2), '/nix/store/x-system/bin/switch-to-configuration');
    assert.deepEqual(activate!.env, { NIXOS_INSTALL_BOOTLOADER: '1' });
    assert.equal(displayArgv([`${BUILT_SYSTEM}/bin/x`, 'a b']), `${BUILT_SYSTEM}/bin/x 'a b'`);
  });
});

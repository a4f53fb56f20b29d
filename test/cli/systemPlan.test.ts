// The plan (server/src/system/rebuild/plan.ts) as the editor's system commands ask for it: which
// CLI arguments each runs, and the privileged commands its confirmation names. Pure cases first,
// then the dialog's promise checked against real runs: the planned arguments run through the CLI
// (real Nix, stand-in NixOS), and stand-in sudo records what it was really asked to run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confirmation, DEFAULT_SETTINGS, generationsArgs, planRequest, readSettings, type SystemCommand, type SystemSettings } from '../../client/src/systemRequest';
import { BUILT_SYSTEM, type RollbackTarget, type SystemPlan } from '../../server/src/protocol/plan';
import { rollbackTarget, systemPlan, type MachineFacts } from '../../server/src/system/rebuild/plan';
import { dispatch } from '../../server/src/cli/dispatch';
import type { CliIO } from '../../server/src/cli/io';
import { recordActivation } from '../../server/src/system/knownGood';
import { readOperations } from '../../server/src/system/rebuild/operationLog';
import { findOnPath } from '../../server/src/system/rebuild/elevation';
import { Machine, NIX_ENV, NIXPKGS, requireNix, STANDIN } from '../system/runner/support';

const SYS = '/nix/var/nix/profiles/system';
const B = BUILT_SYSTEM;

function facts(over: Partial<MachineFacts> & { installed?: string[] } = {}): MachineFacts {
  const installed = new Set(over.installed ?? ['nix-build', 'nix', 'sudo']);
  return {
    uid: 1000,
    env: { PATH: '/usr/bin' },
    cwd: '/home/me/nixos',
    which: (p) => (installed.has(p) ? `/usr/bin/${p}` : undefined),
    exists: () => true,
    runsSystemd: false,
    hostname: 'laptop',
    interactive: true,
    ...over,
  };
}

/** What the editor does for one command: the plan request from the settings, the server's plan, the dialog. */
function planCommand(command: SystemCommand, s: SystemSettings, machine: MachineFacts, target?: RollbackTarget) {
  if (command === 'generations') return { args: generationsArgs(s), privileged: [] as string[], confirmation: undefined, plan: undefined };
  const plan = systemPlan(planRequest(command, s, machine.cwd), machine, target);
  const confirm = confirmation(plan);
  return { args: plan.args, privileged: confirm ? plan.steps.map((step) => step.display) : [], confirmation: confirm, plan };
}

const settings = (over: Partial<SystemSettings> = {}): SystemSettings => ({ ...DEFAULT_SETTINGS, ...over });

interface Case {
  name: string;
  command: SystemCommand;
  settings?: Partial<SystemSettings>;
  facts?: Parameters<typeof facts>[0];
  rollbackTo?: number;
  args: string[];
  /** The numbered lines of the confirmation; undefined: no confirmation at all. */
  privileged?: string[];
}

const SYSTEMD_RUN = 'systemd-run -E LOCALE_ARCHIVE -E NIXOS_INSTALL_BOOTLOADER --collect --no-ask-password --pipe --quiet --service-type=exec --unit=nixos-rebuild-switch-to-configuration';

const cases: Case[] = [
  {
    name: 'dry-build: no confirmation, elevation and backend resolved and passed on',
    command: 'dry-build',
    args: ['rebuild', 'dry-build', '--elevate', 'sudo', '--backend', 'direct'],
  },
  {
    name: 'build: every configuration setting; specialisation and boot loader only where the CLI takes them',
    command: 'build',
    settings: { flake: '/home/me/nixos#laptop', searchPath: ['nixpkgs=/src/nixpkgs'], profile: 'system-profiles/work', specialisation: 'gaming', buildHost: 'builder', installBootloader: true },
    args: ['rebuild', 'build', '--flake', '/home/me/nixos#laptop', '-I', 'nixpkgs=/src/nixpkgs', '--profile', 'system-profiles/work', '--build-host', 'builder', '--elevate', 'sudo', '--backend', 'direct'],
  },
  {
    name: 'switch with sudo: nix-env, then switch-to-configuration, sudo asking on the terminal',
    command: 'switch',
    args: ['rebuild', 'switch', '--elevate', 'sudo', '--backend', 'direct'],
    privileged: [
      `sudo -- nix-env -p ${SYS} --set ${B}`,
      `sudo -- env NIXOS_INSTALL_BOOTLOADER=0 ${B}/bin/switch-to-configuration switch`,
    ],
  },
  {
    name: 'switch on a systemd machine: the activation in systemd-run, inside the elevation',
    command: 'switch',
    facts: { runsSystemd: true },
    settings: { installBootloader: true },
    args: ['rebuild', 'switch', '--elevate', 'sudo', '--backend', 'direct', '--install-bootloader'],
    privileged: [
      `sudo -- nix-env -p ${SYS} --set ${B}`,
      `sudo -- env NIXOS_INSTALL_BOOTLOADER=1 ${SYSTEMD_RUN} ${B}/bin/switch-to-configuration switch`,
    ],
  },
  {
    name: 'switch as root: no elevation, the variable in the environment',
    command: 'switch',
    facts: { uid: 0 },
    args: ['rebuild', 'switch', '--elevate', 'none', '--backend', 'direct'],
    privileged: [`nix-env -p ${SYS} --set ${B}`, `NIXOS_INSTALL_BOOTLOADER=0 ${B}/bin/switch-to-configuration switch`],
  },
  {
    name: 'SUDO_ASKPASS set: still sudo on the terminal (the CLI drops -A for an explicit method there)',
    command: 'test',
    facts: { env: { PATH: '/usr/bin', SUDO_ASKPASS: '/usr/bin/ssh-askpass' } },
    args: ['rebuild', 'test', '--elevate', 'sudo', '--backend', 'direct'],
    privileged: [`sudo -- ${B}/bin/switch-to-configuration test`],
  },
  {
    name: 'boot with pkexec into a new named profile: mkdir first, no specialisation',
    command: 'boot',
    settings: { elevate: 'pkexec', profile: 'system-profiles/work', specialisation: 'gaming' },
    facts: { exists: (f) => f !== '/nix/var/nix/profiles/system-profiles' },
    args: ['rebuild', 'boot', '--profile', 'system-profiles/work', '--elevate', 'pkexec', '--backend', 'direct'],
    privileged: [
      'pkexec /usr/bin/env mkdir -p -m 0755 /nix/var/nix/profiles/system-profiles',
      `pkexec /usr/bin/env nix-env -p /nix/var/nix/profiles/system-profiles/work --set ${B}`,
      `pkexec /usr/bin/env NIXOS_INSTALL_BOOTLOADER=0 ${B}/bin/switch-to-configuration boot`,
    ],
  },
  {
    name: 'test with a specialisation and doas',
    command: 'test',
    settings: { elevate: 'doas', specialisation: 'gaming' },
    args: ['rebuild', 'test', '--specialisation', 'gaming', '--elevate', 'doas', '--backend', 'direct'],
    privileged: [`doas -- ${B}/specialisation/gaming/bin/switch-to-configuration test`],
  },
  {
    name: 'run0 passes the variable with --setenv',
    command: 'switch',
    settings: { elevate: 'run0' },
    args: ['rebuild', 'switch', '--elevate', 'run0', '--backend', 'direct'],
    privileged: [`run0 -- nix-env -p ${SYS} --set ${B}`, `run0 --setenv=NIXOS_INSTALL_BOOTLOADER=0 -- ${B}/bin/switch-to-configuration switch`],
  },
  {
    name: 'the nixos-rebuild backend setting: the whole nixos-rebuild through sudo',
    command: 'switch',
    settings: { backend: 'nixos-rebuild', searchPath: ['nixos-config=/home/me/nixos/configuration.nix'] },
    args: ['rebuild', 'switch', '-I', 'nixos-config=/home/me/nixos/configuration.nix', '--elevate', 'sudo', '--backend', 'nixos-rebuild'],
    privileged: ['sudo -- nixos-rebuild switch -I nixos-config=/home/me/nixos/configuration.nix --log-format internal-json -v'],
  },
  {
    name: 'nixos-rebuild with a flake and a named profile',
    command: 'boot',
    settings: { backend: 'nixos-rebuild', flake: '/home/me/nixos', profile: 'system-profiles/work' },
    args: ['rebuild', 'boot', '--flake', '/home/me/nixos', '--profile', 'system-profiles/work', '--elevate', 'sudo', '--backend', 'nixos-rebuild'],
    privileged: ["sudo -- nixos-rebuild boot --flake '/home/me/nixos#laptop' --profile-name work --log-format internal-json -v"],
  },
  {
    name: 'auto reads NIX_HUMANITY_BACKEND',
    command: 'build',
    facts: { env: { PATH: '/usr/bin', NIX_HUMANITY_BACKEND: 'nixos-rebuild' } },
    args: ['rebuild', 'build', '--elevate', 'sudo', '--backend', 'nixos-rebuild'],
  },
  {
    name: 'the setting wins over NIX_HUMANITY_BACKEND',
    command: 'build',
    settings: { backend: 'direct' },
    facts: { env: { PATH: '/usr/bin', NIX_HUMANITY_BACKEND: 'nixos-rebuild' } },
    args: ['rebuild', 'build', '--elevate', 'sudo', '--backend', 'direct'],
  },
  {
    name: 'auto with only nixos-rebuild installed, and doas as the first elevation tool',
    command: 'dry-build',
    facts: { installed: ['nixos-rebuild', 'doas'] },
    args: ['rebuild', 'dry-build', '--elevate', 'doas', '--backend', 'nixos-rebuild'],
  },
  {
    name: 'a target host: the setting itself passed on, sudo -n there, systemd decided there',
    command: 'switch',
    facts: { uid: 0 },
    settings: { targetHost: 'admin@web' },
    args: ['rebuild', 'switch', '--target-host', 'admin@web', '--elevate', 'auto', '--backend', 'direct'],
    privileged: [
      `on admin@web over ssh: sudo -n -- mkdir -p -m 0755 /nix/var/nix/profiles (only if it is missing there)`,
      `on admin@web over ssh: sudo -n -- nix-env -p ${SYS} --set ${B}`,
      `on admin@web over ssh: sudo -n -- env NIXOS_INSTALL_BOOTLOADER=0 ${SYSTEMD_RUN} ${B}/bin/switch-to-configuration switch (without systemd-run when admin@web does not run systemd)`,
    ],
  },
  {
    name: 'root@ on the target host: no elevation there',
    command: 'test',
    settings: { targetHost: 'root@web' },
    args: ['rebuild', 'test', '--target-host', 'root@web', '--elevate', 'auto', '--backend', 'direct'],
    privileged: [`on root@web over ssh: ${SYSTEMD_RUN.replace(' -E NIXOS_INSTALL_BOOTLOADER', '')} ${B}/bin/switch-to-configuration test (without systemd-run when root@web does not run systemd)`],
  },
  {
    name: 'rollback to a chosen generation: --to, switch-generation, then the profile\'s switch-to-configuration',
    command: 'rollback',
    rollbackTo: 41,
    settings: { backend: 'nixos-rebuild' },
    args: ['rollback', '--to', '41', '--elevate', 'sudo'],
    privileged: [`sudo -- nix-env -p ${SYS} --switch-generation 41`, `sudo -- env NIXOS_INSTALL_BOOTLOADER=0 ${SYS}/bin/switch-to-configuration switch`],
  },
  {
    name: 'rollback on a target host: the CLI chooses the generation there',
    command: 'rollback',
    settings: { targetHost: 'root@web', profile: '/nix/var/nix/profiles/system' },
    args: ['rollback', '--profile', '/nix/var/nix/profiles/system', '--target-host', 'root@web', '--elevate', 'auto'],
    privileged: [
      `on root@web over ssh: nix-env -p ${SYS} --rollback (or --switch-generation N for an older known-good generation N)`,
      `on root@web over ssh: env NIXOS_INSTALL_BOOTLOADER=0 ${SYSTEMD_RUN} ${SYS}/bin/switch-to-configuration switch (without systemd-run when root@web does not run systemd)`,
    ],
  },
  {
    name: 'generations: only the profile',
    command: 'generations',
    settings: { profile: '/tmp/p/system' },
    args: ['generations', '--profile', '/tmp/p/system'],
  },
];

describe('the system plan, as the editor asks for it (pure)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const plan = planCommand(c.command, settings(c.settings), facts(c.facts), c.rollbackTo === undefined ? undefined : { generation: c.rollbackTo, label: 'NixOS 24.11, 2026-11-30' });
      assert.deepEqual(plan.args, c.args);
      if (c.privileged === undefined) {
        assert.equal(plan.confirmation, undefined);
        assert.deepEqual(plan.privileged, []);
        return;
      }
      assert.deepEqual(plan.privileged, c.privileged);
      // The dialog lists exactly these commands, numbered, in order.
      const numbered = plan.confirmation!.detail.split('\n').filter((l) => /^\d+\. /.test(l));
      assert.deepEqual(numbered, c.privileged.map((p, i) => `${i + 1}. ${p}`));
    });
  }

  it('the confirmation says how root is obtained and names the target generation', () => {
    const plan = planCommand('rollback', settings(), facts(), { generation: 41, label: 'NixOS 24.11, 2026-11-30' });
    assert.equal(plan.confirmation!.message, 'Roll back to generation 41 (NixOS 24.11, 2026-11-30) and activate it?');
    assert.match(plan.confirmation!.detail, /^These run with root rights through sudo, which may ask for your password in the terminal:/);
    const sw = planCommand('switch', settings({ elevate: 'pkexec' }), facts());
    assert.match(sw.confirmation!.detail, /through pkexec, which asks through polkit/);
    assert.match(sw.confirmation!.detail, /<built system> is the store path it produces/);
    assert.equal(sw.confirmation!.button, 'Switch');
    assert.match(planCommand('test', settings(), facts({ uid: 0 })).confirmation!.detail, /^These run as root \(VS Code runs as root\), without elevation:/);
    assert.match(planCommand('test', settings({ elevate: 'none' }), facts()).confirmation!.detail, /^These run as you, without elevation/);
  });

  const settingCases: [string, Record<string, unknown>, Partial<SystemSettings>][] = [
    ['nothing set: the defaults', {}, {}],
    ['wrong types and unknown enum values fall back to the defaults', { backend: 'fast', elevate: 'su', flake: 3, searchPath: 'nixpkgs=/x', env: ['A'], installBootloader: 'yes' }, {}],
    ['${workspaceFolder} in paths and env values; blank entries dropped; text trimmed', {
      backend: 'direct', elevate: 'none', flake: ' ${workspaceFolder}#laptop ', searchPath: ['nixos-config=${workspaceFolder}/configuration.nix', ' '],
      env: { NIX_HUMANITY_STATE_DIR: '${workspaceFolder}/.state', BAD: 1 }, installBootloader: true,
    }, {
      backend: 'direct', elevate: 'none', flake: '/w#laptop', searchPath: ['nixos-config=/w/configuration.nix'], env: { NIX_HUMANITY_STATE_DIR: '/w/.state' }, installBootloader: true,
    }],
  ];
  for (const [name, raw, want] of settingCases) {
    it(`settings: ${name}`, () => assert.deepEqual(readSettings((k) => raw[k], '/w'), { ...DEFAULT_SETTINGS, ...want }));
  }
});

describe('the system plan: the rollback target (real profile folder)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-plan-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Generations 1..n, each a folder with nixos-version, the profile at the last. */
  function profile(n: number): string {
    const p = path.join(dir, 'profiles', 'system');
    fs.mkdirSync(path.dirname(p));
    for (let g = 1; g <= n; g++) {
      const store = path.join(dir, `system-${g}`);
      fs.mkdirSync(store);
      fs.writeFileSync(path.join(store, 'nixos-version'), `24.11.${g}`);
      fs.symlinkSync(store, `${p}-${g}-link`);
    }
    fs.symlinkSync(`system-${n}-link`, p);
    return p;
  }

  it('the previous generation when nothing is recorded', () => {
    const p = profile(3);
    const t = rollbackTarget(p, { NIX_HUMANITY_STATE_DIR: path.join(dir, 'state') });
    assert.equal(t?.generation, 2);
    assert.match(t!.label, /^NixOS 24\.11\.2, \d{4}-\d\d-\d\d$/);
  });

  it('past a generation recorded as failed, to the one recorded as good', () => {
    const p = profile(3);
    const state = path.join(dir, 'state');
    recordActivation(state, p, 1, 'ok', path.join(dir, 'system-1'));
    recordActivation(state, p, 2, 'failed', path.join(dir, 'system-2'));
    assert.equal(rollbackTarget(p, { NIX_HUMANITY_STATE_DIR: state })?.generation, 1);
  });

  it('none older than the current one', () => {
    assert.equal(rollbackTarget(profile(1), { NIX_HUMANITY_STATE_DIR: path.join(dir, 'state') }), undefined);
  });
});

describe('the system plan is what really runs (real Nix, stand-in sudo)', function () {
  this.timeout(120_000);
  let m: Machine;
  let calls: string;
  let bin: string;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('plan');
    bin = path.join(m.dir, 'bin');
    calls = path.join(m.dir, 'calls.log');
    fs.mkdirSync(bin);
    // Records its argv, then runs the command after `--`, as a permissive sudoers would.
    fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh\necho "sudo $*" >> ${calls}\nwhile [ "$1" != -- ]; do shift; done\nshift\nexec "$@"\n`, { mode: 0o755 });
  });
  afterEach(() => m.remove());

  async function run(args: string[], env: NodeJS.ProcessEnv) {
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (out += t), isTTY: true, cwd: m.dir, env, signal: new AbortController().signal };
    const code = await dispatch(args, io);
    return { code, out };
  }

  for (const command of ['switch', 'boot', 'test'] as const) {
    it(`${command}: stand-in sudo receives exactly the commands the dialog names`, async () => {
      const env = { ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
      const s = settings({ elevate: 'sudo', backend: 'direct', profile: m.profile, searchPath: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config()}`] });
      const plan = planCommand(command, s, facts({ env, cwd: m.dir, which: () => '/usr/bin/x', exists: fs.existsSync, runsSystemd: false }));
      const { code, out } = await run(plan.args, env);
      assert.equal(code, 0, out);
      const record = readOperations(m.stateDir).pop()!;
      assert.equal(record.backend, 'direct');
      const ran = fs.readFileSync(calls, 'utf8').trim().split('\n');
      assert.deepEqual(ran, plan.privileged.map((p) => p.split(BUILT_SYSTEM).join(record.storePath!)));
    });
  }

  it('--plan --json prints the editor\'s plan and runs nothing; its args run exactly it', async () => {
    const env = { ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    const s = settings({ elevate: 'sudo', backend: 'direct', profile: m.profile, searchPath: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config()}`] });
    const { plan } = planCommand('switch', s, facts({ env, cwd: m.dir, which: (p) => findOnPath(p, env.PATH), exists: fs.existsSync, runsSystemd: false }));
    const printed = await run([...plan!.args, '--plan', '--json'], env);
    assert.equal(printed.code, 0, printed.out);
    const fromCli = JSON.parse(printed.out) as SystemPlan;
    assert.deepEqual(fromCli.args, plan!.args);
    assert.deepEqual(fromCli.steps.map((step) => step.display), plan!.steps.map((step) => step.display));
    assert.equal(fs.existsSync(calls), false, 'nothing ran');
    assert.deepEqual(readOperations(m.stateDir), []);
    const human = await run([...plan!.args, '--plan'], env);
    assert.match(human.out, new RegExp(`1\\. sudo -- nix-env -p ${m.profile} --set <built system>`));
  });

  it('rollback --plan --json names the generation and puts it in the args; with none older it says so', async () => {
    const env = { ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    const none = await run(['rollback', '--profile', m.profile, '--elevate', 'sudo', '--plan', '--json'], env);
    assert.equal(none.code, 1);
    assert.match((JSON.parse(none.out) as SystemPlan).problem ?? '', /There is no profile at|no generation older/);
    const s = settings({ elevate: 'sudo', backend: 'direct', profile: m.profile, searchPath: [`nixpkgs=${NIXPKGS}`] });
    for (let i = 0; i < 2; i++) {
      const build = planCommand('switch', { ...s, searchPath: [...s.searchPath, `nixos-config=${m.config()}`] }, facts({ env, cwd: m.dir, exists: fs.existsSync }));
      assert.equal((await run(build.args, env)).code, 0);
    }
    fs.rmSync(calls);
    const printed = await run(['rollback', '--profile', m.profile, '--elevate', 'sudo', '--plan', '--json'], env);
    assert.equal(printed.code, 0, printed.out);
    const plan = JSON.parse(printed.out) as SystemPlan;
    assert.equal(plan.rollbackTo?.generation, 1);
    assert.deepEqual(plan.args, ['rollback', '--to', '1', '--profile', m.profile, '--elevate', 'sudo']);
    assert.equal(fs.existsSync(calls), false, 'nothing ran');
  });

  it('the nixos-rebuild backend: stand-in sudo receives exactly the nixos-rebuild line the dialog names', async () => {
    const profiles = path.join(m.dir, 'profiles');
    const env = { ...NIX_ENV, PATH: `${bin}:${path.join(STANDIN, 'bin')}:${NIX_ENV.PATH}`, STANDIN_PROFILES_DIR: profiles, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    const s = settings({ elevate: 'sudo', backend: 'nixos-rebuild', searchPath: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config()}`] });
    const plan = planCommand('test', s, facts({ env, cwd: m.dir, which: (p) => findOnPath(p, env.PATH), exists: fs.existsSync }));
    assert.match(plan.privileged[0]!, /^sudo -- nixos-rebuild test -I /);
    const { code, out } = await run(plan.args, env);
    assert.equal(code, 0, out);
    assert.equal(readOperations(m.stateDir).pop()!.backend, 'nixos-rebuild');
    assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n'), plan.privileged);
    assert.equal(m.activations()[0]![0], 'test');
  });

  it('rollback: the same for nix-env --switch-generation and the profile\'s activation', async () => {
    const env = { ...NIX_ENV, PATH: `${bin}:${NIX_ENV.PATH}`, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    const s = settings({ elevate: 'sudo', backend: 'direct', profile: m.profile, searchPath: [`nixpkgs=${NIXPKGS}`] });
    for (let i = 0; i < 2; i++) {
      const build = planCommand('switch', { ...s, searchPath: [...s.searchPath, `nixos-config=${m.config()}`] }, facts({ env, cwd: m.dir, exists: fs.existsSync }));
      assert.equal((await run(build.args, env)).code, 0);
    }
    fs.rmSync(calls);
    const target = rollbackTarget(m.profile, env);
    assert.equal(target?.generation, 1);
    const plan = planCommand('rollback', s, facts({ env, cwd: m.dir, exists: fs.existsSync }), target);
    const { code, out } = await run(plan.args, env);
    assert.equal(code, 0, out);
    assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n'), plan.privileged);
    assert.equal(path.basename(fs.readlinkSync(m.profile)), 'system-1-link');
  });
});

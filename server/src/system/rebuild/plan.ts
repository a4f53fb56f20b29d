// The plan of a rebuild or rollback, from its options and what was read of this machine: the
// commands that change the system, which get root and how. The runner executes these steps, the
// CLI prints them (`--plan`), the editor's confirmation names them: one truth for what runs as root.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SystemPlanParams } from '../../protocol/messages';
import { BUILT_SYSTEM, CHOSEN_GENERATION, type Elevation, type PlanStep, type RollbackTarget, type SystemPlan } from '../../protocol/plan';
import type { RebuildAction, RollbackAction } from '../../protocol/rebuild';
import { listGenerations, ProfileNotFoundError, type Generation } from '../generations';
import { lastKnownGood, stateDirFromEnv } from '../knownGood';
import { channelsNeedRoot, channelsToUpdate, channelUpdateCommand, DEFAULT_CHANNELS_DIR, readChannels } from './channels';
import { inSystemdRun, nixosRebuildCommand, rollbackProfileCommand, setProfileCommand, shellQuote, switchGenerationCommand, switchToConfigurationCommand } from './commands';
import { chooseElevation, elevatedArgv, findOnPath } from './elevation';
import { chooseBackend, DEFAULT_PROFILES_DIR, profileName, resolveConfiguration, resolveProfile, runsSwitchScript, setsProfile, type RebuildOptions, type RollbackOptions } from './options';
import { runsSystemd } from './systemd';

/** What a plan needs to know of the machine it runs on. */
export interface MachineFacts {
  uid: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  which: (program: string) => string | undefined;
  exists: (file: string) => boolean;
  /** /run/systemd/system exists here (switch-to-configuration then runs in systemd-run). */
  runsSystemd: boolean;
  hostname?: string;
  /** A person at a terminal can answer a password prompt. */
  interactive: boolean;
}

/** This machine as the options see it (their env, cwd, uid and systemd folder override it). */
export function thisMachine(options: Pick<RebuildOptions, 'env' | 'cwd' | 'uid' | 'interactive' | 'systemdRoot' | 'hostname'>): MachineFacts {
  const env = options.env ?? process.env;
  return {
    uid: options.uid ?? process.getuid?.() ?? 0,
    env,
    cwd: options.cwd ?? process.cwd(),
    which: (program) => findOnPath(program, env.PATH),
    exists: fs.existsSync,
    runsSystemd: runsSystemd(options.systemdRoot),
    hostname: options.hostname ?? os.hostname(),
    interactive: options.interactive ?? false,
  };
}

/** Root rights here, and on the target host: there root@ logs in as root, anyone else uses sudo. */
export function elevations(options: RebuildOptions | RollbackOptions, machine: MachineFacts): { local: Elevation; remote: Elevation } {
  const local = chooseElevation(options.elevate ?? 'auto', { uid: machine.uid, env: machine.env, interactive: machine.interactive, which: machine.which });
  const host = options.targetHost;
  const remote: Elevation = options.elevate && options.elevate !== 'auto'
    ? { method: options.elevate }
    : { method: host && !/^root@/.test(host) ? 'sudo' : 'none' };
  return { local, remote };
}

/** The plan of `rebuild ACTION` with these options, as the runner executes it. */
export function planRebuild(options: RebuildOptions, machine: MachineFacts): SystemPlan {
  const { local, remote } = elevations(options, machine);
  const backend = chooseBackend(options.backend, machine.env, machine.which);
  const profilesDir = options.profilesDir ?? DEFAULT_PROFILES_DIR;
  const profile = resolveProfile(options.profile, profilesDir, machine.cwd);
  const host = options.targetHost;
  const { action } = options;
  const steps: PlanStep[] = [];
  let problem: string | undefined;
  const describe = (step: Omit<PlanStep, 'display'>, note = '') => ({ ...step, display: displayStep(step, local, remote) + note });

  const hostname = options.hostname ?? machine.hostname;
  const source = resolveConfiguration({ ...options, cwd: machine.cwd, env: machine.env, ...(hostname ? { hostname } : {}) }, machine.exists);
  // Channels are not what a flake builds from: the runner drops --upgrade there.
  const upgrade = source.kind === 'flake' ? undefined : options.upgrade;

  if (backend === 'nixos-rebuild') {
    const name = profileName(profile, profilesDir);
    if (name === null) problem = `nixos-rebuild only manages profiles under ${profilesDir}/system-profiles, not ${profile}. Use --backend direct for another profile.`;
    const which = machine.which;
    const program = options.nixosRebuild ?? machine.env.NIX_HUMANITY_NIXOS_REBUILD ?? (which('nixos-rebuild') ? 'nixos-rebuild' : which('nixos-rebuild-ng') ? 'nixos-rebuild-ng' : 'nixos-rebuild');
    const argv = nixosRebuildCommand(program, {
      action,
      source,
      ...(name ? { profileName: name } : {}),
      ...(options.specialisation ? { specialisation: options.specialisation } : {}),
      ...(host ? { targetHost: host } : {}),
      ...(options.buildHost ? { buildHost: options.buildHost } : {}),
      ...(upgrade ? { upgrade } : {}),
    });
    // nixos-rebuild needs root for the steps that change this system and for root's channels;
    // with a target host it runs as you here and activates there as the ssh user.
    const root = (runsSwitchScript(action) && !host) || upgrade !== undefined;
    const note = host && runsSwitchScript(action) ? ` (runs as you; it activates on ${host} as the ssh login user)` : '';
    steps.push(describe({ kind: 'nixos-rebuild', argv, env: {}, root }, note));
  } else {
    if (upgrade) {
      // nix-channel --update per channel, before the build; root's channels need root.
      const dir = options.channelsDir ?? machine.env.NIX_HUMANITY_CHANNELS_DIR ?? DEFAULT_CHANNELS_DIR;
      const listing = readChannels(dir);
      const root = channelsNeedRoot(dir, machine.uid);
      for (const name of listing ? channelsToUpdate(listing, upgrade) : []) {
        steps.push(describe({ kind: 'update-channel', argv: channelUpdateCommand(name), env: {}, root }));
      }
    }
    if (setsProfile(action)) {
      const folder = path.dirname(profile);
      const mkdir = { kind: 'mkdir' as const, argv: ['mkdir', '-p', '-m', '0755', folder], env: {}, root: true, onlyIfMissing: true };
      // A new system-profiles/NAME folder is created first, like nixos-rebuild does.
      if (host) steps.push(describe({ ...mkdir, host }, ' (only if it is missing there)'));
      else if (!machine.exists(folder)) steps.push(describe(mkdir));
      steps.push(describe({ kind: 'set-profile', argv: setProfileCommand(profile, BUILT_SYSTEM), env: {}, root: true, ...(host ? { host } : {}) }));
    }
    if (runsSwitchScript(action)) {
      steps.push(activationStep(BUILT_SYSTEM, action, options, machine, local, remote));
    }
  }
  const args = [
    'rebuild',
    action,
    ...(options.flake !== undefined ? ['--flake', options.flake] : []),
    ...(options.includes ?? []).flatMap((entry) => ['-I', entry]),
    ...(options.profile ? ['--profile', options.profile] : []),
    ...(options.specialisation ? ['--specialisation', options.specialisation] : []),
    ...(host ? ['--target-host', host] : []),
    ...(options.buildHost ? ['--build-host', options.buildHost] : []),
    '--elevate',
    options.elevate ?? 'auto',
    '--backend',
    backend,
    ...(options.installBootloader ? ['--install-bootloader'] : []),
    ...(options.upgrade === 'all' ? ['--upgrade-all'] : options.upgrade ? ['--upgrade'] : []),
  ];
  return {
    operation: 'rebuild',
    action,
    backend,
    elevation: local,
    runsAsRoot: machine.uid === 0,
    ...(host ? { targetHost: host } : {}),
    profile,
    steps: problem ? [] : steps,
    args,
    ...(problem ? { problem } : {}),
  };
}

/**
 * The plan of `rollback` with these options. `target` is where it goes when known before it
 * runs; without `to` the runner chooses when it runs (the previous generation, or an older one
 * known to have activated cleanly).
 */
export function planRollback(options: RollbackOptions, machine: MachineFacts, target?: RollbackTarget): SystemPlan {
  const { local, remote } = elevations(options, machine);
  const profile = resolveProfile(options.profile, options.profilesDir ?? DEFAULT_PROFILES_DIR, machine.cwd);
  const host = options.targetHost;
  const steps: PlanStep[] = [];
  const describe = (step: Omit<PlanStep, 'display'>, note = '') => ({ ...step, display: displayStep(step, local, remote) + note });
  if (options.action !== 'test') {
    const on = host ? { host } : {};
    steps.push(options.to !== undefined
      ? describe({ kind: 'switch-generation', argv: switchGenerationCommand(profile, options.to), env: {}, root: true, ...on })
      : describe({ kind: 'rollback-profile', argv: rollbackProfileCommand(profile), env: {}, root: true, ...on }, ' (or --switch-generation N for an older known-good generation N)'));
  }
  // The profile link names the generation once moved; test leaves the profile, so the
  // generation's own system runs.
  steps.push(activationStep(options.action === 'test' ? CHOSEN_GENERATION : profile, options.action, options, machine, local, remote));
  return {
    operation: 'rollback',
    action: options.action,
    backend: 'direct',
    elevation: local,
    runsAsRoot: machine.uid === 0,
    ...(host ? { targetHost: host } : {}),
    profile,
    ...(target ? { rollbackTo: target } : {}),
    steps,
    args: [
      'rollback',
      ...(options.to !== undefined ? ['--to', String(options.to)] : []),
      ...(options.action !== 'switch' ? ['--action', options.action] : []),
      ...(options.profile ? ['--profile', options.profile] : []),
      ...(options.specialisation ? ['--specialisation', options.specialisation] : []),
      ...(host ? ['--target-host', host] : []),
      '--elevate',
      options.elevate ?? 'auto',
    ],
  };
}

/**
 * The plan with every choice made now and written into its arguments, as the editor runs it and
 * `--plan` prints it: the backend, the elevation method here (on a target host it is chosen
 * there), and the generation a rollback goes to. Reads the profile's generations for a rollback.
 */
export function resolvedRebuildPlan(options: RebuildOptions, machine: MachineFacts): SystemPlan {
  return planRebuild({ ...options, backend: chooseBackend(options.backend, machine.env, machine.which), elevate: chosenMethod(options, machine) }, machine);
}

export function resolvedRollbackPlan(options: RollbackOptions, machine: MachineFacts, target?: RollbackTarget): SystemPlan {
  const pinned: RollbackOptions = { ...options, elevate: chosenMethod(options, machine) };
  if (options.targetHost) return planRollback(pinned, machine);
  const profile = resolveProfile(options.profile, options.profilesDir ?? DEFAULT_PROFILES_DIR, machine.cwd);
  let chosen = target;
  if (!chosen) {
    try {
      chosen = options.to !== undefined ? generationTarget(profile, options.to) : rollbackTarget(profile, machine.env);
    } catch (error) {
      if (!(error instanceof ProfileNotFoundError)) throw error;
      return { ...planRollback(pinned, machine), steps: [], problem: error.message };
    }
  }
  if (!chosen) {
    const problem = options.to !== undefined
      ? `There is no generation ${options.to} in ${profile}.`
      : 'there is no generation older than the current one to roll back to.';
    return { ...planRollback(pinned, machine), steps: [], problem };
  }
  return planRollback({ ...pinned, to: chosen.generation }, machine, chosen);
}

/** An explicit method keeps the CLI from choosing again; on a target host the setting itself goes. */
function chosenMethod(options: RebuildOptions | RollbackOptions, machine: MachineFacts): RebuildOptions['elevate'] {
  if (options.targetHost) return options.elevate ?? 'auto';
  return elevations(options, machine).local.method;
}

/**
 * Where `rollback` goes on this machine, as the runner decides it: the newest older generation
 * known to have activated cleanly, else the previous one. Undefined when there is none; throws
 * ProfileNotFoundError for a missing profile.
 */
export function rollbackTarget(profile: string, env: NodeJS.ProcessEnv): RollbackTarget | undefined {
  const generations = listGenerations(profile);
  const current = generations.find((g) => g.current);
  if (!current) return undefined;
  const previous = generations.filter((g) => g.generation < current.generation).pop();
  if (!previous) return undefined;
  const good = lastKnownGood(stateDirFromEnv(env), profile, generations);
  const target = generations.find((g) => g.generation === good) ?? previous;
  return { generation: target.generation, label: generationLabel(target) };
}

function generationTarget(profile: string, generation: number): RollbackTarget | undefined {
  const found = listGenerations(profile).find((g) => g.generation === generation);
  return found ? { generation, label: generationLabel(found) } : undefined;
}

function generationLabel(g: Generation): string {
  const day = g.date.toISOString().slice(0, 10);
  return g.nixosVersion ? `NixOS ${g.nixosVersion}, ${day}` : day;
}

function activationStep(system: string, action: string, options: RebuildOptions | RollbackOptions, machine: MachineFacts, local: Elevation, remote: Elevation): PlanStep {
  const host = options.targetHost;
  const env: Record<string, string> = action === 'switch' || action === 'boot' ? { NIXOS_INSTALL_BOOTLOADER: options.installBootloader ? '1' : '0' } : {};
  // dry-activate changes nothing, so nothing to protect: no systemd-run (nixos-rebuild alike).
  const systemdRun = action === 'dry-activate' ? false : options.systemdRun ?? (host ? 'if-there' as const : machine.runsSystemd);
  const step = {
    kind: 'activate' as const,
    argv: switchToConfigurationCommand(system, action, options.specialisation),
    env,
    root: true,
    ...(host ? { host } : {}),
    systemdRun,
  };
  const note = systemdRun === 'if-there' ? ` (without systemd-run when ${host} does not run systemd)` : '';
  return { ...step, display: displayStep(step, local, remote) + note };
}

/** switch-to-configuration as it runs: in its own transient service when `wrap`. */
export function activationArgv(step: Pick<PlanStep, 'argv' | 'env'>, wrap: boolean): string[] {
  return wrap ? inSystemdRun(step.argv, ['LOCALE_ARCHIVE', ...Object.keys(step.env)]) : step.argv;
}

/** The step's argv with the store path it acts on in place of BUILT_SYSTEM / CHOSEN_GENERATION. */
export function withSystem(argv: readonly string[], system: string): string[] {
  return argv.map((a) => a.split(BUILT_SYSTEM).join(system).split(CHOSEN_GENERATION).join(system));
}

/** The whole command line of a step as it runs, elevation included, written for a person. */
function displayStep(step: Omit<PlanStep, 'display'>, local: Elevation, remote: Elevation): string {
  const argv = step.kind === 'activate' ? activationArgv(step, step.systemdRun !== false) : step.argv;
  if (step.host) return `on ${step.host} over ssh: ${displayArgv(elevatedArgv(remote, argv, step.env))}`;
  if (!step.root) return displayArgv(argv);
  // Already root (or no elevation asked for): the variables go into its environment.
  if (local.method === 'none') return displayArgv([...Object.entries(step.env).map(([k, v]) => `${k}=${v}`), ...argv]);
  return displayArgv(elevatedArgv(local, argv, step.env));
}

const PLACEHOLDERS: [string, string][] = [[BUILT_SYSTEM, '/nix/store/@BUILT@'], [CHOSEN_GENERATION, '/nix/store/@CHOSEN@']];

/** A command line as a person would type it (POSIX quoting), placeholders left readable. */
export function displayArgv(argv: readonly string[]): string {
  let line = argv.map((a) => shellQuote(PLACEHOLDERS.reduce((s, [name, stand]) => s.split(name).join(stand), a))).join(' ');
  for (const [name, stand] of PLACEHOLDERS) line = line.split(stand).join(name);
  return line;
}

/**
 * The resolved plan of what the editor asks to run (`nixHumanity/systemPlan`). `machine` is
 * where it runs; `target`, when given, is the rollback's generation (tests pass it).
 */
export function systemPlan(params: SystemPlanParams, machine: MachineFacts, target?: RollbackTarget): SystemPlan {
  const common = {
    ...(params.profile ? { profile: params.profile } : {}),
    ...(params.specialisation ? { specialisation: params.specialisation } : {}),
    ...(params.targetHost ? { targetHost: params.targetHost } : {}),
    elevate: params.elevate ?? 'auto',
    installBootloader: params.installBootloader ?? false,
  };
  if (params.operation === 'rollback') {
    return resolvedRollbackPlan({ ...common, action: params.action as RollbackAction, ...(params.to !== undefined ? { to: params.to } : {}) }, machine, target);
  }
  return resolvedRebuildPlan({
    ...common,
    action: params.action as RebuildAction,
    ...(params.flake ? { flake: params.flake } : {}),
    includes: params.includes ?? [],
    ...(params.buildHost ? { buildHost: params.buildHost } : {}),
    backend: params.backend ?? 'auto',
  }, machine);
}

/** This machine for a plan the editor asks for: its variables over this process's own. */
export function editorMachine(params: Pick<SystemPlanParams, 'env' | 'cwd' | 'interactive'>): MachineFacts {
  return thisMachine({ env: { ...process.env, ...params.env }, ...(params.cwd ? { cwd: params.cwd } : {}), interactive: params.interactive ?? false });
}

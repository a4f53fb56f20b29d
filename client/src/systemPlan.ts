// What the editor's system commands run: the bundled CLI's arguments from the settings, and the
// exact privileged commands the confirmation names. Pure (no vscode import), so it is unit-tested;
// it reuses the server's own argv builders, so what the dialog says is what the CLI runs.
import * as path from 'node:path';
import { listGenerations, type Generation } from '../../server/src/system/generations';
import { lastKnownGood, stateDirFromEnv } from '../../server/src/system/knownGood';
import {
  inSystemdRun,
  nixosRebuildCommand,
  setProfileCommand,
  shellQuote,
  switchGenerationCommand,
  switchToConfigurationCommand,
} from '../../server/src/system/rebuild/commands';
import { chooseElevation, elevatedArgv, ELEVATION_METHODS, type Elevation } from '../../server/src/system/rebuild/elevation';
import type { Backend, ElevationMethod } from '../../server/src/system/rebuild/events';
import { chooseBackend, DEFAULT_PROFILES_DIR, profileName, resolveConfiguration, resolveProfile } from '../../server/src/system/rebuild/options';

export type SystemCommand = 'dry-build' | 'build' | 'test' | 'boot' | 'switch' | 'rollback' | 'generations';

export const SYSTEM_COMMANDS: readonly { command: SystemCommand; id: string; title: string }[] = [
  { command: 'dry-build', id: 'nixHumanity.system.dryBuild', title: 'Dry-build Configuration' },
  { command: 'build', id: 'nixHumanity.system.build', title: 'Build Configuration' },
  { command: 'test', id: 'nixHumanity.system.test', title: 'Test Configuration (until next boot)' },
  { command: 'switch', id: 'nixHumanity.system.switch', title: 'Apply Configuration (switch)' },
  { command: 'boot', id: 'nixHumanity.system.boot', title: 'Apply at Next Boot (boot)' },
  { command: 'rollback', id: 'nixHumanity.system.rollback', title: 'Roll Back' },
  { command: 'generations', id: 'nixHumanity.system.generations', title: 'Show Generations' },
];

export interface SystemSettings {
  backend: Backend | 'auto';
  elevate: ElevationMethod | 'auto';
  /** `REF[#HOST]`; empty: the CLI's default (/etc/nixos/flake.nix when it exists). */
  flake: string;
  /** `-I` entries, `NAME=PATH` or `PATH`. */
  searchPath: string[];
  profile: string;
  specialisation: string;
  targetHost: string;
  buildHost: string;
  installBootloader: boolean;
  /** Extra environment for the CLI (NIX_SSHOPTS, NIX_PATH, ...). */
  env: Record<string, string>;
}

export const DEFAULT_SETTINGS: SystemSettings = {
  backend: 'auto',
  elevate: 'auto',
  flake: '',
  searchPath: [],
  profile: '',
  specialisation: '',
  targetHost: '',
  buildHost: '',
  installBootloader: false,
  env: {},
};

const BACKENDS = ['auto', 'direct', 'nixos-rebuild'];

/**
 * The settings from `get` (VS Code's configuration, or any lookup), values of the wrong type or
 * outside their enum replaced by the default, `${workspaceFolder}` expanded in paths.
 */
export function readSettings(get: (key: string) => unknown, workspaceFolder: string | undefined): SystemSettings {
  const expand = (value: string) => (workspaceFolder === undefined ? value : value.split('${workspaceFolder}').join(workspaceFolder));
  const text = (key: keyof SystemSettings) => {
    const value = get(key);
    return typeof value === 'string' ? expand(value.trim()) : (DEFAULT_SETTINGS[key] as string);
  };
  const backend = get('backend');
  const elevate = get('elevate');
  const searchPath = get('searchPath');
  const env = get('env');
  return {
    backend: typeof backend === 'string' && BACKENDS.includes(backend) ? (backend as Backend | 'auto') : 'auto',
    elevate: typeof elevate === 'string' && (elevate === 'auto' || ELEVATION_METHODS.includes(elevate as ElevationMethod)) ? (elevate as ElevationMethod | 'auto') : 'auto',
    flake: text('flake'),
    searchPath: Array.isArray(searchPath) ? searchPath.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => expand(s.trim())) : [],
    profile: text('profile'),
    specialisation: text('specialisation'),
    targetHost: text('targetHost'),
    buildHost: text('buildHost'),
    installBootloader: get('installBootloader') === true,
    env: env && typeof env === 'object' && !Array.isArray(env)
      ? Object.fromEntries(Object.entries(env as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [k, expand(v)]))
      : {},
  };
}

/** What the plan needs to know of this machine; the CLI sees the same environment. */
export interface MachineFacts {
  uid: number;
  /** The CLI's environment (the editor's, plus the `env` setting). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  which: (program: string) => string | undefined;
  exists: (file: string) => boolean;
  /** /run/systemd/system exists here (switch-to-configuration then runs in systemd-run). */
  runsSystemd: boolean;
  hostname?: string;
}

export interface RollbackTarget {
  generation: number;
  /** e.g. "NixOS 24.11, 2026-11-30". */
  label: string;
}

export interface Plan {
  /** Arguments after `dist/cli.cjs`. */
  args: string[];
  /** Shown as the terminal's name. */
  title: string;
  backend: Backend;
  elevation: Elevation;
  /** The privileged commands, one display line each (empty for builds and listings). */
  privileged: string[];
  /** For the modal: what the command changes, and its button. Undefined: no confirmation. */
  confirmation?: { message: string; detail: string; button: string };
}

/** Stands for the store path the build produces, which is not known before it runs. */
export const BUILT_SYSTEM = '<built system>';
const SENTINEL = '/nix/store/@BUILT@';

/** A command line as a person would type it (POSIX quoting), with the built system's placeholder. */
export function displayArgv(argv: readonly string[]): string {
  return argv.map((a) => shellQuote(a)).join(' ').split(SENTINEL).join(BUILT_SYSTEM);
}

/**
 * The CLI arguments and the confirmation for one editor command. The elevation and the backend
 * are resolved here and passed explicitly (`--elevate sudo`, `--backend direct`), so the CLI
 * cannot pick differently from what the dialog named. The CLI runs in a terminal, so it is
 * interactive (sudo and doas ask there, without `-n`).
 */
export function planCommand(command: SystemCommand, settings: SystemSettings, facts: MachineFacts, rollbackTarget?: RollbackTarget): Plan {
  const backend = command === 'rollback' ? 'direct' : chooseBackend(settings.backend, facts.env, facts.which);
  const chosen = chooseElevation(settings.elevate, { uid: facts.uid, env: facts.env, interactive: true, which: facts.which });
  // An explicit method keeps the CLI from choosing again; askpass is dropped on a terminal
  // (sudo asks there), exactly as the CLI does for an explicit method.
  const elevation = chooseElevation(chosen.method, { uid: facts.uid, env: facts.env, interactive: true, which: facts.which });
  const profileArgs = settings.profile ? ['--profile', settings.profile] : [];
  const hostArgs = settings.targetHost ? ['--target-host', settings.targetHost] : [];
  const profile = resolveProfile(settings.profile || undefined, DEFAULT_PROFILES_DIR, facts.cwd);
  const base = { backend, elevation };
  // On a target host the privileged steps run there, chosen there by the CLI from the setting
  // itself: a local "none" (VS Code running as root) must not become "none" for admin@host.
  const elevateArgs = ['--elevate', settings.targetHost ? settings.elevate : elevation.method];

  if (command === 'generations') {
    return { ...base, args: ['generations', ...profileArgs], title: 'Nix: generations', privileged: [] };
  }
  if (command === 'rollback') {
    const steps = rollbackSteps(profile, settings, elevation, facts, rollbackTarget);
    const to = rollbackTarget ? ['--to', String(rollbackTarget.generation)] : [];
    const where = settings.targetHost ? ` on ${settings.targetHost}` : '';
    return {
      ...base,
      args: ['rollback', ...to, ...profileArgs, ...(settings.specialisation ? ['--specialisation', settings.specialisation] : []), ...hostArgs, ...elevateArgs],
      title: 'Nix: roll back',
      privileged: steps,
      confirmation: {
        message: rollbackTarget
          ? `Roll back${where} to generation ${rollbackTarget.generation} (${rollbackTarget.label}) and activate it?`
          : `Roll back${where} to the newest older generation known to have activated cleanly, and activate it?`,
        detail: confirmationDetail(steps, elevation, facts, settings.targetHost, false),
        button: 'Roll Back',
      },
    };
  }

  const action = command;
  const activates = action === 'switch' || action === 'test' || action === 'boot';
  const args = [
    'rebuild',
    action,
    ...(settings.flake ? ['--flake', settings.flake] : []),
    ...settings.searchPath.flatMap((entry) => ['-I', entry]),
    ...profileArgs,
    ...(settings.specialisation && (action === 'switch' || action === 'test') ? ['--specialisation', settings.specialisation] : []),
    ...hostArgs,
    ...(settings.buildHost ? ['--build-host', settings.buildHost] : []),
    ...elevateArgs,
    '--backend',
    backend,
    ...(settings.installBootloader && (action === 'switch' || action === 'boot') ? ['--install-bootloader'] : []),
  ];
  const titles: Record<string, string> = { 'dry-build': 'Nix: dry-build', build: 'Nix: build', test: 'Nix: test', switch: 'Nix: switch', boot: 'Nix: boot' };
  if (!activates) return { ...base, args, title: titles[action]!, privileged: [] };

  const steps = backend === 'nixos-rebuild'
    ? nixosRebuildSteps(action, settings, elevation, facts, profile)
    : directSteps(action, settings, elevation, facts, profile);
  const where = settings.targetHost ? ` on ${settings.targetHost}` : '';
  const messages: Record<string, [string, string]> = {
    switch: [`Build the configuration and switch to it${where} now (switch)?`, 'Switch'],
    boot: [`Build the configuration and make it the default at the next boot${where} (boot)?`, 'Apply at Boot'],
    test: [`Build the configuration and activate it${where} until the next boot (test)?`, 'Test'],
  };
  const [message, button] = messages[action]!;
  return {
    ...base,
    args,
    title: titles[action]!,
    privileged: steps,
    confirmation: { message, detail: confirmationDetail(steps, elevation, facts, settings.targetHost, backend === 'direct'), button },
  };
}

/** One privileged step: elevated here, or through the remote method on the target host. */
function privileged(argv: readonly string[], env: Record<string, string>, elevation: Elevation, settings: SystemSettings): string {
  if (settings.targetHost) {
    // The CLI's choice for another machine: root@ logs in as root, anyone else uses sudo there;
    // no terminal there to ask on, so sudo/doas run with -n.
    const remote: Elevation = settings.elevate !== 'auto' ? { method: settings.elevate } : { method: /^root@/.test(settings.targetHost) ? 'none' : 'sudo' };
    return `on ${settings.targetHost} over ssh: ${displayArgv(elevatedArgv(remote, argv, env))}`;
  }
  if (elevation.method === 'none') {
    // Already root (or no elevation asked for): the variables go into its environment.
    return displayArgv([...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv]);
  }
  return displayArgv(elevatedArgv(elevation, argv, env));
}

function activationStep(system: string, action: string, settings: SystemSettings, elevation: Elevation, facts: MachineFacts, specialisation: string | undefined): string {
  const env: Record<string, string> = action === 'switch' || action === 'boot' ? { NIXOS_INSTALL_BOOTLOADER: settings.installBootloader ? '1' : '0' } : {};
  const argv = switchToConfigurationCommand(system, action, specialisation);
  if (settings.targetHost) {
    return `${privileged(inSystemdRun(argv, ['LOCALE_ARCHIVE', ...Object.keys(env)]), env, elevation, settings)} (without systemd-run when ${settings.targetHost} does not run systemd)`;
  }
  return privileged(facts.runsSystemd ? inSystemdRun(argv, ['LOCALE_ARCHIVE', ...Object.keys(env)]) : argv, env, elevation, settings);
}

function directSteps(action: 'switch' | 'boot' | 'test', settings: SystemSettings, elevation: Elevation, facts: MachineFacts, profile: string): string[] {
  const steps: string[] = [];
  if (action !== 'test') {
    const folder = path.dirname(profile);
    // Like the CLI: a new system-profiles/NAME folder is created first (checked there for a target host).
    if (settings.targetHost) steps.push(`${privileged(['mkdir', '-p', '-m', '0755', folder], {}, elevation, settings)} (only if it is missing there)`);
    else if (!facts.exists(folder)) steps.push(privileged(['mkdir', '-p', '-m', '0755', folder], {}, elevation, settings));
    steps.push(privileged(setProfileCommand(profile, SENTINEL), {}, elevation, settings));
  }
  const specialisation = action === 'boot' ? undefined : settings.specialisation || undefined;
  steps.push(activationStep(SENTINEL, action, settings, elevation, facts, specialisation));
  return steps;
}

function nixosRebuildSteps(action: 'switch' | 'boot' | 'test', settings: SystemSettings, elevation: Elevation, facts: MachineFacts, profile: string): string[] {
  const source = resolveConfiguration({
    ...(settings.flake ? { flake: settings.flake } : {}),
    includes: settings.searchPath,
    cwd: facts.cwd,
    env: facts.env,
    ...(facts.hostname ? { hostname: facts.hostname } : {}),
  }, facts.exists);
  const program = facts.env.NIX_HUMANITY_NIXOS_REBUILD ?? (facts.which('nixos-rebuild') ? 'nixos-rebuild' : facts.which('nixos-rebuild-ng') ? 'nixos-rebuild-ng' : 'nixos-rebuild');
  const name = profileName(profile);
  const argv = nixosRebuildCommand(program, {
    action,
    source,
    ...(name ? { profileName: name } : {}),
    ...(settings.specialisation && action !== 'boot' ? { specialisation: settings.specialisation } : {}),
    ...(settings.targetHost ? { targetHost: settings.targetHost } : {}),
    ...(settings.buildHost ? { buildHost: settings.buildHost } : {}),
  });
  // With a target host nixos-rebuild runs as you here and activates there as the ssh user.
  if (settings.targetHost) return [`${displayArgv(argv)} (runs as you; it activates on ${settings.targetHost} as the ssh login user)`];
  return [elevation.method === 'none' ? displayArgv(argv) : displayArgv(elevatedArgv(elevation, argv))];
}

function rollbackSteps(profile: string, settings: SystemSettings, elevation: Elevation, facts: MachineFacts, target: RollbackTarget | undefined): string[] {
  const move = target
    ? privileged(switchGenerationCommand(profile, target.generation), {}, elevation, settings)
    : `${privileged(['nix-env', '-p', profile, '--rollback'], {}, elevation, settings)} (or --switch-generation N for an older known-good generation N)`;
  return [move, activationStep(profile, 'switch', { ...settings, installBootloader: false }, elevation, facts, settings.specialisation || undefined)];
}

function confirmationDetail(steps: string[], elevation: Elevation, facts: MachineFacts, targetHost: string, builds: boolean): string {
  const how = targetHost
    ? `These run with root rights on ${targetHost}:`
    : elevation.method === 'none'
      ? facts.uid === 0 ? 'These run as root (VS Code runs as root), without elevation:' : 'These run as you, without elevation (the elevate setting is "none"):'
      : `These run with root rights through ${elevation.method}${elevation.method === 'sudo' || elevation.method === 'doas' ? ', which may ask for your password in the terminal' : ', which asks through polkit'}:`;
  const lines = [how, '', ...steps.map((s, i) => `${i + 1}. ${s}`)];
  if (builds && steps.some((s) => s.includes(BUILT_SYSTEM))) {
    lines.push('', `The build runs first, as you. ${BUILT_SYSTEM} is the store path it produces. None of these run if the build fails, or (switch, test) when that system is already running.`);
  }
  return lines.join('\n');
}

/**
 * What "Roll Back" goes to on this machine, as the CLI decides it: the newest older generation
 * known to have activated cleanly, else the previous one. Undefined when there is none (the CLI
 * then explains why); throws ProfileNotFoundError for a missing profile.
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

function generationLabel(g: Generation): string {
  const day = g.date.toISOString().slice(0, 10);
  return g.nixosVersion ? `NixOS ${g.nixosVersion}, ${day}` : day;
}

// What the editor's system commands ask for and show: the settings read, turned into the plan
// request (the server works the plan out with the code the CLI runs), and the plan turned into
// the confirmation. Pure (no vscode import), so it is unit-tested.
import { BUILT_SYSTEM, type SystemPlan } from '../../server/src/protocol/plan';
import type { SystemPlanParams } from '../../server/src/protocol/messages';
import type { Backend, ElevationMethod } from '../../server/src/protocol/rebuild';

export type SystemCommand = 'dry-build' | 'build' | 'build-vm' | 'test' | 'boot' | 'switch' | 'rollback' | 'generations';

export const SYSTEM_COMMANDS: readonly { command: Exclude<SystemCommand, 'generations'>; id: string; title: string }[] = [
  { command: 'switch', id: 'nixHumanity.system.switch', title: 'Apply Configuration' },
  { command: 'test', id: 'nixHumanity.system.test', title: 'Test Configuration' },
  { command: 'boot', id: 'nixHumanity.system.boot', title: 'Apply at Next Boot' },
  { command: 'build', id: 'nixHumanity.system.build', title: 'Build' },
  { command: 'dry-build', id: 'nixHumanity.system.dryBuild', title: 'Dry Build' },
  { command: 'build-vm', id: 'nixHumanity.system.buildVm', title: 'Build VM' },
  { command: 'rollback', id: 'nixHumanity.system.rollback', title: 'Roll Back' },
];

/** Shown as the terminal's name. */
export const TERMINAL_TITLES: Record<SystemCommand, string> = {
  'dry-build': 'Nix: dry-build',
  build: 'Nix: build',
  'build-vm': 'Nix: build-vm',
  test: 'Nix: test',
  switch: 'Nix: switch',
  boot: 'Nix: boot',
  rollback: 'Nix: roll back',
  generations: 'Nix: generations',
};

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

const BACKENDS: readonly (Backend | 'auto')[] = ['auto', 'direct', 'nixos-rebuild'];
const ELEVATE: readonly (ElevationMethod | 'auto')[] = ['auto', 'none', 'sudo', 'pkexec', 'run0', 'doas'];

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
    backend: BACKENDS.find((b) => b === backend) ?? 'auto',
    elevate: ELEVATE.find((e) => e === elevate) ?? 'auto',
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

/**
 * The plan request for one editor command (all but `generations`). The CLI runs in a terminal,
 * so it is interactive (sudo and doas ask there). A specialisation goes only with switch and
 * test, the boot loader only with switch and boot, where the CLI takes them.
 */
export function planRequest(command: Exclude<SystemCommand, 'generations'>, settings: SystemSettings, cwd: string, interactive = true, to?: number): SystemPlanParams {
  const common = {
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.targetHost ? { targetHost: settings.targetHost } : {}),
    elevate: settings.elevate,
    env: settings.env,
    cwd,
    interactive,
  };
  if (command === 'rollback') {
    return { operation: 'rollback', action: 'switch', ...common, ...(to !== undefined ? { to } : {}), ...(settings.specialisation ? { specialisation: settings.specialisation } : {}) };
  }
  return {
    operation: 'rebuild',
    action: command,
    ...common,
    ...(settings.flake ? { flake: settings.flake } : {}),
    includes: settings.searchPath,
    ...(settings.specialisation && (command === 'switch' || command === 'test') ? { specialisation: settings.specialisation } : {}),
    ...(settings.buildHost ? { buildHost: settings.buildHost } : {}),
    backend: settings.backend,
    installBootloader: settings.installBootloader && (command === 'switch' || command === 'boot'),
  };
}

/** The CLI arguments of `generations`, which changes nothing and needs no plan. */
export function generationsArgs(settings: SystemSettings): string[] {
  return ['generations', ...(settings.profile ? ['--profile', settings.profile] : [])];
}

export interface Confirmation {
  message: string;
  detail: string;
  button: string;
}

/** The modal for a plan that changes the system: what it changes, each command, how it gets root. */
export function confirmation(plan: SystemPlan): Confirmation | undefined {
  const where = plan.targetHost ? ` on ${plan.targetHost}` : '';
  if (plan.operation === 'rollback') {
    return {
      message: plan.rollbackTo
        ? `Roll back${where} to generation ${plan.rollbackTo.generation} (${plan.rollbackTo.label}) and activate it?`
        : `Roll back${where} to the newest older generation known to have activated cleanly, and activate it?`,
      detail: detail(plan, false),
      button: 'Roll Back',
    };
  }
  const messages: Record<string, [string, string]> = {
    switch: [`Build the configuration and switch to it${where} now (switch)?`, 'Switch'],
    boot: [`Build the configuration and make it the default at the next boot${where} (boot)?`, 'Apply at Boot'],
    test: [`Build the configuration and activate it${where} until the next boot (test)?`, 'Test'],
  };
  const asked = messages[plan.action];
  if (!asked) return undefined;
  return { message: asked[0], detail: detail(plan, plan.backend === 'direct'), button: asked[1] };
}

function detail(plan: SystemPlan, builds: boolean): string {
  const method = plan.elevation.method;
  const how = plan.targetHost
    ? `These run with root rights on ${plan.targetHost}:`
    : method === 'none'
      ? plan.runsAsRoot ? 'These run as root (VS Code runs as root), without elevation:' : 'These run as you, without elevation (the elevate setting is "none"):'
      : plan.elevation.askpass
        ? `These run with root rights through sudo -A, which may ask for your password in a box at the top of the window (never stored or logged):`
        : `These run with root rights through ${method}${method === 'sudo' || method === 'doas' ? ', which may ask for your password in the terminal' : ', which asks through polkit'}:`;
  const lines = [how, '', ...plan.steps.map((s, i) => `${i + 1}. ${s.display}`)];
  if (builds && plan.steps.some((s) => s.display.includes(BUILT_SYSTEM))) {
    lines.push('', `The build runs first, as you. ${BUILT_SYSTEM} is the store path it produces. None of these run if the build fails, or (switch, test) when that system is already running.`);
  }
  return lines.join('\n');
}

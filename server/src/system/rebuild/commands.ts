// The argv of every command a rebuild runs, as pure functions of the plan (tested one by one).
import type { ConfigurationSource } from './options';

/** The `nix` command starts at verbosity "notice": `-v` brings it to "info", where Nix announces
 * what it will build (the dry-run count comes from that), as nixos-rebuild and nom use it. */
export const NIX_LOG_ARGS = ['--log-format', 'internal-json', '-v'];
/** nix-build, nix-instantiate and nix-store already start at "info"; `-v` there only adds an
 * "evaluating file" line per file (thousands for a NixOS system), read and thrown away. */
export const LEGACY_LOG_ARGS = ['--log-format', 'internal-json'];
const FLAKE_FEATURES = ['--extra-experimental-features', 'nix-command flakes'];

/** What a rebuild builds: the system, or one of the two virtual machines. */
export type BuildAttribute = 'toplevel' | 'vm' | 'vmWithBootLoader';

/** `nixosConfigurations."HOST".config.system.build.ATTR`, quoting the host like nixos-rebuild does. */
export function flakeAttribute(host: string, attr: BuildAttribute): string {
  return `nixosConfigurations.${JSON.stringify(host)}.config.system.build.${attr}`;
}

function includeArgs(source: ConfigurationSource): string[] {
  const includes = source.kind === 'channels' ? [...source.includes] : [];
  if (source.kind === 'channels' && source.nixosConfig && !includes.some((i) => i.startsWith('nixos-config='))) {
    includes.push(`nixos-config=${source.nixosConfig}`);
  }
  return includes.flatMap((i) => ['-I', i]);
}

/** The `-A` attribute of `<nixpkgs/nixos>` for each build attribute (`system` is the toplevel). */
function channelAttribute(attr: BuildAttribute): string {
  return attr === 'toplevel' ? 'system' : attr;
}

/** Builds the system (or a VM) as the user; `outLink` undefined means a dry run. */
export function buildCommand(source: ConfigurationSource, attr: BuildAttribute, outLink: string | undefined, extraIncludes: readonly string[] = []): string[] {
  const result = outLink === undefined ? ['--dry-run'] : ['--out-link', outLink];
  const extra = extraIncludes.flatMap((i) => ['-I', i]);
  if (source.kind === 'flake') {
    return ['nix', ...FLAKE_FEATURES, 'build', `${source.ref}#${flakeAttribute(source.host, attr)}`, '--json', ...extra, ...NIX_LOG_ARGS, ...result];
  }
  return ['nix-build', '<nixpkgs/nixos>', '-A', channelAttribute(attr), ...includeArgs(source), ...LEGACY_LOG_ARGS, ...result];
}

/** Evaluates to the .drv path only (for building elsewhere). */
export function instantiateCommand(source: ConfigurationSource, attr: BuildAttribute, extraIncludes: readonly string[] = []): string[] {
  const extra = extraIncludes.flatMap((i) => ['-I', i]);
  if (source.kind === 'flake') {
    return ['nix', ...FLAKE_FEATURES, 'eval', '--raw', `${source.ref}#${flakeAttribute(source.host, attr)}.drvPath`, ...extra, ...NIX_LOG_ARGS];
  }
  return ['nix-instantiate', '<nixpkgs/nixos>', '-A', channelAttribute(attr), ...includeArgs(source), ...LEGACY_LOG_ARGS];
}

/**
 * Evaluates the output path only, without building: the store path a finished build produced,
 * when the tool that built it did not print it. Prints it on stdout (a quoted string for
 * nix-instantiate, raw for nix eval).
 */
export function outPathCommand(source: ConfigurationSource, attr: BuildAttribute, extraIncludes: readonly string[] = []): string[] {
  const extra = extraIncludes.flatMap((i) => ['-I', i]);
  if (source.kind === 'flake') {
    return ['nix', ...FLAKE_FEATURES, 'eval', '--raw', `${source.ref}#${flakeAttribute(source.host, attr)}.outPath`, ...extra];
  }
  return ['nix-instantiate', '--eval', '<nixpkgs/nixos>', '-A', `${channelAttribute(attr)}.outPath`, ...includeArgs(source)];
}

export function realiseCommand(drv: string): string[] {
  return ['nix-store', '--realise', drv, ...LEGACY_LOG_ARGS];
}

export function addRootCommand(storePath: string, link: string): string[] {
  return ['nix-store', '--realise', storePath, '--add-root', link, '--indirect'];
}

export function setProfileCommand(profile: string, storePath: string): string[] {
  return ['nix-env', '-p', profile, '--set', storePath];
}

export function rollbackProfileCommand(profile: string): string[] {
  return ['nix-env', '-p', profile, '--rollback'];
}

export function switchGenerationCommand(profile: string, generation: number): string[] {
  return ['nix-env', '-p', profile, '--switch-generation', String(generation)];
}

export function switchToConfigurationCommand(system: string, action: string, specialisation?: string): string[] {
  const root = specialisation ? `${system}/specialisation/${specialisation}` : system;
  return [`${root}/bin/switch-to-configuration`, action];
}

/**
 * switch-to-configuration as nixos-rebuild runs it on systemd machines: in its own transient
 * service, so stopping the user's session (a display manager restart, say) cannot kill it half
 * way. `--pipe` keeps its output ours and its exit status (4 included) comes back.
 */
export function inSystemdRun(argv: readonly string[], variables: readonly string[]): string[] {
  return [
    'systemd-run',
    ...variables.flatMap((v) => ['-E', v]),
    '--collect',
    '--no-ask-password',
    '--pipe',
    '--quiet',
    '--service-type=exec',
    '--unit=nixos-rebuild-switch-to-configuration',
    ...argv,
  ];
}

export function copyClosureCommand(direction: 'to' | 'from', host: string, storePath: string): string[] {
  return ['nix-copy-closure', `--${direction}`, host, storePath];
}

/** NIX_SSHOPTS for nix-copy-closure: Nix splits it on spaces, so an option may not hold one. */
export function nixSshOpts(sshOptions: readonly string[]): string | undefined {
  if (sshOptions.some((o) => /\s/.test(o))) {
    throw new Error(`An ssh option holds a space (${sshOptions.find((o) => /\s/.test(o))}), which NIX_SSHOPTS cannot carry. Put it in ~/.ssh/config instead.`);
  }
  return sshOptions.length > 0 ? sshOptions.join(' ') : undefined;
}

/**
 * Runs `argv` on `host` over ssh. ssh hands the remote shell one string, so every argument is
 * quoted for a POSIX shell: the remote side sees exactly these arguments, never a shell expression.
 */
export function sshCommand(host: string, sshOptions: readonly string[], argv: readonly string[], batch = true): string[] {
  return ['ssh', ...(batch ? ['-o', 'BatchMode=yes'] : []), ...sshOptions, host, '--', argv.map(shellQuote).join(' ')];
}

export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The nixos-rebuild backend's argv for the same request. */
export function nixosRebuildCommand(program: string, request: {
  action: string;
  source: ConfigurationSource;
  profileName?: string;
  specialisation?: string;
  targetHost?: string;
  buildHost?: string;
  rollback?: boolean;
  upgrade?: 'nixos' | 'all';
}): string[] {
  const { source } = request;
  return [
    program,
    request.action,
    ...(source.kind === 'flake' ? ['--flake', `${source.ref}#${source.host}`] : includeArgs(source)),
    ...(request.rollback ? ['--rollback'] : []),
    ...(request.upgrade ? [request.upgrade === 'all' ? '--upgrade-all' : '--upgrade'] : []),
    ...(request.profileName ? ['--profile-name', request.profileName] : []),
    ...(request.specialisation ? ['--specialisation', request.specialisation] : []),
    ...(request.targetHost ? ['--target-host', request.targetHost] : []),
    ...(request.buildHost ? ['--build-host', request.buildHost] : []),
    ...NIX_LOG_ARGS,
  ];
}

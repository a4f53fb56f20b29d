// What a rebuild or rollback is asked to do, and the decisions made from it before anything runs:
// which configuration (flake or channels), which profile, which backend.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Backend, ElevationMethod, RebuildAction, RollbackAction } from '../../protocol/rebuild';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';

export const REBUILD_ACTIONS: readonly RebuildAction[] = ['dry-build', 'build', 'test', 'boot', 'switch', 'dry-activate', 'build-vm', 'build-vm-with-bootloader'];
export const ROLLBACK_ACTIONS: readonly RollbackAction[] = ['switch', 'boot', 'test'];
export const DEFAULT_PROFILES_DIR = '/nix/var/nix/profiles';
export const DEFAULT_CURRENT_SYSTEM = '/run/current-system';
export const DEFAULT_CONFIG_DIR = '/etc/nixos';

interface CommonOptions {
  /** The system profile: a path, or `system-profiles/NAME` (default: PROFILES_DIR/system). */
  profile?: string;
  specialisation?: string;
  /** Deploy to this machine over ssh (`user@host`). */
  targetHost?: string;
  /** Extra ssh arguments, e.g. ['-p', '2222', '-i', KEY]; also given to nix-copy-closure through NIX_SSHOPTS. */
  sshOptions?: string[];
  elevate?: ElevationMethod | 'auto';
  /** Where the operation log and the known-good records live (default: NIX_HUMANITY_STATE_DIR / XDG_STATE_HOME). */
  stateDir?: string;
  /** Where the per-profile lock files live (default /tmp, lock.ts; tests only: every process must agree on it). */
  lockDir?: string;
  /** The running system's link (default /run/current-system); injectable for tests. */
  currentSystem?: string;
  /** Base of `system` and `system-profiles/NAME` (default /nix/var/nix/profiles). */
  profilesDir?: string;
  /** NIXOS_INSTALL_BOOTLOADER=1 for switch/boot. */
  installBootloader?: boolean;
  /** Run switch-to-configuration in a transient systemd service, like nixos-rebuild (default:
   * when the machine activating runs systemd, i.e. /run/systemd/system exists there: checked
   * here, or on the target host over ssh). */
  systemdRun?: boolean;
  /** The folder /run/systemd/system is looked for under, here and on the target (tests; default /). */
  systemdRoot?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** A person at a terminal can answer a password prompt. */
  interactive?: boolean;
  /** The effective uid (injectable for tests of elevation choice). */
  uid?: number;
  /** NixOS knowledge for the build errors' fixes (the nearest real package, ...). */
  nixos?: NixosIndex;
  /** Background work (a build ahead): every step runs at the lowest CPU priority. */
  lowPriority?: boolean;
}

export interface RebuildOptions extends CommonOptions {
  action: RebuildAction;
  /** A flake reference `REF[#HOST]`; a path is resolved against cwd. */
  flake?: string;
  /** Folder with configuration.nix or flake.nix; flake mode when it holds flake.nix (default /etc/nixos). */
  configDir?: string;
  /** `-I` entries: `NAME=PATH` or `PATH`. */
  includes?: string[];
  /** Build on this machine over ssh. */
  buildHost?: string;
  backend?: Backend | 'auto';
  /** The host name for `#HOST` when the flake reference has none (default: this machine's). */
  hostname?: string;
  /** Keep a `result` link here (build, build-vm, build-vm-with-bootloader); a temporary one otherwise. */
  outLink?: string;
  /** The nixos-rebuild program for that backend (default: nixos-rebuild on PATH). */
  nixosRebuild?: string;
  /** `--upgrade`: update the `nixos` channel (and ones marked `.update-on-nixos-rebuild`) first;
   * `--upgrade-all`: every channel. Channels mode only; a flake ignores it with a warning. */
  upgrade?: 'nixos' | 'all';
  /** The channels profile --upgrade updates (default root's, /nix/var/nix/profiles/per-user/root/channels). */
  channelsDir?: string;
}

export interface RollbackOptions extends CommonOptions {
  action: RollbackAction;
  /** Switch to this generation instead of the previous one. */
  to?: number;
}

export type ConfigurationSource =
  | { kind: 'flake'; /** the reference without `#HOST` */ ref: string; host: string; /** the local folder, for a path reference */ dir?: string }
  | { kind: 'channels'; /** nixos-config, when known */ nixosConfig?: string; includes: string[] };

/** Flake or channels, from the options, NIXOS_CONFIG and the configuration folder. */
export function resolveConfiguration(options: Pick<RebuildOptions, 'flake' | 'configDir' | 'includes' | 'hostname' | 'cwd' | 'env'>, exists: (file: string) => boolean = fs.existsSync): ConfigurationSource {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const includes = options.includes ?? [];
  const hostname = options.hostname ?? os.hostname();
  if (options.flake !== undefined) return flakeSource(options.flake, hostname, cwd);
  const explicit = includes.find((i) => i.startsWith('nixos-config='));
  if (explicit) return { kind: 'channels', nixosConfig: path.resolve(cwd, explicit.slice('nixos-config='.length)), includes };
  const configDir = options.configDir === undefined ? undefined : path.resolve(cwd, options.configDir);
  if (configDir === undefined && env.NIXOS_CONFIG) return { kind: 'channels', nixosConfig: path.resolve(cwd, env.NIXOS_CONFIG), includes };
  const dir = configDir ?? DEFAULT_CONFIG_DIR;
  if (exists(path.join(dir, 'flake.nix'))) return flakeSource(dir, hostname, cwd);
  // An explicit folder means its configuration.nix; the default leaves <nixos-config> to NIX_PATH.
  return configDir !== undefined
    ? { kind: 'channels', nixosConfig: path.join(configDir, 'configuration.nix'), includes }
    : { kind: 'channels', includes };
}

function flakeSource(reference: string, hostname: string, cwd: string): ConfigurationSource {
  const hash = reference.indexOf('#');
  const ref = hash === -1 ? reference : reference.slice(0, hash);
  const host = hash === -1 || hash === reference.length - 1 ? hostname : reference.slice(hash + 1);
  // A reference without a scheme is a path (`.`, `/etc/nixos`, `~/nixos`).
  if (!/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    const dir = path.resolve(cwd, ref || '.');
    return { kind: 'flake', ref: dir, host, dir };
  }
  const local = /^(?:path|git\+file):(?:\/\/)?(\/[^?#]*)/.exec(ref);
  return { kind: 'flake', ref, host, ...(local ? { dir: local[1] } : {}) };
}

/** `system-profiles/NAME` and bare names live under the profiles folder; anything else is a path. */
export function resolveProfile(profile: string | undefined, profilesDir = DEFAULT_PROFILES_DIR, cwd = process.cwd()): string {
  if (profile === undefined || profile === '' || profile === 'system') return path.join(profilesDir, 'system');
  if (/^system-profiles\/[^/]+$/.test(profile)) return path.join(profilesDir, profile);
  return path.resolve(cwd, profile);
}

/** The name nixos-rebuild's --profile-name takes, when the profile is one of its named profiles. */
export function profileName(profile: string, profilesDir = DEFAULT_PROFILES_DIR): string | undefined | null {
  if (profile === path.join(profilesDir, 'system')) return undefined;
  const named = path.join(profilesDir, 'system-profiles');
  if (path.dirname(profile) === named) return path.basename(profile);
  return null;
}

/**
 * `auto` (or unset) reads NIX_HUMANITY_BACKEND, then prefers the direct backend when Nix is
 * installed (structured progress, errors on the right line), else an installed nixos-rebuild.
 */
export function chooseBackend(requested: Backend | 'auto' | undefined, env: NodeJS.ProcessEnv, which: (program: string) => string | undefined): Backend {
  const fromEnv = env.NIX_HUMANITY_BACKEND;
  const wanted = requested && requested !== 'auto' ? requested : fromEnv === 'direct' || fromEnv === 'nixos-rebuild' ? fromEnv : 'auto';
  if (wanted !== 'auto') return wanted;
  if (which('nix-build') || which('nix')) return 'direct';
  if (which('nixos-rebuild') || which('nixos-rebuild-ng')) return 'nixos-rebuild';
  return 'direct';
}

/** Switch and test make the system run the result; the others do not look at the running system. */
export function activates(action: RebuildAction | RollbackAction): boolean {
  return action === 'switch' || action === 'test';
}

export function setsProfile(action: RebuildAction | RollbackAction): boolean {
  return action === 'switch' || action === 'boot';
}

/** build-vm and build-vm-with-bootloader: a virtual machine of the configuration, nothing activated. */
export function buildsVm(action: RebuildAction | RollbackAction): boolean {
  return action === 'build-vm' || action === 'build-vm-with-bootloader';
}

export function runsSwitchScript(action: RebuildAction | RollbackAction): boolean {
  return action === 'switch' || action === 'boot' || action === 'test' || action === 'dry-activate';
}

/**
 * A `--target-host` / `--build-host` value is `[user@]host`: a host name, an IPv4 address, or an
 * IPv6 one (bare or in brackets), with an optional login name. Anything else is refused before it
 * reaches ssh or Nix, above all a value starting with `-`, which they would read as an option.
 * Returns the problem, or undefined when the value is fine (or absent).
 */
export function checkHost(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const user = '(?:[A-Za-z0-9_][A-Za-z0-9_.+-]*\\$?@)?';
  const name = '[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?';
  const ipv6 = '[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?';
  const plausible = new RegExp(`^${user}(?:${name}|${ipv6}|\\[${ipv6}\\])$`);
  if (value.length <= 255 && plausible.test(value)) return undefined;
  const why = value === '' ? 'it is empty' : value.startsWith('-') ? 'it starts with -, so ssh and Nix would read it as an option' : 'it is not [user@]host';
  return `${flag} '${value}' is refused: ${why}. Give a host name or address, optionally with a login name: ${flag} admin@web.example.org.`;
}

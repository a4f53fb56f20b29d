// How the two privileged steps (nix-env --set/--rollback and switch-to-configuration) get root.
// Everything else, builds included, runs as the user. Passwords never pass through us: sudo asks
// on the terminal or through SUDO_ASKPASS, pkexec and run0 through polkit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Elevation } from '../../protocol/plan';
import type { ElevationMethod } from '../../protocol/rebuild';


export const ELEVATION_METHODS: readonly ElevationMethod[] = ['none', 'sudo', 'pkexec', 'run0', 'doas'];

/**
 * The argv that runs `argv` with root rights. `env` holds variables the command needs (for
 * example NIXOS_INSTALL_BOOTLOADER); every method but `none` resets the environment, so they
 * travel through `env NAME=VALUE`. Never holds a secret.
 */
export function elevatedArgv(elevation: Elevation, argv: readonly string[], env: Readonly<Record<string, string>> = {}): string[] {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const withEnv = (prefix: string[]) => (assignments.length > 0 ? [...prefix, 'env', ...assignments, ...argv] : [...prefix, ...argv]);
  switch (elevation.method) {
    case 'none':
      return assignments.length > 0 ? ['env', ...assignments, ...argv] : [...argv];
    case 'sudo':
      return withEnv(['sudo', elevation.askpass ? '-A' : elevation.interactive ? '' : '-n', '--'].filter(Boolean));
    case 'doas':
      return withEnv(elevation.interactive ? ['doas', '--'] : ['doas', '-n', '--']);
    case 'pkexec':
      // pkexec wants an absolute program; `env` from /usr/bin is, and it finds the rest on root's PATH.
      return [...(assignments.length > 0 ? ['pkexec', '/usr/bin/env', ...assignments] : ['pkexec', '/usr/bin/env']), ...argv];
    case 'run0':
      return [...(elevation.interactive ? ['run0'] : ['run0', '--no-ask-password']), ...Object.entries(env).map(([k, v]) => `--setenv=${k}=${v}`), '--', ...argv];
  }
}

export interface ElevationContext {
  /** The effective user id (0 = root). */
  uid: number;
  env: NodeJS.ProcessEnv;
  /** True when a person is at a terminal that can answer a password prompt. */
  interactive: boolean;
  /** Finds a program on PATH; injectable for tests. */
  which?: (program: string) => string | undefined;
}

/**
 * Picks a method when the user said `auto`: none for root; sudo with askpass when SUDO_ASKPASS is
 * set; otherwise the first of sudo, doas, run0, pkexec that is installed.
 */
export function chooseElevation(requested: ElevationMethod | 'auto', ctx: ElevationContext): Elevation {
  const which = ctx.which ?? ((p: string) => findOnPath(p, ctx.env.PATH));
  if (requested !== 'auto') {
    return { method: requested, ...(requested === 'sudo' && ctx.env.SUDO_ASKPASS && !ctx.interactive ? { askpass: true } : {}), interactive: ctx.interactive };
  }
  if (ctx.uid === 0) return { method: 'none' };
  if (ctx.env.SUDO_ASKPASS && which('sudo')) return { method: 'sudo', askpass: true, interactive: ctx.interactive };
  for (const method of ['sudo', 'doas', 'run0', 'pkexec'] as const) {
    if (which(method)) return { method, interactive: ctx.interactive };
  }
  return { method: 'sudo', interactive: ctx.interactive };
}

export function findOnPath(program: string, PATH: string | undefined): string | undefined {
  for (const dir of (PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What to tell a person when an elevated step was refused, per method. */
export function elevationHint(elevation: Elevation): string {
  switch (elevation.method) {
    case 'sudo':
      return elevation.askpass
        ? 'sudo could not get a password through SUDO_ASKPASS. Check that SUDO_ASKPASS names a working askpass program.'
        : elevation.interactive
          ? 'sudo refused. Check that your user may run nix-env and switch-to-configuration with sudo.'
          : 'sudo needs a password and there is no terminal to ask on. Run the command in a terminal, set SUDO_ASKPASS to an askpass program, or choose --elevate pkexec.';
    case 'doas':
      return 'doas refused. Check /etc/doas.conf, or run the command in a terminal.';
    case 'pkexec':
      return 'pkexec refused (the polkit dialog was dismissed or no polkit agent is running).';
    case 'run0':
      return 'run0 refused (polkit did not authorise it).';
    case 'none':
      return 'The command needs root. Run as root, or choose an --elevate method such as sudo.';
  }
}

// Shared by the runner tests: the stand-in NixOS, a temporary "machine" (profiles, state, the
// running-system link, an activation log) and configurations written per test, so every test
// builds its own real system with real Nix.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RebuildEvent, ResultEvent } from '../../../server/src/protocol/rebuild';
import type { RebuildOptions } from '../../../server/src/system/rebuild/options';
import { requireTool } from '../../support/tools';

export const STANDIN = path.resolve(import.meta.dirname, '../../../test-fixtures/nixos-standin');
export const NIXPKGS = path.join(STANDIN, 'nixpkgs');
export const BASIC = path.join(STANDIN, 'configurations', 'basic', 'configuration.nix');

/** No daemon, no network, no nixbld group: what real Nix needs to build here as root. */
export const NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes';
export const NIX_ENV: NodeJS.ProcessEnv = { ...process.env, NIX_CONFIG };

const SETUP_HINT = "Run 'npm run setup:system' to install Nix, git and OpenSSH for the tests.";

export function requireNix(): void {
  for (const tool of ['nix-build', 'nix-env', 'nix', 'nix-store', 'git']) {
    try {
      requireTool(tool);
    } catch (error) {
      throw new Error(`${(error as Error).message} ${SETUP_HINT}`);
    }
  }
}

export function nixSystem(): string {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  return `${arch}-${process.platform}`;
}

/** A throwaway machine: profiles, state folder, the running-system link and an activation log. */
export class Machine {
  readonly dir: string;
  readonly profile: string;
  readonly stateDir: string;
  readonly currentSystem: string;
  readonly activationLog: string;
  private counter = 0;

  constructor(name: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `nh-${name}-`));
    fs.mkdirSync(path.join(this.dir, 'profiles'));
    this.profile = path.join(this.dir, 'profiles', 'system');
    this.stateDir = path.join(this.dir, 'state');
    this.currentSystem = path.join(this.dir, 'current-system');
    this.activationLog = path.join(this.dir, 'activations.log');
  }

  /** A unique marker: part of each configuration, so every test builds a fresh system. */
  marker(): string {
    return `nh-marker-${path.basename(this.dir)}-${++this.counter}`;
  }

  /**
   * Writes a configuration importing the stand-in's basic one, plus stand-in knobs, and returns
   * its path. `body` is extra Nix attribute definitions.
   */
  config(body = '', options: { exitCode?: number; failedUnits?: string[]; buildSeconds?: number; marker?: string; file?: string } = {}): string {
    const file = options.file ?? path.join(this.dir, `configuration-${++this.counter}.nix`);
    const lines = [
      '{ config, pkgs, lib, ... }:',
      '{',
      `  imports = [ ${BASIC} ];`,
      `  standin.activationLog = "${this.activationLog}";`,
      `  standin.marker = "${options.marker ?? this.marker()}";`,
      ...(options.exitCode !== undefined ? [`  standin.activationExitCode = ${options.exitCode};`] : []),
      ...(options.failedUnits ? [`  standin.failedUnits = [ ${options.failedUnits.map((u) => JSON.stringify(u)).join(' ')} ];`] : []),
      ...(options.buildSeconds ? [`  standin.buildSeconds = ${options.buildSeconds};`] : []),
      ...(body ? [body] : []),
      '}',
      '',
    ];
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  }

  /** Options for a channels build of `configFile` on this machine, no elevation. */
  channels(action: RebuildOptions['action'], configFile: string, extra: Partial<RebuildOptions> = {}): RebuildOptions {
    return {
      action,
      includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${configFile}`],
      profile: this.profile,
      stateDir: this.stateDir,
      currentSystem: this.currentSystem,
      elevate: 'none',
      backend: 'direct',
      env: NIX_ENV,
      cwd: this.dir,
      ...extra,
    };
  }

  /** The activation log: one `ACTION SYSTEM NIXOS_INSTALL_BOOTLOADER` per switch-to-configuration call. */
  activations(): string[][] {
    try {
      return fs.readFileSync(this.activationLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(' '));
    } catch {
      return [];
    }
  }

  /** Pretends the machine runs `storePath`. */
  setRunning(storePath: string): void {
    fs.rmSync(this.currentSystem, { force: true });
    fs.symlinkSync(storePath, this.currentSystem);
  }

  profileTarget(): string | undefined {
    try {
      return fs.realpathSync(this.profile);
    } catch {
      return undefined;
    }
  }

  generationLinks(): string[] {
    return fs.readdirSync(path.dirname(this.profile)).filter((f) => /^system-\d+-link$/.test(f)).sort();
  }

  /** Copies the stand-in flake (with its nixpkgs) into a fresh git repository. */
  flake(localNix = '{ }'): string {
    const dir = path.join(this.dir, `flake-${++this.counter}`);
    fs.cpSync(path.join(STANDIN, 'flake'), dir, { recursive: true });
    fs.cpSync(NIXPKGS, path.join(dir, 'nixpkgs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'system.nix'), JSON.stringify(nixSystem()) + '\n');
    fs.writeFileSync(path.join(dir, 'local.nix'), localNix + '\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    return dir;
  }

  /** local.nix for the flake: the same knobs as config(). */
  flakeLocal(options: { exitCode?: number } = {}): string {
    return `{ standin.activationLog = "${this.activationLog}"; standin.marker = "${this.marker()}";${options.exitCode !== undefined ? ` standin.activationExitCode = ${options.exitCode};` : ''} }`;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Collects the events of one operation. */
export function collector(): { events: RebuildEvent[]; sink: (e: RebuildEvent) => void; of<T extends RebuildEvent['type']>(type: T): Extract<RebuildEvent, { type: T }>[] } {
  const events: RebuildEvent[] = [];
  return {
    events,
    sink: (e) => events.push(e),
    of: <T extends RebuildEvent['type']>(type: T) => events.filter((e): e is Extract<RebuildEvent, { type: T }> => e.type === type),
  };
}

export function assertOk(result: ResultEvent): void {
  assert.equal(result.ok, true, `expected success, got ${result.outcome}: ${result.message}`);
}

/** Processes whose command line holds `marker` (pgrep -f), other than the pgrep itself. */
export function processesWith(marker: string): string[] {
  const r = spawnSync('pgrep', ['-af', marker], { encoding: 'utf8' });
  if (r.error) throw new Error(`pgrep is missing (${r.error.message}). ${SETUP_HINT}`);
  return r.stdout.split('\n').filter((l) => l.trim() && !/pgrep/.test(l));
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

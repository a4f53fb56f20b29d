// `--upgrade` / `--upgrade-all` in channels mode: before building, `nix-channel --update` the
// channels the system is built from, as nixos-rebuild does. System channels live in root's
// channels profile, so updating them is a root step (through the elevation method); a channels
// folder that belongs to the user is updated as the user.
import { describeExit } from '../exec';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlanStep } from '../../protocol/plan';
import { StepFailure, type Session } from './session';

/** Root's channels profile: where `<nixpkgs>` comes from on NixOS. */
export const DEFAULT_CHANNELS_DIR = '/nix/var/nix/profiles/per-user/root/channels';
/** A channel holding this file is updated by a plain --upgrade too (nixos-rebuild's convention). */
export const UPDATE_MARKER = '.update-on-nixos-rebuild';

export type UpgradeMode = 'nixos' | 'all';

export interface ChannelListing {
  /** Channel names in the channels profile (its entries, minus Nix's own `manifest.nix`). */
  names: string[];
  /** Names of the channels holding the marker file. */
  marked: string[];
}

/** Reads the channels profile; undefined when there is none (no channels at all). */
export function readChannels(dir: string): ChannelListing | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  // Channel entries are links into the store; manifest.nix is the profile's own bookkeeping.
  const names = entries.filter((e) => e.name !== 'manifest.nix' && !e.name.startsWith('.')).map((e) => e.name).sort();
  const marked = names.filter((name) => fs.existsSync(path.join(dir, name, UPDATE_MARKER)));
  return { names, marked };
}

/** nixos-rebuild's choice: `nixos`, the marked ones, or every channel with --upgrade-all. */
export function channelsToUpdate(listing: ChannelListing, mode: UpgradeMode): string[] {
  if (mode === 'all') return [...listing.names];
  return listing.names.filter((name) => name === 'nixos' || listing.marked.includes(name));
}

/** One nix-channel call per channel, in order, like nixos-rebuild (a failure names its channel). */
export function channelUpdateCommand(name: string): string[] {
  return ['nix-channel', '--update', name];
}

/**
 * Root's channels need root: the channels folder (the profile link, not what it points at)
 * belongs to root and we are not root. `lstat` of the folder itself, since the profile is a
 * link into a root-owned profiles folder.
 */
export function channelsNeedRoot(dir: string, uid: number, lstat: (file: string) => { uid: number } = fs.lstatSync): boolean {
  if (uid === 0) return false;
  try {
    return lstat(dir).uid !== uid;
  } catch {
    return true;
  }
}

export interface UpgradeRequest {
  mode: UpgradeMode;
  dir: string;
  /** The planned `update-channel` steps (plan.ts), in order: root or not decided there. */
  steps: PlanStep[];
}

/**
 * Runs the channel updates, telling first what will run (the exact command, elevation
 * included). Throws StepFailure when an update fails: the build would otherwise silently use
 * the old channel, which is not what --upgrade asked for.
 */
export async function upgradeChannels(session: Session, request: UpgradeRequest): Promise<void> {
  const { steps } = request;
  const names = steps.map((step) => step.argv[step.argv.length - 1]!);
  if (steps.length === 0) {
    const listing = readChannels(request.dir);
    session.emit({
      type: 'log',
      source: 'command',
      level: 'warning',
      text: listing
        ? `--upgrade: no channel to update in ${request.dir} (it has ${listing.names.join(', ') || 'none'}; --upgrade-all updates every one).`
        : `--upgrade: there are no channels at ${request.dir}; nothing was updated.`,
    });
    return;
  }
  const asRoot = steps.some((step) => step.root);
  // "as root" only when a method really gets root (--elevate none runs it as it is).
  const rooted = asRoot && session.config.elevation.method !== 'none';
  session.phase('updating', `Updating ${names.length === 1 ? 'the channel' : 'the channels'} ${names.join(', ')}${rooted ? ' as root' : ''}: ${steps.map((step) => step.display).join('; ')}.`);
  for (const [i, step] of steps.entries()) {
    session.checkCancelled('while updating the channels; nothing was built');
    const { result, lines } = step.root
      ? await session.runPrivileged(step.argv, step.env, undefined, 'command')
      : await session.runPlain(step.argv);
    if (result.exitCode !== 0) {
      const last = [...lines].reverse().find((l) => l.trim() !== '')?.trim();
      throw new StepFailure(`Updating the channel '${names[i]}' failed (nix-channel ${describeExit(result)})${last ? `: ${last}` : ''}. Nothing was built; check the channel's URL with 'nix-channel --list'${step.root ? ' (as root)' : ''}.`, result.exitCode);
    }
  }
}

// Lists the generations of a NixOS system profile by reading the profile folder directly.
// `nix-env --list-generations` costs a process start and a database open; the folder already
// holds everything: `NAME-N-link` symlinks, `NAME` pointing at the current one, and each
// generation's store path with `nixos-version`, `kernel-modules`, `specialisation/`.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Generation {
  generation: number;
  /** The generation link, e.g. /nix/var/nix/profiles/system-42-link. */
  path: string;
  /** Where the link points: the system's store path. */
  storePath: string;
  /** The link's own mtime (lstat), which is what Nix shows as the generation's date. */
  date: Date;
  nixosVersion?: string;
  kernelVersion?: string;
  /** Names of the specialisations built into this generation. */
  specialisations: string[];
  configurationRevision?: string;
  current: boolean;
}

export const DEFAULT_SYSTEM_PROFILE = '/nix/var/nix/profiles/system';

/** The profile does not exist: neither the profile link nor any generation link. */
export class ProfileNotFoundError extends Error {
  constructor(readonly profile: string) {
    super(`There is no profile at ${profile}. Check the path, or build and switch to a configuration first to create it.`);
  }
}

/** Generations of `profile` (the profile link, e.g. /nix/var/nix/profiles/system), oldest first. */
export function listGenerations(profile: string): Generation[] {
  const dir = path.dirname(profile);
  const base = path.basename(profile);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    throw new ProfileNotFoundError(profile);
  }
  const currentNumber = currentGenerationNumber(profile, base);
  // Nix names generation links `${profileName}-${N}-link`.
  const prefix = `${base}-`;
  const generations: Generation[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('-link')) continue;
    const digits = entry.slice(prefix.length, -'-link'.length);
    if (!/^\d+$/.test(digits)) continue;
    const generation = readGeneration(path.join(dir, entry), Number(digits), currentNumber);
    if (generation) generations.push(generation);
  }
  if (generations.length === 0 && currentNumber === undefined && !exists(profile)) {
    throw new ProfileNotFoundError(profile);
  }
  if (currentNumber === undefined) markCurrentByTarget(profile, generations);
  return generations.sort((a, b) => a.generation - b.generation);
}

/** A profile link pointing straight at a store path: the newest generation with that path is current. */
function markCurrentByTarget(profile: string, generations: Generation[]): void {
  let target: string;
  try {
    target = path.resolve(path.dirname(profile), fs.readlinkSync(profile));
  } catch {
    return;
  }
  const match = generations.filter((g) => g.storePath === target).sort((a, b) => b.generation - a.generation)[0];
  if (match) match.current = true;
}

/** The generation number the profile link points at, or undefined. */
export function currentGenerationNumber(profile: string, base = path.basename(profile)): number | undefined {
  let target: string;
  try {
    target = fs.readlinkSync(profile);
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${escapeRegExp(base)}-(\\d+)-link$`).exec(path.basename(target));
  return match ? Number(match[1]) : undefined;
}

function readGeneration(link: string, generation: number, currentNumber: number | undefined): Generation | undefined {
  let stat: fs.Stats;
  let target: string;
  try {
    stat = fs.lstatSync(link);
    target = fs.readlinkSync(link);
  } catch {
    return undefined; // removed while we were reading: not a generation any more
  }
  const storePath = path.resolve(path.dirname(link), target);
  const info = systemInfo(storePath);
  return { generation, path: link, storePath, date: stat.mtime, ...info, specialisations: [...info.specialisations], current: generation === currentNumber };
}

type SystemInfo = Pick<Generation, 'nixosVersion' | 'kernelVersion' | 'configurationRevision' | 'specialisations'>;

// Store paths never change, so what was read from one stays true: a listing repeated by the
// editor (or hundreds of generations sharing a system) reads each store path once.
const infoCache = new Map<string, SystemInfo>();

/** Forgets what was read from store paths (for benchmarks measuring a cold listing). */
export function clearGenerationCache(): void {
  infoCache.clear();
}

function systemInfo(storePath: string): SystemInfo {
  const cached = infoCache.get(storePath);
  if (cached) return cached;
  // One readdir tells which files exist, so missing ones cost no failed open (and no exception).
  const entries = new Set(readDir(storePath));
  const info: SystemInfo = {
    specialisations: entries.has('specialisation') ? readDir(path.join(storePath, 'specialisation')).sort() : [],
  };
  const nixosVersion = entries.has('nixos-version') ? readTrimmed(path.join(storePath, 'nixos-version')) : undefined;
  if (nixosVersion) info.nixosVersion = nixosVersion;
  const kernelVersion = entries.has('kernel-modules') || entries.has('kernel') ? kernelVersionOf(storePath) : undefined;
  if (kernelVersion) info.kernelVersion = kernelVersion;
  const revision = entries.has('configuration-revision') ? readTrimmed(path.join(storePath, 'configuration-revision')) : undefined;
  if (revision) info.configurationRevision = revision;
  // Only cache what is really in the store: a temp folder used as a "store path" may change.
  if (entries.size > 0 && storePath.startsWith('/nix/store/')) infoCache.set(storePath, info);
  return info;
}

function kernelVersionOf(storePath: string): string | undefined {
  const modules = readDir(path.join(storePath, 'kernel-modules', 'lib', 'modules')).sort();
  if (modules.length > 0) return modules[0];
  // No modules folder: the kernel link points at /nix/store/HASH-linux-6.1.0/bzImage.
  try {
    const kernel = fs.readlinkSync(path.join(storePath, 'kernel'));
    const storeName = kernel.split('/').find((part) => /^[0-9a-z]{32}-/.test(part));
    const match = storeName ? /^[0-9a-z]{32}-linux-(\d[^/]*)$/.exec(storeName) : null;
    return match?.[1];
  } catch {
    return undefined;
  }
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Remembers how each generation's activation went, so "roll back" can aim at the newest
// generation known to have activated cleanly rather than blindly at current-1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ActivationOutcome } from '../protocol/rebuild';
import type { Generation } from './generations';
import { writeFileWhole } from './wholeFile';


interface ActivationRecord {
  outcome: ActivationOutcome;
  /** ISO time of the activation. */
  at: string;
  /** Generation numbers can be reused after deletions; the store path tells them apart. */
  storePath?: string;
}

interface StateFile {
  version: 1;
  /** profile key (the path here, `ssh://HOST/path` on another machine) -> generation number -> record */
  profiles: Record<string, Record<string, ActivationRecord>>;
}

/** What the records need of a generation: its number, whether it is current, its store path if known. */
export type GenerationRef = Pick<Generation, 'generation' | 'current'> & { storePath?: string };

const FILE_NAME = 'known-good.json';

/** NIX_HUMANITY_STATE_DIR, else $XDG_STATE_HOME/nix-humanity, else ~/.local/state/nix-humanity. */
export function stateDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NIX_HUMANITY_STATE_DIR) return env.NIX_HUMANITY_STATE_DIR;
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'nix-humanity');
}

/** `host`: the machine the profile is on, for a --target-host deployment (undefined: this one). */
export function recordActivation(
  stateDir: string,
  profile: string,
  generation: number,
  outcome: ActivationOutcome,
  storePath?: string,
  host?: string,
): void {
  const state = readState(stateDir);
  const records = (state.profiles[key(profile, host)] ??= {});
  records[String(generation)] = { outcome, at: new Date().toISOString(), ...(storePath ? { storePath } : {}) };
  writeState(stateDir, state);
}

/** What was recorded for a generation, if anything. */
export function activationOutcome(stateDir: string, profile: string, generation: GenerationRef | number, host?: string): ActivationOutcome | undefined {
  const records = readState(stateDir).profiles[key(profile, host)] ?? {};
  return matchingRecord(records, generation)?.outcome;
}

/**
 * The newest generation older than the current one that activated 'ok'. Generations activated
 * before this tool kept records are unknown, not bad: without an 'ok' record the newest older
 * generation with no record at all is the answer (current-1 when nothing is recorded).
 */
export function lastKnownGood(stateDir: string, profile: string, generations: readonly GenerationRef[], host?: string): number | undefined {
  const current = generations.find((g) => g.current);
  if (!current) return undefined;
  const older = generations.filter((g) => g.generation < current.generation).sort((a, b) => b.generation - a.generation);
  const records = readState(stateDir).profiles[key(profile, host)] ?? {};
  const ok = older.find((g) => matchingRecord(records, g)?.outcome === 'ok');
  if (ok) return ok.generation;
  return older.find((g) => matchingRecord(records, g) === undefined)?.generation;
}

/** Generation numbers recorded as 'ok' for this profile (for marking them in listings). */
export function knownGoodGenerations(stateDir: string, profile: string, generations: readonly GenerationRef[], host?: string): Set<number> {
  const records = readState(stateDir).profiles[key(profile, host)] ?? {};
  return new Set(generations.filter((g) => matchingRecord(records, g)?.outcome === 'ok').map((g) => g.generation));
}

/**
 * One spelling per profile: `/nix/var/nix/profiles/system/` and `.../system` are the same. A
 * profile on another machine is `ssh://HOST/path`, the login user left out: `root@h` and
 * `admin@h` deploy to the same machine's profile.
 */
export function profileKey(profile: string, host?: string): string {
  if (!host) return path.resolve(profile);
  return `ssh://${host.slice(host.lastIndexOf('@') + 1)}${path.posix.resolve('/', profile)}`;
}
const key = profileKey;

function matchingRecord(records: Record<string, ActivationRecord>, generation: GenerationRef | number): ActivationRecord | undefined {
  const number = typeof generation === 'number' ? generation : generation.generation;
  const record = records[String(number)];
  if (!record) return undefined;
  // A reused generation number with another system is not the generation the record is about.
  if (typeof generation !== 'number' && record.storePath && generation.storePath && record.storePath !== generation.storePath) return undefined;
  return record;
}

function readState(stateDir: string): StateFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(stateDir, FILE_NAME), 'utf8')) as Partial<StateFile>;
    if (parsed && typeof parsed.profiles === 'object' && parsed.profiles !== null) {
      return { version: 1, profiles: parsed.profiles };
    }
  } catch {
    // Missing or damaged: start afresh rather than failing a rebuild over bookkeeping.
  }
  return { version: 1, profiles: {} };
}

function writeState(stateDir: string, state: StateFile): void {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, FILE_NAME);
  // Temp file + rename: a crash mid-write never leaves a truncated state file. 0600: the user's alone.
  writeFileWhole(file, JSON.stringify(state, null, 2) + '\n');
}

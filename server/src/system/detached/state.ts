// Where an operation runner (the process that runs what the person asked for in the editor, apart
// from the language server, so that it survives a window reload) leaves what a new server needs to
// find it again: one folder per run under the runs folder (0700), holding
//   state.json   who runs it: pid, start time, boot id, the socket and its token, the plan
//                without its environment (settings may hold access tokens), the workspace;
//   events.jsonl every event so far, one per line (for a run that ended while no server was there);
//   s            the runner's Unix socket (0600), unless the path is too long for one;
//   runner.log   the runner's own standard error (a crash's trace; never event or secret);
//   askpass/     the runner's askpass relay for sudo -A (askpassRelay.ts), when the window gave one.
// Nothing here ever holds a password: askpass answers go socket to sudo, not through the runner's files.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SystemPlanParams } from '../../protocol/messages';
import type { SystemEventParams, SystemRunParams } from '../../protocol/systemRun';
import { bootId, processStartTime } from '../exec';
import { stateDirFromEnv } from '../knownGood';
import { writeFileWhole } from '../wholeFile';

export const STATE_FILE = 'state.json';
export const EVENTS_FILE = 'events.jsonl';
export const RUNNER_LOG = 'runner.log';
/** The hidden CLI command that hosts a run (cli/commands/runner.ts). */
export const RUNNER_COMMAND = '__runner';

/** How long a runner waits for a server to take it up before it cancels the run as Cancel would. */
export const DEFAULT_GRACE_MS = 30_000;
/** A folder of a run that ended and that no window collected is removed after this long. */
const STALE_MS = 24 * 3_600_000;

export interface RunnerState {
  version: 1;
  id: string;
  pid: number;
  /** Start time of the runner (clock ticks since boot), to tell a reused pid apart. */
  start?: string;
  boot?: string;
  socket: string;
  token: string;
  /** The workspace folder the run was started from (a window finds its own runs by it). */
  cwd: string;
  plan: Omit<SystemPlanParams, 'env'>;
  startedAt: number;
  graceMs: number;
}

/** What the server hands the runner on its standard input (never written to a file: `params.plan.env` may hold secrets). */
export interface RunnerInput {
  dir: string;
  socket: string;
  token: string;
  graceMs: number;
  params: SystemRunParams;
}

/** The runs folder: NIX_HUMANITY_RUNS_DIR, else `runs` in the state folder (NIX_HUMANITY_STATE_DIR, XDG_STATE_HOME). */
export function runsFolder(env: NodeJS.ProcessEnv): string {
  return env.NIX_HUMANITY_RUNS_DIR || path.join(stateDirFromEnv(env), 'runs');
}

/** A new run's folder (0700) and socket path; the socket goes to a private temporary folder when the path would be too long for one. */
export function newRunFolder(env: NodeJS.ProcessEnv): { dir: string; socket: string; token: string } {
  const base = runsFolder(env);
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const dir = path.join(base, `run-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  let socket = path.join(dir, 's');
  // sun_path holds 108 bytes.
  if (Buffer.byteLength(socket) > 100) socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nh-run-')), 's');
  return { dir, socket, token: randomBytes(24).toString('hex') };
}

/** Writes the state file whole (a temporary file renamed over it): a reader never sees half of one. */
export function writeState(dir: string, state: RunnerState): void {
  const file = path.join(dir, STATE_FILE);
  writeFileWhole(file, JSON.stringify(state));
}

export function readState(dir: string): RunnerState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as RunnerState;
    if (state?.version !== 1 || typeof state.pid !== 'number' || typeof state.token !== 'string' || typeof state.socket !== 'string' || typeof state.id !== 'string') return undefined;
    return state;
  } catch {
    return undefined;
  }
}

/**
 * Whether the runner of `state` still runs: same boot, same pid with the same start time, and
 * that process is our runner command for this very folder (not a reused pid).
 */
export function runnerAlive(state: RunnerState, dir: string): boolean {
  const boot = bootId();
  if (state.boot && boot && state.boot !== boot) return false;
  const start = processStartTime(state.pid);
  if (start === undefined || (state.start !== undefined && state.start !== start)) return false;
  try {
    const argv = fs.readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(RUNNER_COMMAND) && argv.includes(dir);
  } catch {
    return false;
  }
}

/** The events a runner wrote to its file (a torn last line, from a full disk say, is dropped). */
export function readEvents(dir: string): SystemEventParams[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, EVENTS_FILE), 'utf8');
  } catch {
    return [];
  }
  const events: SystemEventParams[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as SystemEventParams);
    } catch {
      // torn
    }
  }
  return events;
}

export function removeRunFolder(dir: string, state?: RunnerState): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    // A socket put in the temporary folder (a long path) has a folder of its own there.
    if (state && path.dirname(state.socket) !== dir && path.basename(path.dirname(state.socket)).startsWith('nh-run-')) fs.rmSync(path.dirname(state.socket), { recursive: true, force: true });
  } catch {
    // left for the next look (stale folders are removed after a day)
  }
}

export interface FoundRun {
  dir: string;
  state: RunnerState;
  alive: boolean;
}

/**
 * The runs started from workspace `cwd` whose folders are there: running, or ended while no server
 * was there to see it. Folders of runs that ended over a day ago, or that cannot be read, go.
 */
export function findRuns(env: NodeJS.ProcessEnv, cwd: string): FoundRun[] {
  const base = runsFolder(env);
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return [];
  }
  const found: FoundRun[] = [];
  for (const name of names) {
    const dir = path.join(base, name);
    const state = readState(dir);
    if (!state) {
      // A runner that has not written its state yet is younger than a few seconds.
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs > STALE_MS) removeRunFolder(dir);
      } catch {
        // gone
      }
      continue;
    }
    const alive = runnerAlive(state, dir);
    if (!alive && Date.now() - state.startedAt > STALE_MS) {
      removeRunFolder(dir, state);
      continue;
    }
    if (state.cwd === cwd) found.push({ dir, state, alive });
  }
  return found.sort((a, b) => a.state.startedAt - b.state.startedAt);
}

// The editor's system loop over the language server: the server runs a rebuild or rollback (with
// the runner the CLI uses, in an operation runner process that survives a window reload) and
// streams its events to the client as notifications, tagged with the run's id. One typed stream.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { SystemPlanParams } from './messages';
import type { RebuildEvent, ResultEvent } from './rebuild';

export interface SystemRunParams {
  /** Chosen by the client; every event of the run carries it. */
  id: string;
  plan: SystemPlanParams;
  /** A background check (check on save, build ahead): it never waits for a lock and says less. */
  background?: boolean;
  /** Build ahead: keep the built system alive with a GC root here until it is used or replaced. */
  gcRoot?: string;
  /** A build ahead of this configuration is ready: the summary says so when nothing was built. */
  prepared?: boolean;
}

/** The packages that changed between two generations, as the backend's diff computes them. */
export interface PackageDiff {
  added: { name: string; version: string }[];
  removed: { name: string; version: string }[];
  changed: { name: string; from: string; to: string; direction: 'upgrade' | 'downgrade' }[];
  closureBytes: { from: number; to: number; delta: number };
}

/** After an activation: what the new generation changed, for the summary. */
export interface SummaryEvent {
  type: 'summary';
  generation?: number;
  previousGeneration?: number;
  diff?: PackageDiff;
  /** Units switch-to-configuration restarted, started or reloaded. */
  unitsRestarted: string[];
  /** The build was already there (a build ahead, or the running system): only activation ran. */
  preparedBuild?: boolean;
}

export type SystemRunEvent = RebuildEvent | SummaryEvent;

export interface SystemEventParams {
  id: string;
  /** Counts from 0 within a run, so a client that reattaches can tell what it already has. */
  seq: number;
  /** Server time (ms since the epoch) the event was sent, for latency figures. */
  at: number;
  event: SystemRunEvent;
}

/** Client -> server: run it; the answer is the run's result event, after every event was sent. */
export const SYSTEM_RUN = new RequestType<SystemRunParams, ResultEvent, void>('nixHumanity/systemRun');
/** Server -> client: one event of a run. */
export const SYSTEM_EVENT = new NotificationType<SystemEventParams>('nixHumanity/systemEvent');

export interface SystemCancelParams {
  id: string;
}

/** Client -> server: stop the run (its processes are stopped; a cancelled build changes nothing). */
export const SYSTEM_CANCEL = new NotificationType<SystemCancelParams>('nixHumanity/systemCancel');

export interface RunningOperation {
  id: string;
  plan: SystemPlanParams;
  background: boolean;
  /** Every event so far, in order. */
  events: SystemEventParams[];
}

export interface SystemRunningParams {
  /** The workspace folder runs are started from: runs an earlier server left (a window reload) are found by it. */
  cwd?: string;
  /** The settings' environment (where the state folder is, NIX_HUMANITY_STATE_DIR). */
  env?: Record<string, string>;
}

/**
 * Client -> server: the runs going on now (a client that restarted reattaches to them), with the
 * runs an earlier server of this workspace left to their runners, taken up by this server; and
 * a run that ended while no server was there, with its result (once).
 */
export const SYSTEM_RUNNING = new RequestType<SystemRunningParams, RunningOperation[], void>('nixHumanity/systemRunning');

export interface GenerationsParams {
  profile?: string;
  env?: Record<string, string>;
}

export interface GenerationInfo {
  generation: number;
  /** ISO time. */
  date: string;
  storePath: string;
  nixosVersion?: string;
  kernelVersion?: string;
  specialisations: string[];
  current: boolean;
  /** Recorded as activated cleanly. */
  knownGood: boolean;
}

export interface GenerationsResult {
  profile: string;
  generations: GenerationInfo[];
  /** Why there are none (no profile yet). */
  problem?: string;
}

/** Client -> server: the generations of the system profile (read from the profile folder). */
export const SYSTEM_GENERATIONS = new RequestType<GenerationsParams, GenerationsResult, void>('nixHumanity/systemGenerations');

export interface DiffParams extends GenerationsParams {
  from: number;
  to: number;
}

/** Client -> server: the package diff of two generations. */
export const SYSTEM_DIFF = new RequestType<DiffParams, PackageDiff, void>('nixHumanity/systemDiff');

// What a rebuild reports while it runs: one stream of plain, JSON-friendly events, the same for
// the CLI's --json lines, the server and the client.
import type { SystemDiagnostic } from './diagnostics';

export type RebuildAction = 'dry-build' | 'build' | 'test' | 'boot' | 'switch' | 'dry-activate' | 'build-vm' | 'build-vm-with-bootloader';
export type RollbackAction = 'switch' | 'boot' | 'test';
export type Backend = 'direct' | 'nixos-rebuild';
export type ElevationMethod = 'none' | 'sudo' | 'pkexec' | 'run0' | 'doas';
/** How an activation went (switch-to-configuration's exit code), as the known-good records keep it. */
export type ActivationOutcome = 'ok' | 'units-failed' | 'failed';
export type Phase = 'updating' | 'evaluating' | 'building' | 'copying' | 'activating';

export interface PhaseEvent {
  type: 'phase';
  phase: Phase;
  /** One sentence about what happens now, e.g. "Building the system on build.example.org". */
  message: string;
}

export interface CurrentBuild {
  /** The .drv path. */
  drv: string;
  /** The derivation's name, e.g. `hello-2.12.1`. */
  name: string;
  /** The builder's phase (buildPhase, installPhase...), when the builder reports it. */
  phase?: string;
  /** The machine building it, when not this one. */
  machine?: string;
  elapsedMs: number;
}

export interface Counts {
  done: number;
  running: number;
  /** Expected in total (done and running included), as Nix counts it. */
  expected: number;
  failed: number;
}

export interface ProgressEvent {
  type: 'progress';
  builds: Counts;
  /** Store paths copied or substituted (downloads). */
  copies: Counts;
  /**
   * Bytes fetched by Nix's file transfers (http(s) caches and sources): Nix's "X/Y MiB DL". The
   * expected total is the compressed size of what will be substituted. A `file://` cache is read
   * without a file transfer, so there doneBytes stays 0 (Nix 2.8); `copyBytes` moves instead.
   */
  download: { doneBytes: number; expectedBytes: number };
  /**
   * NAR bytes of the store paths being copied or substituted (copyPath activities): Nix's
   * "N copied (X/Y MiB)". Moves for every substitution and for copies to and from other machines.
   */
  copyBytes: { doneBytes: number; expectedBytes: number };
  current: CurrentBuild[];
}

export interface LogEvent {
  type: 'log';
  /** The line, without colour codes. */
  text: string;
  /** Where it came from: a builder (with its .drv), Nix itself, or the activation script. */
  source: 'build' | 'nix' | 'activation' | 'command';
  drv?: string;
  level?: 'error' | 'warning' | 'info';
}

export type DiagnosticEvent = { type: 'diagnostic' } & SystemDiagnostic;

export type Outcome = 'ok' | 'up-to-date' | 'units-failed' | 'failed' | 'cancelled' | 'refused';
/** The signals that cancel an operation cleanly (Ctrl-C, kill, the terminal closing). */
export type CancelSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface ResultEvent {
  type: 'result';
  /** True when everything asked for happened (an up-to-date system counts as ok). */
  ok: boolean;
  outcome: Outcome;
  action: RebuildAction | `rollback-${RollbackAction}` | `generation-${RollbackAction}`;
  backend: Backend;
  elevation: ElevationMethod;
  /** The built system (or the generation switched to). */
  storePath?: string;
  /** The generation the profile points at afterwards, when the profile changed. */
  generation?: number;
  durationMs: number;
  /** How switch-to-configuration went, when it ran. */
  activation?: ActivationOutcome;
  /** Units reported by switch-to-configuration as failed (exit code 4). */
  failedUnits?: string[];
  /** Sentences for a person: what happened and, on failure, what to do next. */
  message: string;
  /** The exit code of the command that failed, if one did. */
  exitCode?: number;
  /** The signal that killed the command that failed, when one did (not ours: e.g. SIGKILL from the OOM killer). */
  killedBy?: string;
  /** Outcome `cancelled`: the signal this process received that cancelled it (absent for a cancel from the editor or an API caller). */
  cancelledBy?: CancelSignal;
  /** What went wrong beside the operation itself (e.g. the record of it could not be written); never changes `ok` or `outcome`. */
  warnings?: string[];
}

export type RebuildEvent = PhaseEvent | ProgressEvent | LogEvent | DiagnosticEvent | ResultEvent;
export type EventSink = (event: RebuildEvent) => void;

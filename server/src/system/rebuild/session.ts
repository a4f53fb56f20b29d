// The running side of one operation: spawns the steps (through exec.ts), forwards their output as
// events, and knows how to elevate and how to reach another machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcessStreaming, type RunResult } from '../exec';
import type { SystemDiagnostic } from '../../protocol/diagnostics';
import { diagnosticsFromNixOutput } from '../errors/index';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import type { Elevation } from '../../protocol/plan';
import { elevatedArgv, elevationHint } from './elevation';
import type { CancelSignal, EventSink, LogEvent, Phase, RebuildEvent } from '../../protocol/rebuild';
import { redactDeep } from './redact';
import { NixProgress, stripAnsi } from './nixLog';
import { nixSshOpts, sshCommand } from './commands';

const PROGRESS_INTERVAL_MS = 100;

/** The abort reason when a signal to this process cancels the operation (the CLI aborts with it). */
export class CancelledBySignal extends Error {
  constructor(readonly signal: CancelSignal) {
    super(`cancelled by ${signal}`);
  }
}

/** The signal that cancelled, when `signal` was aborted with a CancelledBySignal. */
export function cancelSignalOf(signal: AbortSignal | undefined): CancelSignal | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof CancelledBySignal ? reason.signal : undefined;
}

/** A step failed in a way the whole operation reports: its sentence and exit code. */
export class StepFailure extends Error {
  constructor(message: string, readonly exitCode?: number, readonly cancelled = false) {
    super(message);
  }
}

export interface SessionConfig {
  emit: EventSink;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  elevation: Elevation;
  /** How to get root on a remote machine (its own sudo; no askpass across ssh). */
  remoteElevation: Elevation;
  sshOptions: string[];
  interactive: boolean;
  /** NixOS knowledge for the error diagnostics' fixes. */
  nixos?: NixosIndex;
  /** Every step at the lowest CPU priority (a build ahead). */
  lowPriority?: boolean;
}

export interface NixRun {
  /** The program run (nix-build, nix, nix-store...). */
  command: string;
  result: RunResult;
  progress: NixProgress;
  stdout: string[];
}

export class Session {
  private lastPhase: Phase | undefined;
  private lastProgressAt = 0;
  /** Set once the profile points somewhere new, so a late cancel does not claim otherwise. */
  profileChanged = false;

  constructor(readonly config: SessionConfig) {}

  get cancelled(): boolean {
    return this.config.signal?.aborted ?? false;
  }

  /** Every event leaves through here, with credentials redacted (redact.ts). */
  emit(event: RebuildEvent): void {
    this.config.emit(redactDeep(event));
  }

  phase(phase: Phase, message: string): void {
    this.lastPhase = phase;
    this.emit({ type: 'phase', phase, message });
  }

  /** Throws a cancellation failure when the operation was cancelled. */
  checkCancelled(what: string): void {
    if (this.cancelled) throw new StepFailure(`Cancelled ${what}.`, undefined, true);
  }

  /**
   * One ssh connection per machine for the whole operation (ControlMaster), as nixos-rebuild
   * does: a deploy runs a dozen commands there, and each new connection costs a handshake.
   */
  private controlDir: string | undefined;
  private noControlDir = false;
  private readonly hostsUsed = new Set<string>();

  private sshOptions(): string[] {
    if (!this.controlDir) return this.config.sshOptions;
    return [...this.config.sshOptions, '-o', 'ControlMaster=auto', '-o', `ControlPath=${this.controlDir}/%C`, '-o', 'ControlPersist=60'];
  }

  /** The environment for ssh-based Nix commands (nix-copy-closure reads NIX_SSHOPTS). */
  private envWithSsh(): NodeJS.ProcessEnv {
    const opts = nixSshOpts(this.sshOptions());
    return opts === undefined ? this.config.env : { ...this.config.env, NIX_SSHOPTS: opts };
  }

  /** Marks `host` as used (starting the shared connection folder); call before any command there. */
  useHost(host: string | undefined): void {
    if (!host) return;
    this.hostsUsed.add(host);
    // A short path: a control socket path must fit in 108 bytes.
    if (this.controlDir !== undefined || this.noControlDir) return;
    try {
      this.controlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-ssh-'));
    } catch {
      // No room in the temporary folder: one connection per command then.
      this.noControlDir = true;
    }
  }

  /** argv as run on `host` (over ssh) or here. */
  onHost(host: string | undefined, argv: readonly string[]): string[] {
    this.useHost(host);
    return host ? sshCommand(host, this.sshOptions(), argv, !this.config.interactive) : [...argv];
  }

  /** Closes the shared ssh connections. */
  async close(): Promise<void> {
    if (!this.controlDir) return;
    for (const host of this.hostsUsed) {
      await runProcessStreaming('ssh', [...this.sshOptions(), '-O', 'exit', host], { env: this.config.env }).catch(() => undefined);
    }
    fs.rmSync(this.controlDir, { recursive: true, force: true });
    this.controlDir = undefined;
  }

  /**
   * Runs a Nix command that speaks internal-json, on `host` or here, following its progress.
   * `building` switches the phase to building on the first sign of build work.
   */
  async runNix(argv: readonly string[], options: { host?: string; building?: boolean } = {}): Promise<NixRun> {
    const progress = new NixProgress();
    const stdout: string[] = [];
    const full = this.onHost(options.host, argv);
    // Changes held back by the throttle go out a moment later; running builds tick once a second.
    const timer = setInterval(() => {
      if (progress.takeChanged() || progress.hasCurrentBuilds()) this.emitProgress(progress);
    }, PROGRESS_INTERVAL_MS * 2);
    let result: RunResult;
    try {
      result = await this.spawn(full, this.envWithSsh(), (stream, line) => {
        if (stream === 'stdout') {
          stdout.push(line);
          return;
        }
        const log = progress.feed(line);
        if (options.building && progress.sawBuildWork && this.lastPhase === 'evaluating') {
          this.phase('building', options.host ? `Building on ${options.host}.` : 'Building the system.');
        }
        if (log) this.emit(log);
        if (Date.now() - this.lastProgressAt >= PROGRESS_INTERVAL_MS && progress.takeChanged()) this.emitProgress(progress);
      });
    } finally {
      clearInterval(timer);
    }
    if (progress.takeChanged()) this.emitProgress(progress);
    return { command: path.basename(argv[0] ?? 'nix'), result, progress, stdout };
  }

  private emitProgress(progress: NixProgress): void {
    this.lastProgressAt = Date.now();
    this.emit(progress.snapshot());
  }

  /** Runs a plain command (copying, reading), its output shown as log lines. */
  async runPlain(argv: readonly string[], options: { host?: string; source?: LogEvent['source']; quiet?: boolean } = {}): Promise<{ result: RunResult; stdout: string[]; lines: string[] }> {
    const stdout: string[] = [];
    const lines: string[] = [];
    const full = this.onHost(options.host, argv);
    const result = await this.spawn(full, this.envWithSsh(), (stream, line) => {
      if (stream === 'stdout') stdout.push(line);
      lines.push(line);
      if (line.trim() !== '' && !(options.quiet && stream === 'stdout')) this.emit({ type: 'log', source: options.source ?? 'command', text: stripAnsi(line) });
    });
    return { result, stdout, lines };
  }

  /**
   * Runs a privileged step (nix-env, switch-to-configuration, nix-channel --update of root's
   * channels) with root rights, here or on `host`; its output becomes log lines of `source`.
   */
  async runPrivileged(argv: readonly string[], env: Record<string, string>, host?: string, source: LogEvent['source'] = 'activation'): Promise<{ result: RunResult; lines: string[] }> {
    const elevation = host ? this.config.remoteElevation : this.config.elevation;
    // Already root here: the variables go straight into the environment, no `env` process.
    const direct = elevation.method === 'none' && !host;
    const elevated = direct ? [...argv] : elevatedArgv(elevation, argv, env);
    const full = this.onHost(host, elevated);
    const lines: string[] = [];
    // A terminal password prompt (sudo/doas without -n) needs the terminal: no separate group then.
    const detached = !(this.config.interactive && !host && (elevation.method === 'sudo' || elevation.method === 'doas') && !elevation.askpass);
    // stdout and stderr alike, merged in the order written (activation output mixes both).
    const result = await this.spawn(full, direct ? { ...this.envWithSsh(), ...env } : this.envWithSsh(), (_stream, line) => {
      lines.push(line);
      if (line.trim() !== '') this.emit({ type: 'log', source, text: stripAnsi(line), ...(/^warning:/.test(line) ? { level: 'warning' as const } : /^error:/.test(line) ? { level: 'error' as const } : {}) });
    }, detached, true);
    if (result.spawnError === undefined && !result.cancelled && result.exitCode !== 0 && elevation.method !== 'none' && refusedByElevation(lines)) {
      throw new StepFailure(`${argv[0]} could not get root rights. ${elevationHint(elevation)}`, result.exitCode);
    }
    return { result, lines };
  }

  private async spawn(argv: readonly string[], env: NodeJS.ProcessEnv, onLine: (stream: 'stdout' | 'stderr', line: string) => void, detached = true, merge = false): Promise<RunResult> {
    const [command, ...args] = argv;
    const result = await runProcessStreaming(command!, args, {
      cwd: this.config.cwd,
      env,
      signal: this.config.signal,
      detached,
      merge,
      ...(this.config.lowPriority ? { lowPriority: true } : {}),
      onLine: ({ stream, line }) => onLine(stream, line),
    });
    if (result.cancelled) throw new StepFailure('Cancelled.', undefined, true);
    if (result.outputCut) this.emit({ type: 'log', source: 'command', level: 'warning', text: result.outputCut });
    if (result.spawnError !== undefined) {
      throw new StepFailure(`Could not run ${command}: ${/ENOENT/.test(result.spawnError) ? 'it is not installed or not on PATH' : result.spawnError}. ${installHint(command!)}`);
    }
    return result;
  }

  /** Diagnostics for a failed Nix command, put on the user's files by errors/**. */
  diagnose(run: NixRun, workspaceRoot: string, configurationFile?: string): SystemDiagnostic[] {
    const diagnostics = diagnosticsFromNixOutput({
      messages: run.progress.messages,
      plainText: run.progress.plainLines.join('\n'),
      buildLogs: run.progress.buildLogs,
      workspaceRoot,
      readFile: (file) => {
        try {
          return fs.readFileSync(file, 'utf8');
        } catch {
          return undefined;
        }
      },
      ...(configurationFile ? { configurationFile } : {}),
      ...(this.config.nixos ? { nixos: this.config.nixos } : {}),
    });
    for (const d of diagnostics) this.emit({ type: 'diagnostic', ...d });
    return diagnostics;
  }
}

/** The first error sentence Nix printed, for the result message. */
export function firstError(run: NixRun): string | undefined {
  const message = run.progress.messages.find((m) => m.level === 0);
  const text = message ? stripAnsi(message.raw_msg ?? message.msg) : run.progress.plainLines.find((l) => /^error:/.test(stripAnsi(l)))?.replace(/^error:\s*/, '');
  return text?.split('\n')[0]?.trim().replace(/[:.]$/, '');
}

function refusedByElevation(lines: readonly string[]): boolean {
  return lines.some((l) => /^sudo: (a (terminal|password) is required|no askpass program|\d+ incorrect password)|^doas: (a password is required|Authentication failed)|^Error executing command as another user|polkit|^Request dismissed|^Not authorized/i.test(l));
}

function installHint(command: string): string {
  if (/^nix(-|$)/.test(command)) return 'Install Nix (on NixOS it is always there), or choose --backend nixos-rebuild.';
  if (/nixos-rebuild/.test(command)) return 'nixos-rebuild comes with NixOS; elsewhere choose --backend direct.';
  if (command === 'ssh') return 'Install the OpenSSH client.';
  if (/^(sudo|doas|pkexec|run0)$/.test(command)) return `Choose another --elevate method, or install ${command}.`;
  return '';
}

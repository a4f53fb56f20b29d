// Entry points: runRebuild and runRollback. Both take the lock, choose backend and elevation,
// report every step as events, record the outcome (operation log, known-good generations) and
// end with exactly one `result` event, which they also return.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExit } from '../exec';
import { listGenerations, ProfileNotFoundError } from '../generations';
import { lastKnownGood, recordActivation, stateDirFromEnv } from '../knownGood';
import { switchGenerationCommand } from './commands';
import { activate, BuildFailed, buildFailed, describeSource, directRebuild, realpath, type BackendOutcome } from './direct';
import { DEFAULT_CHANNELS_DIR, upgradeChannels } from './channels';
import type { Elevation } from '../../protocol/plan';
import type { Backend, CancelSignal, EventSink, RebuildEvent, ResultEvent } from '../../protocol/rebuild';
import type { OperationRecord } from '../../protocol/operations';
import { acquireOperationLock, discardLink, OperationLockedError, type OperationLock } from './lock';
import { nixosRebuildBackend } from './nixosRebuild';
import { appendOperation } from './operationLog';
import {
  buildsVm,
  checkHost,
  DEFAULT_CURRENT_SYSTEM,
  DEFAULT_PROFILES_DIR,
  resolveConfiguration,
  resolveProfile,
  type ConfigurationSource,
  type RebuildOptions,
  type RollbackOptions,
} from './options';
import { elevations, planRebuild, planRollback, thisMachine, type MachineFacts } from './plan';
import { redactDeep } from './redact';
import { cancelSignalOf, Session, StepFailure } from './session';

export type { RebuildOptions, RollbackOptions } from './options';

interface Prepared {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stateDir: string;
  profilesDir: string;
  profile: string;
  currentSystem: string;
  elevation: Elevation;
  session: Session;
  uid: number;
  machine: MachineFacts;
  lockDir?: string;
  /** The build's temporary out link while it exists (removed by a hard stop too). */
  temporaryLink?: string;
}

function prepare(options: RebuildOptions | RollbackOptions, onEvent: EventSink | undefined): Prepared {
  const machine = thisMachine(options);
  const { env, cwd, interactive, uid } = machine;
  const { local: elevation, remote: remoteElevation } = elevations(options, machine);
  const session = new Session({
    emit: (event) => onEvent?.(event),
    env,
    cwd,
    signal: options.signal,
    elevation,
    remoteElevation,
    sshOptions: options.sshOptions ?? [],
    interactive,
    ...(options.nixos ? { nixos: options.nixos } : {}),
    ...(options.lowPriority ? { lowPriority: true } : {}),
  });
  const profilesDir = options.profilesDir ?? DEFAULT_PROFILES_DIR;
  return {
    env,
    cwd,
    stateDir: options.stateDir ?? stateDirFromEnv(env),
    profilesDir,
    profile: resolveProfile(options.profile, profilesDir, cwd),
    currentSystem: options.currentSystem ?? env.NIX_HUMANITY_CURRENT_SYSTEM ?? DEFAULT_CURRENT_SYSTEM,
    elevation,
    session,
    uid,
    machine,
    ...(options.lockDir !== undefined ? { lockDir: options.lockDir } : {}),
  };
}

/** Builds and (depending on the action) activates a configuration. Never throws for a failing step. */
export async function runRebuild(options: RebuildOptions, onEvent?: EventSink): Promise<ResultEvent> {
  const started = Date.now();
  const p = prepare(options, onEvent);
  const plan = planRebuild(options, p.machine);
  const backend = plan.backend;
  let source: ConfigurationSource | undefined;
  return operate(p, { action: options.action, backend, started, targetHost: options.targetHost, buildHost: options.buildHost }, async () => {
    source = resolveConfiguration({ ...options, cwd: p.cwd, env: p.env });
    if (options.specialisation && !(options.action === 'switch' || options.action === 'test' || options.action === 'dry-activate')) {
      return { outcome: 'refused', message: `A specialisation can only be activated with switch, test or dry-activate, not ${options.action}.` };
    }
    const upgrade = options.upgrade && source.kind === 'flake' ? undefined : options.upgrade;
    if (options.upgrade && source.kind === 'flake') {
      // Like nixos-rebuild: channels are not what a flake builds from; its inputs are.
      p.session.emit({ type: 'log', source: 'command', level: 'warning', text: `--upgrade${options.upgrade === 'all' ? '-all' : ''} updates channels, and this configuration is a flake, so nothing was updated. Update its inputs with 'nix flake update' instead.` });
    }
    if (backend === 'nixos-rebuild') {
      if (plan.problem) throw new StepFailure(plan.problem);
      return nixosRebuildBackend(p.session, {
        ...(upgrade ? { upgrade } : {}),
        step: plan.steps[0]!,
        action: options.action,
        source,
        profile: p.profile,
      });
    }
    if (upgrade) await upgradeChannels(p.session, { mode: upgrade, dir: options.channelsDir ?? p.env.NIX_HUMANITY_CHANNELS_DIR ?? DEFAULT_CHANNELS_DIR, steps: plan.steps.filter((s) => s.kind === 'update-channel') });
    // The build's GC root until the profile holds the system.
    const temporaryLink = temporaryLinkPath(p.stateDir);
    p.temporaryLink = temporaryLink;
    try {
      const keepLink = options.outLink !== undefined && (options.action === 'build' || buildsVm(options.action));
      return await directRebuild(p.session, {
        action: options.action,
        source,
        profile: p.profile,
        ...(options.specialisation ? { specialisation: options.specialisation } : {}),
        ...(options.targetHost ? { targetHost: options.targetHost } : {}),
        ...(options.buildHost ? { buildHost: options.buildHost } : {}),
        currentSystem: p.currentSystem,
        outLink: keepLink ? path.resolve(p.cwd, options.outLink!) : temporaryLink,
        includes: options.includes ?? [],
        steps: plan.steps,
        ...(options.systemdRoot !== undefined ? { systemdRoot: options.systemdRoot } : {}),
      });
    } catch (error) {
      if (error instanceof BuildFailed) return buildFailed(p.session, error.run, { source });
      throw error;
    } finally {
      discardLink(temporaryLink);
      p.temporaryLink = undefined;
      removeTemporaryFolder(temporaryLink);
    }
  }, () => (source ? describeSource(source) : undefined));
}

/**
 * Goes back to the previous generation (or the newest older one known to have activated cleanly),
 * or to generation `to`, and activates it. No build, so it runs the privileged steps directly.
 */
export async function runRollback(options: RollbackOptions, onEvent?: EventSink): Promise<ResultEvent> {
  const started = Date.now();
  const p = prepare(options, onEvent);
  const plan = planRollback(options, p.machine);
  const kind = options.to !== undefined ? 'generation' : 'rollback';
  const host = options.targetHost;
  const where = host ? ` on ${host}` : '';
  return operate(p, { action: `${kind}-${options.action}`, backend: 'direct', started, targetHost: host }, async () => {
    let generations: RollbackGeneration[];
    if (host) {
      const remote = await remoteGenerations(p.session, host, p.profile);
      if (!remote) return { outcome: 'failed', message: `There is no profile at ${p.profile}${where}. Check the path, or deploy a configuration there first.` };
      generations = remote;
    } else {
      try {
        generations = listGenerations(p.profile);
      } catch (error) {
        if (error instanceof ProfileNotFoundError) return { outcome: 'failed', message: error.message };
        throw error;
      }
    }
    const current = generations.find((g) => g.current);
    if (!current) return { outcome: 'failed', message: `The profile ${p.profile}${where} has no current generation to roll back from.` };
    const previous = generations.filter((g) => g.generation < current.generation).pop();
    let target: RollbackGeneration | undefined;
    if (options.to !== undefined) {
      target = generations.find((g) => g.generation === options.to);
      if (!target) {
        return { outcome: 'failed', message: `There is no generation ${options.to} in ${p.profile}${where}. Its generations are ${generations.map((g) => g.generation).join(', ')}.` };
      }
    } else {
      if (!previous) return { outcome: 'failed', message: `There is no generation older than the current one (${current.generation}) to roll back to.` };
      // Records are per machine: a --target-host deployment is recorded under that host.
      const good = lastKnownGood(p.stateDir, p.profile, generations, host);
      target = generations.find((g) => g.generation === good) ?? previous;
    }
    const storePath = target.storePath ?? await realpath(p.session, host, target.path);
    if (options.action !== 'boot' && target.generation === current.generation) {
      const running = await realpath(p.session, host, p.currentSystem);
      const wanted = options.specialisation ? await realpath(p.session, host, path.join(target.path, 'specialisation', options.specialisation)) : storePath;
      if (running !== undefined && running === wanted) {
        return { outcome: 'up-to-date', ...(storePath ? { storePath } : {}), generation: target.generation, message: `Generation ${target.generation} is already the running system${where}. Nothing was changed.` };
      }
    }
    p.session.phase('activating', `${options.action === 'test' ? 'Trying' : 'Going back to'} generation ${target.generation}${where} (${target.nixosVersion ?? storePath ?? target.path}).`);
    const system = storePath ?? target.path;
    const move = plan.steps.find((s) => s.kind === 'rollback-profile' || s.kind === 'switch-generation');
    if (move) {
      // The planned `--rollback` goes to the previous generation; an older known-good one is named.
      const argv = move.kind === 'rollback-profile' && target.generation !== previous?.generation
        ? switchGenerationCommand(p.profile, target.generation)
        : move.argv;
      const { result, lines } = await p.session.runPrivileged(argv, move.env, move.host);
      if (result.exitCode !== 0) {
        return { outcome: 'failed', exitCode: result.exitCode, message: `Could not move the profile ${p.profile}${where} to generation ${target.generation} (nix-env ${describeExit(result)}): ${lines.filter((l) => l.trim()).pop() ?? 'no output'}. Nothing was activated.` };
      }
      p.session.profileChanged = true;
    }
    const outcome = await activate(p.session, {
      step: plan.steps.find((s) => s.kind === 'activate')!,
      action: options.action,
      system,
      ...(options.systemdRoot !== undefined ? { systemdRoot: options.systemdRoot } : {}),
      ...(storePath ? { storePath } : {}),
      generation: target.generation,
    });
    return outcome.outcome === 'ok'
      ? { ...outcome, message: options.action === 'test' ? `Generation ${target.generation} is active${where} until the next boot; the profile is unchanged.` : options.action === 'boot' ? `Generation ${target.generation} will be used at the next boot${where}.` : `Switched to generation ${target.generation}${where}.` }
      : outcome;
  }, () => p.profile);
}

/** What rollback needs of a generation; a remote one knows its store path only once asked. */
interface RollbackGeneration {
  generation: number;
  /** The generation link, e.g. /nix/var/nix/profiles/system-42-link. */
  path: string;
  current: boolean;
  storePath?: string;
  nixosVersion?: string;
}

/**
 * The generations of a profile on another machine, with their store paths (the known-good
 * records are told apart by them): one `find -printf` lists every link and its target.
 */
async function remoteGenerations(session: Session, host: string, profile: string): Promise<RollbackGeneration[] | undefined> {
  const dir = path.dirname(profile);
  const base = path.basename(profile);
  const linkPattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)-link$`);
  const found = await session.runPlain(['find', '-H', dir, '-maxdepth', '1', '-type', 'l', '(', '-name', base, '-o', '-name', `${base}-*-link`, ')', '-printf', '%f\\t%l\\n'], { host, quiet: true });
  if (found.result.exitCode === 0) {
    const targets = new Map(found.stdout.map((line) => line.split('\t') as [string, string]).filter((e) => e.length === 2));
    const current = targets.get(base);
    if (current === undefined) return undefined;
    const currentNumber = Number(linkPattern.exec(path.basename(current))?.[1] ?? NaN);
    return [...targets]
      .map(([name, target]) => ({ name, target, match: linkPattern.exec(name) }))
      .filter((e) => e.match)
      .map((e) => ({ generation: Number(e.match![1]), path: path.join(dir, e.name), current: Number(e.match![1]) === currentNumber, ...(e.target.startsWith('/nix/store/') ? { storePath: e.target } : {}) }))
      .sort((a, b) => a.generation - b.generation);
  }
  // No GNU find there: the folder listing and the profile link, store paths resolved on use.
  const listing = await session.runPlain(['ls', '-1', dir], { host, quiet: true });
  if (listing.result.exitCode !== 0) return undefined;
  const link = await session.runPlain(['readlink', profile], { host, quiet: true });
  if (link.result.exitCode !== 0) return undefined;
  const currentNumber = Number(linkPattern.exec(path.basename(link.stdout.join('').trim()))?.[1] ?? NaN);
  return listing.stdout
    .map((name) => ({ name, match: linkPattern.exec(name.trim()) }))
    .filter((e) => e.match)
    .map((e) => ({ generation: Number(e.match![1]), path: path.join(dir, e.name.trim()), current: Number(e.match![1]) === currentNumber }))
    .sort((a, b) => a.generation - b.generation);
}

interface OperationInfo {
  action: ResultEvent['action'];
  backend: Backend;
  started: number;
  targetHost: string | undefined;
  buildHost?: string | undefined;
}

/** The frame every operation shares: lock, errors, operation log, known-good record, result event. */
async function operate(p: Prepared, info: OperationInfo, body: () => Promise<BackendOutcome>, configuration: () => string | undefined): Promise<ResultEvent> {
  let lock: OperationLock | undefined;
  let outcome: BackendOutcome;
  let finished = false;
  // Until the result is out, a hard stop (stopOperationsNow) may end the operation from outside.
  const active: ActiveOperation = {
    stopNow(signal) {
      if (finished) return;
      finished = true;
      lock?.release();
      if (p.temporaryLink) discardLink(p.temporaryLink, true);
      conclude(p, info, {
        outcome: 'cancelled',
        message: p.session.profileChanged
          ? `Stopped at once by a second ${signal}, during activation: every process it started was killed, but the profile already points at the new generation; run the command again or roll back.`
          : `Stopped at once by a second ${signal}: every process it started was killed; the profile was not changed.`,
      }, configuration, signal);
    },
  };
  activeOperations.add(active);
  try {
    const hostProblem = checkHost(info.targetHost || undefined, '--target-host') ?? checkHost(info.buildHost || undefined, '--build-host');
    if (hostProblem) outcome = { outcome: 'refused', message: hostProblem };
    else {
      lock = acquireOperationLock(p.profile, info.action, { ...(info.targetHost ? { host: info.targetHost } : {}), ...(p.lockDir ? { dir: p.lockDir } : {}) });
      outcome = await body();
    }
  } catch (error) {
    if (error instanceof OperationLockedError) outcome = { outcome: 'refused', message: error.message };
    else if (error instanceof StepFailure) {
      const by = cancelSignalOf(p.session.config.signal);
      const cancelled = by ? `Cancelled by ${by}${by === 'SIGHUP' ? ' (the terminal was closed)' : ''}.` : 'Cancelled.';
      outcome = error.cancelled || p.session.cancelled
        ? {
          outcome: 'cancelled',
          message: p.session.profileChanged
            ? `${cancelled === 'Cancelled.' ? 'Cancelled' : cancelled.slice(0, -1)} during activation. Every process it started was stopped, but the profile already points at the new generation; run the command again or roll back.`
            : `${cancelled} Every process it started was stopped; the profile was not changed.`,
        }
        : { outcome: 'failed', message: error.message, ...(error.exitCode !== undefined ? { exitCode: error.exitCode } : {}) };
    } else {
      outcome = { outcome: 'failed', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
    }
  } finally {
    await p.session.close();
    lock?.release();
  }
  activeOperations.delete(active);
  if (finished) {
    // Stopped at once while the body unwound: that result is out already.
    return { type: 'result', ok: false, outcome: 'cancelled', action: info.action, backend: info.backend, elevation: p.elevation.method, durationMs: Date.now() - info.started, message: 'Stopped at once.' };
  }
  finished = true;
  return conclude(p, info, outcome, configuration, outcome.outcome === 'cancelled' ? cancelSignalOf(p.session.config.signal) : undefined);
}

/** The result event, the known-good record and the operation log line, for an ended operation.
 * The records are bookkeeping: when they cannot be written (a full or read-only state folder),
 * the result says so in `warnings`, and stays what it is. */
function conclude(p: Prepared, info: OperationInfo, outcome: BackendOutcome, configuration: () => string | undefined, cancelledBy: CancelSignal | undefined): ResultEvent {
  const durationMs = Date.now() - info.started;
  const ok = outcome.outcome === 'ok' || outcome.outcome === 'up-to-date';
  const warnings: string[] = [];
  const switched = /switch$/.test(info.action) && outcome.generation !== undefined && outcome.activation !== undefined;
  if (switched) {
    try {
      recordActivation(p.stateDir, p.profile, outcome.generation!, outcome.activation!, outcome.storePath, info.targetHost);
    } catch (error) {
      warnings.push(`How generation ${outcome.generation} activated could not be recorded in ${p.stateDir} (${bookkeepingReason(error)}), so a later 'rollback' will not know it; the ${info.action} itself is as reported.`);
    }
  }
  let config: string | undefined;
  try {
    config = configuration();
  } catch {
    config = undefined;
  }
  const record: OperationRecord = {
    action: info.action,
    backend: info.backend,
    elevation: p.elevation.method,
    start: new Date(info.started).toISOString(),
    durationMs,
    outcome: outcome.outcome,
    ...(config ? { configuration: config } : {}),
    profile: p.profile,
    ...(info.targetHost ? { targetHost: info.targetHost } : {}),
    ...(info.buildHost ? { buildHost: info.buildHost } : {}),
    ...(outcome.storePath ? { storePath: outcome.storePath } : {}),
    ...(outcome.generation !== undefined ? { generation: outcome.generation } : {}),
    ...(ok ? {} : { error: outcome.message.split(/(?<=\.)\s/)[0] }),
    ...(cancelledBy ? { cancelledBy } : {}),
    ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}),
  };
  try {
    appendOperation(p.stateDir, redactDeep(record));
  } catch (error) {
    warnings.push(`This ${info.action} could not be recorded in ${path.join(p.stateDir, 'operations.jsonl')} (${bookkeepingReason(error)}); the ${info.action} itself is as reported.`);
  }
  for (const text of warnings) p.session.emit({ type: 'log', source: 'command', level: 'warning', text });
  const result: ResultEvent = {
    type: 'result',
    ok,
    outcome: outcome.outcome,
    action: info.action,
    backend: info.backend,
    elevation: p.elevation.method,
    ...(outcome.storePath ? { storePath: outcome.storePath } : {}),
    ...(outcome.generation !== undefined ? { generation: outcome.generation } : {}),
    durationMs,
    ...(outcome.activation ? { activation: outcome.activation } : {}),
    ...(outcome.failedUnits ? { failedUnits: outcome.failedUnits } : {}),
    message: outcome.message,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}),
    ...(cancelledBy ? { cancelledBy } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  p.session.emit(result);
  return redactDeep(result);
}

function bookkeepingReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const text: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a file is where a folder should be',
    EIO: 'an input/output error',
  };
  return (e?.code && text[e.code]) ?? (e instanceof Error ? e.message : String(error));
}

/** An operation between its start and its result, as a hard stop sees it. */
interface ActiveOperation {
  stopNow(signal: CancelSignal): void;
}

const activeOperations = new Set<ActiveOperation>();

/** How many operations are running in this process (the CLI cancels them on a signal). */
export function runningOperations(): number {
  return activeOperations.size;
}

/**
 * Ends every running operation at once, synchronously, for a process about to exit (a second
 * signal): the caller has killed their processes (exec.ts stopAllNow); this releases the locks,
 * removes the temporary GC roots, writes the records and emits the results.
 */
export function stopOperationsNow(signal: CancelSignal): void {
  for (const op of [...activeOperations]) {
    activeOperations.delete(op);
    op.stopNow(signal);
  }
}

/**
 * Where the build's temporary out link goes: the state folder, or (when nothing can be made
 * there: full, read-only, not a folder) a fresh folder in the temporary folder. A name per
 * process: operations on two profiles may run at once. Checked without writing (statfs and
 * access: a trial link would cost a journal commit on every operation): a folder that is writable
 * and has room for a symlink block takes it.
 */
function temporaryLinkPath(stateDir: string): string {
  const name = `result-${process.pid}`;
  const usable = (dir: string): boolean => {
    try {
      if (!fs.statSync(dir).isDirectory()) return false;
      fs.accessSync(dir, fs.constants.W_OK);
      const room = fs.statfsSync(dir);
      return room.bavail * room.bsize >= 64 * 1024 && (room.files === 0 || room.ffree > 0);
    } catch {
      return false;
    }
  };
  if (usable(stateDir)) return path.join(stateDir, name);
  try {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    if (usable(stateDir)) return path.join(stateDir, name);
  } catch {
    // not writable: below
  }
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-result-'));
    if (usable(dir)) return path.join(dir, name);
    fs.rmdirSync(dir);
  } catch {
    // nowhere: Nix says why when it cannot make the link
  }
  return path.join(stateDir, name);
}

/** Removes the folder temporaryLinkPath made in the temporary folder, if it made one. */
function removeTemporaryFolder(link: string): void {
  const dir = path.dirname(link);
  if (path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith('nh-result-')) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // left for the system's cleaning of the temporary folder
    }
  }
}

/** runRebuild as an async stream of its events, ending with the result. */
export function streamRebuild(options: RebuildOptions): AsyncGenerator<RebuildEvent> {
  return asStream((sink) => runRebuild(options, sink));
}

/** runRollback as an async stream of its events, ending with the result. */
export function streamRollback(options: RollbackOptions): AsyncGenerator<RebuildEvent> {
  return asStream((sink) => runRollback(options, sink));
}

async function* asStream(start: (sink: EventSink) => Promise<ResultEvent>): AsyncGenerator<RebuildEvent> {
  const queue: RebuildEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const done = start((event) => {
    queue.push(event);
    wake?.();
  }).finally(() => {
    finished = true;
    wake?.();
  });
  for (;;) {
    const event = queue.shift();
    if (event) {
      yield event;
      continue;
    }
    if (finished) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await done;
}

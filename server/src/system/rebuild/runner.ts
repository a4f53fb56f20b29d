// Entry points: runRebuild and runRollback. Both take the lock, choose backend and elevation,
// report every step as events, record the outcome (operation log, known-good generations) and
// end with exactly one `result` event, which they also return.
import * as path from 'node:path';
import { listGenerations, ProfileNotFoundError } from '../generations';
import { lastKnownGood, recordActivation, stateDirFromEnv } from '../knownGood';
import { switchGenerationCommand } from './commands';
import { activate, BuildFailed, buildFailed, describeSource, directRebuild, realpath, type BackendOutcome } from './direct';
import { DEFAULT_CHANNELS_DIR, upgradeChannels } from './channels';
import type { Elevation } from '../../protocol/plan';
import type { Backend, EventSink, RebuildEvent, ResultEvent } from '../../protocol/rebuild';
import { acquireOperationLock, discardLink, OperationLockedError, type OperationLock } from './lock';
import { nixosRebuildBackend } from './nixosRebuild';
import { appendOperation } from './operationLog';
import {
  buildsVm,
  DEFAULT_CURRENT_SYSTEM,
  DEFAULT_PROFILES_DIR,
  resolveConfiguration,
  resolveProfile,
  type ConfigurationSource,
  type RebuildOptions,
  type RollbackOptions,
} from './options';
import { elevations, planRebuild, planRollback, thisMachine, type MachineFacts } from './plan';
import { Session, StepFailure } from './session';

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
    // The build's GC root until the profile holds the system. We hold the lock, so one fixed
    // name in the state folder cannot collide with another operation.
    const temporaryLink = path.join(p.stateDir, 'result');
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
        return { outcome: 'failed', exitCode: result.exitCode, message: `Could not move the profile ${p.profile}${where} to generation ${target.generation} (nix-env exit code ${result.exitCode}): ${lines.filter((l) => l.trim()).pop() ?? 'no output'}. Nothing was activated.` };
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
  try {
    lock = acquireOperationLock(p.stateDir, info.action);
    outcome = await body();
  } catch (error) {
    if (error instanceof OperationLockedError) outcome = { outcome: 'refused', message: error.message };
    else if (error instanceof StepFailure) {
      outcome = error.cancelled || p.session.cancelled
        ? {
          outcome: 'cancelled',
          message: p.session.profileChanged
            ? 'Cancelled during activation. Every process it started was stopped, but the profile already points at the new generation; run the command again or roll back.'
            : 'Cancelled. Every process it started was stopped; the profile was not changed.',
        }
        : { outcome: 'failed', message: error.message, ...(error.exitCode !== undefined ? { exitCode: error.exitCode } : {}) };
    } else {
      outcome = { outcome: 'failed', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
    }
  } finally {
    await p.session.close();
    lock?.release();
  }
  const durationMs = Date.now() - info.started;
  const result: ResultEvent = {
    type: 'result',
    ok: outcome.outcome === 'ok' || outcome.outcome === 'up-to-date',
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
  };
  const switched = /switch$/.test(info.action) && outcome.generation !== undefined && outcome.activation !== undefined;
  if (switched) recordActivation(p.stateDir, p.profile, outcome.generation!, outcome.activation!, outcome.storePath, info.targetHost);
  {
    const config = configuration();
    appendOperation(p.stateDir, {
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
      ...(result.ok ? {} : { error: outcome.message.split(/(?<=\.)\s/)[0] }),
    });
  }
  p.session.emit(result);
  return result;
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

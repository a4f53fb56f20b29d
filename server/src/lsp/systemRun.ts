// Runs the editor's rebuilds and rollbacks and streams their events to the client
// (nixHumanity/systemEvent). What the person asked for runs in an operation runner, a process of
// its own started through exec.ts (system/detached/), so that it survives a window reload: the
// next server finds it (nixHumanity/systemRunning), replays its events and follows the rest.
// Background checks (check on save, build ahead) run here and stop with the server. Also answers
// the generations view and the generation diff.
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { ResultEvent } from '../protocol/rebuild';
import {
  SYSTEM_CANCEL,
  SYSTEM_DIFF,
  SYSTEM_EVENT,
  SYSTEM_GENERATIONS,
  SYSTEM_RUN,
  SYSTEM_RUNNING,
  type DiffParams,
  type GenerationsParams,
  type GenerationsResult,
  type PackageDiff,
  type RunningOperation,
  type SystemEventParams,
  type SystemRunEvent,
  type SystemRunningParams,
  type SystemRunParams,
} from '../protocol/systemRun';
import type { SystemPlanParams } from '../protocol/messages';
import { SYSTEM_ASKPASS } from '../protocol/askpass';
import type { AttachedRun, RunnerCommand, WarmRunner } from '../system/detached/client';

// The system modules are required on a first run, plan, generations or diff request: a server's
// start needs none of them (they were a fifth of the modules set up before the first diagnostics).
const client = () => require('../system/detached/client') as typeof import('../system/detached/client');
const state = () => require('../system/detached/state') as typeof import('../system/detached/state');
const editorRun = () => require('../system/editorRun') as typeof import('../system/editorRun');
const generationDiff = () => require('../system/generationDiff') as typeof import('../system/generationDiff');
const generationList = () => require('../system/generations') as typeof import('../system/generations');
const knownGood = () => require('../system/knownGood') as typeof import('../system/knownGood');
const options = () => require('../system/rebuild/options') as typeof import('../system/rebuild/options');

interface Run extends RunningOperation {
  cancel(): void;
  /** Set for a run in an operation runner; unset for one in this process. */
  runner?: AttachedRun;
}

const runs = new Map<string, Run>();
let exitHooked = false;
/** How this server starts an operation runner; unset (tests in one process): runs stay here. */
let runnerCommand: RunnerCommand | undefined;

/** The stdio server (a real process) runs what the person asks for in runners: `command args... __runner DIR`. */
export function useRunnerProcess(command: RunnerCommand | undefined): void {
  runnerCommand = command;
}

/** A runner started when the plan was asked for, so its Node has loaded by the time the person confirms. */
let ahead: { warm: WarmRunner; expiry: NodeJS.Timeout } | undefined;
/** An unused runner started ahead goes after this long. */
const AHEAD_MS = 120_000;

/** The editor asked for a plan to run here (not in a terminal): start its runner now. */
export function prepareRunner(plan: SystemPlanParams): void {
  if (!runnerCommand || plan.interactive) return;
  if (ahead) {
    clearTimeout(ahead.expiry);
    ahead.expiry = expire(ahead.warm);
    return;
  }
  const warm = client().warmRunner(runnerCommand, editorRun().envOf(plan), plan.cwd ?? '');
  if (warm) ahead = { warm, expiry: expire(warm) };
}

function expire(warm: WarmRunner): NodeJS.Timeout {
  const timer = setTimeout(() => {
    if (ahead?.warm === warm) ahead = undefined;
    client().discardWarm(warm);
  }, AHEAD_MS);
  timer.unref();
  return timer;
}

function takeAhead(): WarmRunner | undefined {
  const taken = ahead;
  ahead = undefined;
  if (taken) clearTimeout(taken.expiry);
  return taken?.warm;
}

export function registerSystemRun(connection: Connection): void {
  connection.onRequest(SYSTEM_RUN, (params, token) => runSystem(connection, params, token));
  connection.onNotification(SYSTEM_CANCEL, ({ id }) => runs.get(id)?.cancel());
  connection.onRequest(SYSTEM_RUNNING, (params) => running(connection, params ?? {}));
  connection.onRequest(SYSTEM_GENERATIONS, (params) => generations(params));
  connection.onRequest(SYSTEM_DIFF, (params) => diff(params));
  // When the process ends without a shutdown (its parent, the extension host, went away):
  // aborting sends the first SIGTERM to every process tree at once, before the process ends.
  // Runners are left to their grace period (a reload), or were stopped by a signal (exec.ts).
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', cancelAllRuns);
  }
}

/**
 * The editor is going away (shutdown: a window reload, a closed window, a server restart). Runs in
 * this process are cancelled, and waited for (5 s at most), so nothing is left behind; runs in
 * runners are let go: each waits its grace period for the next server, then cancels itself.
 * Called from the server's one shutdown handler: a connection keeps only the last handler registered.
 */
export async function shutdownRuns(): Promise<void> {
  const unused = takeAhead();
  if (unused) client().discardWarm(unused);
  for (const run of runs.values()) {
    if (run.runner) {
      run.runner.detach();
      runs.delete(run.id);
    }
  }
  cancelAllRuns();
  const deadline = Date.now() + 5000;
  while (runs.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** Stops every run in this process (the server is going away): a cancelled build changes nothing. */
export function cancelAllRuns(): void {
  for (const run of runs.values()) if (!run.runner) run.cancel();
}

export async function runSystem(connection: Connection, params: SystemRunParams, token?: CancellationToken): Promise<ResultEvent> {
  if (!params.background && runnerCommand) {
    const runner = await client().startRunner(params, runnerCommand, editorRun().envOf(params.plan), takeAhead());
    // A runner that could not start: the run goes on here, as before runners.
    if (runner) return follow(connection, runner, params);
  }
  const abort = new AbortController();
  const run: Run = { id: params.id, plan: params.plan, background: params.background ?? false, events: [], cancel: () => abort.abort() };
  runs.set(params.id, run);
  token?.onCancellationRequested(() => abort.abort());
  const send = (event: SystemRunEvent) => {
    const message: SystemEventParams = { id: params.id, seq: run.events.length, at: Date.now(), event };
    run.events.push(message);
    void connection.sendNotification(SYSTEM_EVENT, message);
  };
  try {
    return await editorRun().executeRun(params, send, abort.signal);
  } finally {
    runs.delete(params.id);
  }
}

/**
 * Streams a runner's events to the client until its result. A request cancelled by the client is
 * not a Cancel (a client stopping for a reload may cancel what it waits for): Cancel is systemCancel.
 */
async function follow(connection: Connection, runner: AttachedRun, params: Pick<SystemRunParams, 'id' | 'plan'>, replay = true): Promise<ResultEvent> {
  const run: Run = { id: params.id, plan: params.plan, background: false, events: runner.events, cancel: () => runner.cancel(), runner };
  runs.set(params.id, run);
  // sudo asks in the run: the password box of the window it started from while that window is
  // here, else (taken up after a reload or a restart) the one of this server's window.
  const started = params.plan.env?.SUDO_ASKPASS;
  runner.onAskpass(async () => started ?? (await connection.sendRequest(SYSTEM_ASKPASS, { id: params.id })).program);
  if (replay) for (const event of runner.events) void connection.sendNotification(SYSTEM_EVENT, event);
  runner.onEvent((event) => void connection.sendNotification(SYSTEM_EVENT, event));
  const result = await runner.done;
  if (runs.get(params.id) === run) {
    runs.delete(params.id);
    runner.remove();
  }
  return result;
}

/**
 * The runs going on now for the client's workspace: those of this server, and those of runners
 * left by an earlier server (a window reload), taken up here: their events so far are in the
 * answer, the rest follow as notifications. A run that ended while no server was there comes with
 * its result, once; then its folder goes.
 */
async function running(connection: Connection, params: SystemRunningParams): Promise<RunningOperation[]> {
  const ended: RunningOperation[] = [];
  if (params.cwd !== undefined) {
    const env = editorRun().envOf({ env: params.env ?? {} });
    for (const found of state().findRuns(env, params.cwd)) {
      if (runs.has(found.state.id)) continue;
      const plan = { ...found.state.plan, env: params.env ?? {} };
      if (found.alive) {
        try {
          const runner = await client().attach(found.dir, found.state);
          void follow(connection, runner, { id: found.state.id, plan }, false);
          continue;
        } catch {
          // Ended between the look and the attach: its file has the end (below), unless it is still
          // there and would not answer (then left alone: its grace period ends it).
          if (state().runnerAlive(found.state, found.dir)) continue;
        }
      }
      const events = state().readEvents(found.dir);
      state().removeRunFolder(found.dir, found.state);
      if (events.at(-1)?.event.type === 'result') ended.push({ id: found.state.id, plan, background: false, events });
    }
  }
  return [...current(), ...ended];
}

function current(): RunningOperation[] {
  return [...runs.values()].map(({ id, plan, background, events }) => ({ id, plan, background, events: [...events] }));
}

function generations(params: GenerationsParams): GenerationsResult {
  const env = editorRun().envOf(params);
  const profile = options().resolveProfile(params.profile || undefined, options().DEFAULT_PROFILES_DIR, process.cwd());
  try {
    const all = generationList().listGenerations(profile);
    const good = knownGood().knownGoodGenerations(knownGood().stateDirFromEnv(env), profile, all);
    return {
      profile,
      generations: all.map((g) => ({
        generation: g.generation,
        date: g.date.toISOString(),
        storePath: g.storePath,
        ...(g.nixosVersion ? { nixosVersion: g.nixosVersion } : {}),
        ...(g.kernelVersion ? { kernelVersion: g.kernelVersion } : {}),
        specialisations: g.specialisations,
        current: g.current,
        knownGood: good.has(g.generation),
      })),
    };
  } catch (error) {
    if (error instanceof generationList().ProfileNotFoundError) return { profile, generations: [], problem: error.message };
    throw error;
  }
}

async function diff(params: DiffParams): Promise<PackageDiff> {
  const profile = options().resolveProfile(params.profile || undefined, options().DEFAULT_PROFILES_DIR, process.cwd());
  const all = generationList().listGenerations(profile);
  const find = (n: number) => {
    const g = all.find((x) => x.generation === n);
    if (!g) throw new Error(`There is no generation ${n} in ${profile}.`);
    return g;
  };
  return generationDiff().diffGenerations(find(params.from).storePath, find(params.to).storePath, { env: editorRun().envOf(params) });
}

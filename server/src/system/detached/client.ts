// The language server's side of an operation runner: start one for a run (through exec.ts), attach
// to it over its socket (every event so far, then the rest), cancel it, or let it go (a window
// reload: the runner waits its grace period for the next server), and find the runs of a workspace
// again after a reload.
import * as net from 'node:net';
import * as path from 'node:path';
import type { ResultEvent } from '../../protocol/rebuild';
import type { SystemEventParams, SystemRunParams } from '../../protocol/systemRun';
import { adoptDetached, forgetDetached, processStartTime, startDetached, type DetachedProcess, type StartedDetached } from '../exec';
import type { RunnerMessage, ServerMessage } from './host';
import { askpassAnswer, type WindowAskpass } from './askpassRelay';
import { DEFAULT_GRACE_MS, newRunFolder, readEvents, removeRunFolder, RUNNER_COMMAND, RUNNER_LOG, runnerAlive, runsFolder, type RunnerInput, type RunnerState } from './state';

export interface RunnerCommand {
  /** The program (Node, or VS Code's Electron run as Node) and the arguments before ours (the CLI script). */
  command: string;
  args: readonly string[];
}

export interface AttachedRun {
  readonly id: string;
  readonly dir: string;
  readonly pid: number;
  /** Every event so far, in order (the replay first). */
  readonly events: SystemEventParams[];
  /** Called for each event after the replay. */
  onEvent(listener: (event: SystemEventParams) => void): void;
  /** The result, once the runner sent it (or, when it ended without one, a failure saying so). */
  readonly done: Promise<ResultEvent>;
  cancel(): void;
  /** Lets the runner go without cancelling it (this server is going away: a reload). */
  detach(): void;
  /** After the result: the run's folder goes. */
  remove(): void;
  /**
   * How this server says where its window's askpass is when sudo asks in the run (askpassRelay.ts).
   * The runner may ask as soon as the replay is in (a prompt waiting for a window): kept until set.
   */
  onAskpass(where: WindowAskpass): void;
}

/** The grace period: NIX_HUMANITY_RUNNER_GRACE_MS (tests), else 30 s. */
export function graceFromEnv(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.NIX_HUMANITY_RUNNER_GRACE_MS);
  return Number.isFinite(ms) && ms >= 100 ? ms : DEFAULT_GRACE_MS;
}

/** A runner started ahead of its run (while the confirmation is up): its Node has loaded when the run comes. */
export interface WarmRunner {
  dir: string;
  socket: string;
  token: string;
  runs: string;
  cwd: string;
  process: StartedDetached;
  startedAt: number;
}

/** Starts a runner that waits for its run on standard input. Undefined when it cannot start. */
export function warmRunner(runner: RunnerCommand, env: NodeJS.ProcessEnv, cwd: string): WarmRunner | undefined {
  let folder: ReturnType<typeof newRunFolder>;
  try {
    folder = newRunFolder(env);
  } catch {
    return undefined;
  }
  try {
    // The socket in its arguments (not secret: the token that opens it comes on stdin): it listens
    // while it waits, so the attach after the input needs no retries.
    const started = startDetached(runner.command, [...runner.args, RUNNER_COMMAND, folder.dir, folder.socket], {
      env: process.env,
      ...(cwd ? { cwd } : {}),
      stderrFile: path.join(folder.dir, RUNNER_LOG),
    });
    return { ...folder, runs: runsFolder(env), cwd, process: started, startedAt: Date.now() };
  } catch {
    removeRunFolder(folder.dir);
    return undefined;
  }
}

/** A runner started ahead and not used: stopped before it had a run (it removes its folder). */
export function discardWarm(warm: WarmRunner): void {
  forgetDetached(warm.process.pid);
  // Its standard input closes empty: the runner exits and removes its empty folder.
  warm.process.send('');
}

/**
 * Gives `params` to a runner (the one started ahead when it fits: same runs folder and working
 * folder, else a new one) and attaches to it. Undefined when it could not start or did not listen
 * within 10 s (it is stopped then): the caller runs the operation itself.
 */
export async function startRunner(params: SystemRunParams, runner: RunnerCommand, env: NodeJS.ProcessEnv, ahead?: WarmRunner): Promise<AttachedRun | undefined> {
  const cwd = params.plan.cwd ?? '';
  let warm = ahead;
  if (warm && (warm.runs !== runsFolder(env) || warm.cwd !== cwd || !processAlive(warm.process))) {
    discardWarm(warm);
    warm = undefined;
  }
  warm ??= warmRunner(runner, env, cwd);
  if (!warm) return undefined;
  const input: RunnerInput = { dir: warm.dir, socket: warm.socket, token: warm.token, graceMs: graceFromEnv(env), params };
  const started = warm.process;
  const state: RunnerState = {
    version: 1, id: params.id, pid: started.pid, ...(started.start ? { start: started.start } : {}), socket: warm.socket, token: warm.token,
    cwd, plan: params.plan, startedAt: Date.now(), graceMs: input.graceMs,
  };
  const ready = await sendAttached(warm, input, state);
  if (ready) return ready;
  // A runner still starting (a click at once) listens once its Node has loaded: try until then. A
  // failed connect to a Unix socket costs little, so the first second tries often (each 10 ms
  // wait was up to 10 ms of the run).
  const begun = Date.now();
  const deadline = begun + 10_000;
  for (;;) {
    try {
      return await attach(warm.dir, state);
    } catch {
      if (Date.now() > deadline || !runnerAlive(state, warm.dir)) break;
      await new Promise((r) => setTimeout(r, Date.now() - begun < 1000 ? 2 : 10));
    }
  }
  try {
    process.kill(started.pid, 'SIGTERM');
  } catch {
    // gone
  }
  forgetDetached(started.pid);
  removeRunFolder(warm.dir, state);
  return undefined;
}

/**
 * Sends the input to a runner that may already listen (started ahead): attached first, so that
 * its attach is there before the run starts and the first event comes as it happens.
 * Undefined when it does not listen yet (the input is sent all the same).
 */
async function sendAttached(warm: WarmRunner, input: RunnerInput, state: RunnerState): Promise<AttachedRun | undefined> {
  const early = attach(warm.dir, state).catch(() => undefined);
  // The connect is under way (or refused) before the runner can read its input.
  await new Promise((resolve) => setImmediate(resolve));
  warm.process.send(JSON.stringify(input));
  return early;
}

function processAlive(p: DetachedProcess): boolean {
  return p.start === undefined || processStartTime(p.pid) === p.start;
}

/**
 * Attaches to the runner of the run in `dir`: resolves once every event so far is in (rejects when
 * the socket cannot be reached or refuses the token).
 */
export function attach(dir: string, state: RunnerState): Promise<AttachedRun> {
  return new Promise((resolveAttach, rejectAttach) => {
    const socket = net.connect(state.socket);
    const events: SystemEventParams[] = [];
    const listeners: ((event: SystemEventParams) => void)[] = [];
    let replayed = false;
    let detached = false;
    let gotResult = false;
    let data = '';
    let askpass: WindowAskpass | undefined;
    let asked = 0;
    const answerAskpass = (where: WindowAskpass) => void askpassAnswer(where).then((answer) => answer && write(answer));
    let resolveDone!: (result: ResultEvent) => void;
    const done = new Promise<ResultEvent>((resolve) => (resolveDone = resolve));
    const write = (message: ServerMessage) => {
      if (!socket.destroyed) socket.write(JSON.stringify(message) + '\n');
    };
    const run: AttachedRun = {
      id: state.id,
      dir,
      pid: state.pid,
      events,
      onEvent: (listener) => void listeners.push(listener),
      done,
      cancel: () => write({ type: 'cancel' }),
      detach() {
        detached = true;
        socket.destroy();
        forgetDetached(state.pid);
      },
      remove: () => removeRunFolder(dir, state),
      onAskpass(where) {
        askpass = where;
        for (; asked > 0; asked--) answerAskpass(where);
      },
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => write({ type: 'attach', token: state.token }));
    socket.on('data', (chunk: string) => {
      data += chunk;
      let newline: number;
      while ((newline = data.indexOf('\n')) !== -1) {
        const text = data.slice(0, newline);
        data = data.slice(newline + 1);
        let message: RunnerMessage;
        try {
          message = JSON.parse(text) as RunnerMessage;
        } catch {
          continue;
        }
        if (message.type === 'askpass') {
          if (askpass) answerAskpass(askpass);
          else asked++;
          continue;
        }
        if (message.type === 'replayed') {
          replayed = true;
          adoptDetached({ pid: state.pid, start: state.start });
          resolveAttach(run);
          continue;
        }
        events.push(message.event);
        if (replayed) for (const l of listeners) l(message.event);
        if (message.event.event.type === 'result') {
          gotResult = true;
          resolveDone(message.event.event as ResultEvent);
        }
      }
    });
    socket.on('error', (error) => {
      if (!replayed) rejectAttach(error);
    });
    socket.on('close', () => {
      if (!replayed) return rejectAttach(new Error('the runner closed the connection'));
      forgetDetached(state.pid);
      if (detached || gotResult) return;
      // Ended without sending a result (killed): its file may have it; else say so.
      const last = readEvents(dir).find((e) => e.event.type === 'result');
      if (last) {
        if (!events.some((e) => e.seq === last.seq)) {
          events.push(last);
          for (const l of listeners) l(last);
        }
        return resolveDone(last.event as ResultEvent);
      }
      const result: ResultEvent = {
        type: 'result', ok: false, outcome: 'failed', action: (state.plan.operation === 'rollback' ? 'rollback-switch' : state.plan.action) as ResultEvent['action'],
        backend: 'direct', elevation: 'none', durationMs: Date.now() - state.startedAt,
        message: `The operation runner (pid ${state.pid}) stopped without a result; see ${path.join(dir, RUNNER_LOG)} and the operation log.`,
      };
      const event: SystemEventParams = { id: state.id, seq: events.length, at: Date.now(), event: result };
      events.push(event);
      for (const l of listeners) l(event);
      resolveDone(result);
    });
  });
}

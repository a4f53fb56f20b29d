// The operation runner's side (runs in the `__runner` process the language server starts): runs the
// operation, numbers its events, appends each to events.jsonl and sends it to every attached server
// over the run's Unix socket. A server attaches with the run's token and first gets every event so
// far, then the rest as they come; it may send cancel.
//
// The runner belongs to its window. While no server is attached (the window reloading, or gone)
// a grace period runs; when it passes without a server taking the run up, the run is cancelled
// exactly as Cancel would (its process groups get SIGTERM, then SIGKILL; the lock and GC root go;
// the result is recorded), and the runner exits. A signal to the runner (INT, TERM, HUP: the
// server got one itself, see exec.ts stopDetachedNow) cancels at once, as the CLI does.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { ResultEvent } from '../../protocol/rebuild';
import type { SystemEventParams, SystemRunEvent } from '../../protocol/systemRun';
import { executeRun } from '../editorRun';
import { EVENTS_FILE, writeState, type RunnerInput } from './state';
import { relayFor, type AskpassRelay } from './askpassRelay';
import { bootId, processStartTime } from '../exec';

/** One line on the socket, runner to server (`askpass`: sudo asks; where is your window's askpass?). */
export type RunnerMessage = { type: 'event'; event: SystemEventParams } | { type: 'replayed' } | { type: 'askpass' };
/** One line on the socket, server to runner (`askpass`: the answer, a path; see askpassRelay.ts). */
export type ServerMessage = { type: 'attach'; token: string } | { type: 'cancel' } | { type: 'askpass'; program?: string };

const MAX_LINE = 4096;
/** How long a runner started ahead waits for its server's attach before it starts the run anyway. */
const ATTACH_WAIT_MS = 10;

/** A runner's socket, listening before its run is known (see listenEarly). */
export interface EarlyListener {
  server: net.Server;
  /** From now on connections go to `handler`, the ones that came before first. */
  handOver(handler: (socket: net.Socket) => void): void;
  /** No run came: stop listening, and drop the connections held. */
  close(): void;
}

/**
 * Listens on `socketPath` before the run's input has come (a runner started ahead, while the
 * person reads the confirmation): the server that sends the input can attach at once, with no
 * retries, and the attach is taken before the run's synchronous start holds this event loop.
 * Connections wait, unread, until the input (with the token they must send) is there.
 */
export async function listenEarly(socketPath: string): Promise<EarlyListener> {
  const held: net.Socket[] = [];
  let handler: ((socket: net.Socket) => void) | undefined;
  const server = net.createServer((socket) => {
    if (handler) return handler(socket);
    socket.on('error', () => undefined);
    held.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    server,
    handOver(h) {
      handler = h;
      for (const socket of held.splice(0)) if (!socket.destroyed) h(socket);
    },
    close() {
      server.close();
      for (const socket of held.splice(0)) socket.destroy();
    },
  };
}

export async function hostRun(input: RunnerInput, signal: AbortSignal, early?: EarlyListener): Promise<ResultEvent> {
  let { params } = input;
  const events: SystemEventParams[] = [];
  const attached = new Set<net.Socket>();
  const cancel = new AbortController();
  let finished = false;
  let relay: AskpassRelay | undefined;
  let eventsFile: number | undefined;
  try {
    eventsFile = fs.openSync(path.join(input.dir, EVENTS_FILE), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW, 0o600);
  } catch {
    // Bookkeeping: without the file a run that ends while no window is there is only in the operation log.
  }
  const line = (message: RunnerMessage) => JSON.stringify(message) + '\n';
  const send = (event: SystemRunEvent) => {
    const message: SystemEventParams = { id: params.id, seq: events.length, at: Date.now(), event };
    events.push(message);
    if (eventsFile !== undefined) {
      try {
        fs.writeSync(eventsFile, JSON.stringify(message) + '\n');
      } catch {
        // a full or failing disk: the run goes on, the file stops here
        try {
          fs.closeSync(eventsFile);
        } catch {
          // closed
        }
        eventsFile = undefined;
      }
    }
    const text = line({ type: 'event', event: message });
    for (const socket of attached) socket.write(text);
  };

  let grace: NodeJS.Timeout | undefined;
  const startGrace = () => {
    if (finished || grace || attached.size > 0) return;
    grace = setTimeout(() => {
      grace = undefined;
      if (finished || attached.size > 0) return;
      send({ type: 'log', source: 'command', level: 'warning', text: `The editor window that started this went away and none took it up within ${Math.round(input.graceMs / 1000)} s: cancelling it, as Cancel would.` });
      cancel.abort();
    }, input.graceMs);
  };
  const stopGrace = () => {
    if (grace) clearTimeout(grace);
    grace = undefined;
  };

  let attachedOnce = () => undefined as void;
  const firstAttach = new Promise<void>((resolve) => (attachedOnce = resolve));
  const onConnection = (socket: net.Socket) => {
    let data = '';
    let ours = false;
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (attached.delete(socket)) startGrace();
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > MAX_LINE) return void socket.destroy();
      let newline: number;
      while ((newline = data.indexOf('\n')) !== -1) {
        const text = data.slice(0, newline);
        data = data.slice(newline + 1);
        let message: ServerMessage;
        try {
          message = JSON.parse(text) as ServerMessage;
        } catch {
          return void socket.destroy();
        }
        if (!ours) {
          if (message.type !== 'attach' || message.token !== input.token) return void socket.destroy();
          ours = true;
          attachedOnce();
          stopGrace();
          // Everything so far, then the rest as it comes (the same order for every server).
          socket.write(events.map((event) => line({ type: 'event', event })).join('') + line({ type: 'replayed' }));
          if (finished) socket.end();
          else attached.add(socket);
          relay?.serverAttached();
        } else if (message.type === 'cancel') {
          cancel.abort();
        } else if (message.type === 'askpass') {
          relay?.answered(message.program);
        }
      }
    });
  };
  const server = early?.server ?? await listen(input.socket, onConnection);
  early?.handOver(onConnection);
  try {
    const start = processStartTime(process.pid);
    const boot = bootId();
    const { env: _secretsMaybe, ...plan } = params.plan;
    writeState(input.dir, {
      version: 1,
      id: params.id,
      pid: process.pid,
      ...(start ? { start } : {}),
      ...(boot ? { boot } : {}),
      socket: input.socket,
      token: input.token,
      cwd: params.plan.cwd ?? '',
      plan,
      startedAt: Date.now(),
      graceMs: input.graceMs,
    });
  } catch {
    // Bookkeeping: the server that started it is attached by the socket it chose; only a reattach
    // after a reload needs the state file.
  }
  startGrace();
  // sudo -A asks through the runner, which relays to whichever window is attached when it asks.
  ({ relay, params } = await relayFor(params, input, () => {
    for (const socket of attached) socket.write(line({ type: 'askpass' }));
  }));
  if (early) await attachFirst(firstAttach);

  let result: ResultEvent;
  try {
    result = await executeRun(params, send, AbortSignal.any([signal, cancel.signal]));
  } finally {
    finished = true;
    stopGrace();
    relay?.close();
    server.close();
    if (eventsFile !== undefined) {
      try {
        fs.closeSync(eventsFile);
      } catch {
        // closed
      }
    }
    // The attached servers have the result once their sockets drain: end them and wait (2 s at most).
    await Promise.race([
      Promise.all([...attached].map((socket) => new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      }))),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
    try {
      fs.unlinkSync(input.socket);
    } catch {
      // removed with the folder by the server
    }
  }
  return result;
}

function listen(socketPath: string, onConnection: (socket: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer(onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      fs.chmodSync(socketPath, 0o600);
      resolve(server);
    });
  });
}

/**
 * The server that started the runner ahead connects before it sends the input: its attach is
 * taken before the run starts (a millisecond or two), as the run's synchronous start (its first
 * process spawned) would hold this event loop, and with it the first events, for 5-40 ms.
 * Bounded: a server that does not attach at once takes the run up later, with every event so far.
 */
async function attachFirst(attached: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([attached, new Promise<void>((resolve) => (timer = setTimeout(resolve, ATTACH_WAIT_MS)))]);
  clearTimeout(timer);
}

// sudo -A in an operation runner, across window reloads. The window that started a run gives it
// SUDO_ASKPASS: its own askpass program, a socket in a private folder that asks in that window's
// password box (client/src/askpass.ts). That window may be gone (reloaded) by the time sudo asks,
// so the run's SUDO_ASKPASS is the runner's own instead: the same helper, pointed at a socket the
// runner holds (same protocol: a one-time token from a 0600 file beside the socket). Each prompt
// is relayed to the window attached now: the runner asks its server over the authenticated attach
// socket where that window's askpass is (`{type:'askpass'}`, answered with a path, never a
// password), then talks to that socket itself and hands the answer back to the helper unread.
// No server attached: the prompt waits for the next one (the grace period ends the run, and the
// prompt with it, if none comes). A window that goes while its box is up (no answer at all): the
// prompt is asked again in the next window. A dismissed box is an answer: sudo gets no password.
// The password is only ever in the runner's memory on its way through: never in a file, event,
// log, argument or environment; the language server never sees it (only the folder's path).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAskpassRequest } from '../../protocol/askpass';

/** An answer is one short JSON line; anything longer is not one. */
const MAX_ANSWER = 8192;
const NO_PASSWORD = JSON.stringify({ ok: false }) + '\n';

/** The server's side: where the askpass of the window attached now is (its program's path), if it has one. */
export type WindowAskpass = () => Promise<string | undefined>;

/**
 * Whether `program` is an askpass program of this extension (a window's, client/src/askpass.ts):
 * `askpass` in a folder of ours nobody else may read, beside its socket. Anything else (a
 * person's own SUDO_ASKPASS, say a graphical one) is left to sudo as it is.
 */
export function windowAskpassFolder(program: string | undefined): string | undefined {
  if (typeof program !== 'string' || !path.isAbsolute(program) || path.basename(program) !== 'askpass') return undefined;
  const dir = path.dirname(program);
  if (!path.basename(dir).startsWith('nh-askpass-')) return undefined;
  try {
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o077) !== 0) return undefined;
    if (!fs.lstatSync(path.join(dir, 's')).isSocket()) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

interface Prompt {
  prompt: string;
  helper: net.Socket;
  /** Being asked in a window now. */
  asking: boolean;
  /** Fails the prompt when no window takes it within the wait. */
  timer?: NodeJS.Timeout;
}

export interface AskpassRelay {
  /** The run's SUDO_ASKPASS. */
  readonly program: string;
  /** Sends `{type:'askpass'}` to every server attached now (set by the host). */
  ask: () => void;
  /** A server attached: prompts waiting for a window are asked through it. */
  serverAttached(): void;
  /** A server answered where its window's askpass is (undefined: it has none). */
  answered(program: string | undefined): void;
  close(): void;
}

/**
 * Starts the relay for a run whose SUDO_ASKPASS is a window's askpass (else undefined: nothing to
 * relay). `helper` is the askpass helper (dist/askpass.cjs beside the CLI); `waitMs` how long a
 * prompt waits for a window (the grace period). The folder goes in `near` when the socket path
 * fits there, else in the temporary folder.
 */
export async function startAskpassRelay(original: string | undefined, helper: string, near: string, waitMs: number): Promise<AskpassRelay | undefined> {
  if (!windowAskpassFolder(original) || !fs.existsSync(helper)) return undefined;
  let dir = path.join(near, 'askpass');
  // sun_path holds 108 bytes.
  if (Buffer.byteLength(path.join(dir, 's')) > 100) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-relay-'));
  else fs.mkdirSync(dir, { mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const socketPath = path.join(dir, 's');
  const tokenFile = path.join(dir, 'token');
  const newToken = () => {
    const t = randomBytes(32).toString('hex');
    fs.writeFileSync(tokenFile, t, { mode: 0o600 });
    return t;
  };
  let token = newToken();
  const waiting: Prompt[] = [];
  let closed = false;

  const settle = (p: Prompt, answer: string) => {
    const i = waiting.indexOf(p);
    if (i !== -1) waiting.splice(i, 1);
    if (p.timer) clearTimeout(p.timer);
    if (!p.helper.destroyed) p.helper.end(answer);
  };
  const wait = (p: Prompt) => {
    p.asking = false;
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => settle(p, NO_PASSWORD), waitMs);
  };

  /** Asks the window whose askpass folder is `folder`; no answer at all (the window went): waits for the next. */
  const askWindow = (p: Prompt, folder: string) => {
    p.asking = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    let windowToken: string;
    try {
      windowToken = fs.readFileSync(path.join(folder, 'token'), 'utf8').trim();
    } catch {
      return wait(p);
    }
    const upstream = net.connect(path.join(folder, 's'));
    let answer = '';
    upstream.setEncoding('utf8');
    upstream.on('connect', () => upstream.write(JSON.stringify({ token: windowToken, prompt: p.prompt }) + '\n'));
    upstream.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.length > MAX_ANSWER) upstream.destroy();
    });
    upstream.on('error', () => undefined);
    upstream.on('close', () => {
      if (closed) return;
      if (answer && answer.length <= MAX_ANSWER) settle(p, answer);
      // Not re-asked at once: the server attached now may be the one of the window that went;
      // the next server to attach asks again (serverAttached).
      else wait(p);
      answer = '';
    });
    // The helper gave up (sudo was stopped): the window's box goes too.
    p.helper.once('close', () => upstream.destroy());
  };

  const relay: AskpassRelay = {
    program: path.join(dir, 'askpass'),
    ask: () => undefined,
    serverAttached() {
      if (waiting.some((p) => !p.asking)) relay.ask();
    },
    answered(program) {
      const folder = windowAskpassFolder(program);
      for (const p of [...waiting]) {
        if (p.asking) continue;
        if (folder) askWindow(p, folder);
        // The window attached now has no password box (askpass off there): sudo gets no password.
        else settle(p, NO_PASSWORD);
      }
    },
    close() {
      closed = true;
      server.close();
      // Prompts still waiting get no password: sudo fails instead of waiting for an answer.
      for (const p of [...waiting]) {
        if (p.timer) clearTimeout(p.timer);
        p.helper.destroy();
      }
      waiting.length = 0;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  const server = net.createServer((helper) => {
    let data = '';
    let handled = false;
    helper.setEncoding('utf8');
    helper.on('error', () => undefined);
    helper.on('data', (chunk: string) => {
      // One request a connection: anything after it is ignored.
      if (handled) return;
      data += chunk;
      const request = readAskpassRequest(data, token);
      if (request.kind === 'incomplete') return;
      handled = true;
      if (request.kind === 'malformed') return void helper.destroy();
      if (request.kind === 'refused') return void helper.end(NO_PASSWORD);
      // One use: the next helper run needs the next token.
      token = newToken();
      const p: Prompt = { prompt: request.prompt, helper, asking: false };
      waiting.push(p);
      helper.once('close', () => {
        const i = waiting.indexOf(p);
        if (i !== -1) waiting.splice(i, 1);
        if (p.timer) clearTimeout(p.timer);
      });
      wait(p);
      relay.ask();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // As a window's program: sudo runs it with the prompt as its one argument.
  fs.writeFileSync(relay.program, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${quote(process.execPath)} ${quote(helper)} ${quote(dir)} "$@"\n`, { mode: 0o700 });
  return relay;
}

/**
 * The server's answer to a runner's `{type:'askpass'}`: the path of the askpass program of the
 * window this server serves, or none (askpass off there: sudo gets no password). Undefined, no
 * answer, when the window could not say (its client going away in a reload, say): the prompt
 * then waits for the next server, the grace period at most.
 */
export async function askpassAnswer(where: WindowAskpass): Promise<{ type: 'askpass'; program?: string } | undefined> {
  let program: string | undefined;
  try {
    program = await where();
  } catch {
    return undefined;
  }
  return { type: 'askpass', ...(typeof program === 'string' && program ? { program } : {}) };
}

/**
 * The run as the runner runs it: with the relay as its SUDO_ASKPASS when the window gave its own
 * (`ask` reaches the servers attached now). Without a relay (none needed, or it could not start:
 * a full temporary folder, no helper beside the CLI) the run keeps the window's program, which
 * works as long as that window does.
 */
export async function relayFor<P extends { plan: { env?: Record<string, string> } }>(params: P, input: { dir: string; graceMs: number }, ask: () => void): Promise<{ relay?: AskpassRelay; params: P }> {
  const original = params.plan.env?.SUDO_ASKPASS;
  if (!original) return { params };
  let relay: AskpassRelay | undefined;
  try {
    relay = await startAskpassRelay(original, path.join(path.dirname(process.argv[1] ?? ''), 'askpass.cjs'), input.dir, input.graceMs);
  } catch {
    relay = undefined;
  }
  if (!relay) return { params };
  relay.ask = ask;
  return { relay, params: { ...params, plan: { ...params.plan, env: { ...params.plan.env, SUDO_ASKPASS: relay.program } } } };
}

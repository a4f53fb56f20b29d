// The runner's askpass relay (server/src/system/detached/askpassRelay.ts) on its own, with the real
// helper (dist/askpass.cjs) run as sudo runs it and real window askpass servers
// (client/src/askpass.ts) standing for the windows: which window is asked, when, and what the
// helper gets. The server side of the relay (where a window's askpass is) is the `answered` call.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAskpass, type AskpassServer } from '../../../client/src/askpass';
import { startAskpassRelay, windowAskpassFolder, type AskpassRelay } from '../../../server/src/system/detached/askpassRelay';
import { root } from '../../support/vsix';
import { waitFor } from './support';

const HELPER = path.join(root, 'dist', 'askpass.cjs');

/** The relay's program as sudo runs it: the prompt as its argument; what it prints and its exit code. */
function helper(relay: AskpassRelay): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string }> } {
  const child = spawn(relay.program, ['[sudo] password for me: '], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  return { child, done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout }))) };
}

describe('the runner\'s askpass relay (real helper, real window askpass servers)', function () {
  this.timeout(30_000);
  let dir: string;
  const closing: { close(): void }[] = [];
  before(() => assert.ok(fs.existsSync(HELPER), 'dist/askpass.cjs is built (npm run build)'));
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-relay-test-'))));
  afterEach(() => {
    for (const c of closing.splice(0)) c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function windowAskpass(answer: (prompt: string, gone: AbortSignal) => Promise<string | undefined>): Promise<AskpassServer> {
    const a = await startAskpass(answer, process.execPath, HELPER);
    closing.push(a);
    return a;
  }

  /** A relay whose `ask` (to the servers attached now) is counted; `waitMs` for a window. */
  async function relay(original: string, waitMs = 10_000): Promise<AskpassRelay & { asks: number }> {
    const r = (await startAskpassRelay(original, HELPER, dir, waitMs)) as AskpassRelay & { asks: number };
    assert.ok(r, 'the relay started');
    closing.push(r);
    r.asks = 0;
    r.ask = () => void r.asks++;
    return r;
  }

  it('relays only for a window\'s askpass: a folder of ours, 0700, with its socket', async () => {
    const w = await windowAskpass(async () => 'x');
    assert.equal(windowAskpassFolder(w.program), w.dir);
    assert.equal(windowAskpassFolder('/usr/bin/ssh-askpass'), undefined);
    assert.equal(windowAskpassFolder('askpass'), undefined);
    assert.equal(windowAskpassFolder(42 as unknown as string), undefined, 'not a path (a message is checked, not trusted)');
    assert.equal(await startAskpassRelay('/usr/bin/ssh-askpass', HELPER, dir, 1000), undefined, 'a person\'s own program is left alone');
    fs.chmodSync(w.dir, 0o755);
    assert.equal(windowAskpassFolder(w.program), undefined, 'a folder others may read is not trusted');
    fs.chmodSync(w.dir, 0o700);
  });

  it('asks the window the server names, and the helper prints its answer; the relay\'s folder is private', async () => {
    const prompts: string[] = [];
    const w = await windowAskpass(async (prompt) => {
      prompts.push(prompt);
      return 'pass word';
    });
    const r = await relay(w.program);
    const folder = path.dirname(r.program);
    assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(folder, 'token')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(folder, 's')).mode & 0o777, 0o600);
    const h = helper(r);
    await waitFor(() => r.asks === 1, 10_000, 'the relay to ask the attached servers');
    r.answered(w.program);
    const { code, stdout } = await h.done;
    assert.equal(code, 0);
    assert.equal(stdout, 'pass word\n');
    assert.deepEqual(prompts, ['[sudo] password for me: ']);
    for (const name of fs.readdirSync(folder)) if (name !== 's') assert.ok(!fs.readFileSync(path.join(folder, name), 'utf8').includes('pass word'), name);
  });

  it('no window yet: the prompt waits for a server to attach; a window that goes mid-prompt is replaced by the next', async () => {
    let firstAsked!: () => void;
    const asked = new Promise<void>((resolve) => (firstAsked = resolve));
    const first = await windowAskpass(() => {
      firstAsked();
      return new Promise<string | undefined>(() => undefined);
    });
    const r = await relay(first.program);
    const h = helper(r);
    await waitFor(() => r.asks === 1, 10_000, 'the first ask');
    r.answered(first.program);
    await asked;
    // The window goes with its box up (a reload): no answer at all, so the prompt waits.
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(h.child.exitCode, null, 'the helper still waits');
    const second = await windowAskpass(async () => 'second window');
    r.serverAttached();
    assert.equal(r.asks, 2, 'asked again when a server attached');
    r.answered(second.program);
    const { code, stdout } = await h.done;
    assert.equal(code, 0);
    assert.equal(stdout, 'second window\n');
  });

  it('a dismissed box, a window without askpass, or no window in time: the helper fails with nothing printed', async () => {
    const dismissing = await windowAskpass(async () => undefined);
    const r = await relay(dismissing.program, 800);
    let h = helper(r);
    await waitFor(() => r.asks === 1, 10_000, 'the ask');
    r.answered(dismissing.program);
    assert.deepEqual(await h.done, { code: 1, stdout: '' });
    h = helper(r);
    await waitFor(() => r.asks === 2, 10_000, 'the second ask');
    r.answered(undefined);
    assert.deepEqual(await h.done, { code: 1, stdout: '' });
    h = helper(r);
    const t0 = Date.now();
    assert.deepEqual(await h.done, { code: 1, stdout: '' });
    assert.ok(Date.now() - t0 >= 700, 'failed after the wait, not before');
  });

  it('the helper stopped while the box is up (the run cancelled): the window is told, so its box closes', async () => {
    let gone: AbortSignal | undefined;
    const w = await windowAskpass((_prompt, signal) => {
      gone = signal;
      return new Promise<string | undefined>(() => undefined);
    });
    const r = await relay(w.program);
    const h = helper(r);
    await waitFor(() => r.asks === 1, 10_000, 'the ask');
    r.answered(w.program);
    await waitFor(() => gone !== undefined, 10_000, 'the box');
    assert.equal(gone!.aborted, false);
    h.child.kill('SIGKILL');
    await waitFor(() => gone!.aborted, 5_000, 'the window to hear that nothing waits for the answer');
  });

  it('refuses a client without the current token; a token is good once; close ends waiting prompts', async () => {
    const w = await windowAskpass(async () => 'x');
    const r = await relay(w.program);
    const folder = path.dirname(r.program);
    const request = (token: string) => new Promise<string>((resolve) => {
      const socket = net.connect(path.join(folder, 's'));
      let data = '';
      socket.on('connect', () => socket.write(JSON.stringify({ token, prompt: 'x' }) + '\n'));
      socket.on('data', (b) => (data += b));
      socket.on('close', () => resolve(data));
      // A request with the right token waits for a window: answered here.
      setTimeout(() => r.answered(w.program), 200);
    });
    assert.deepEqual(JSON.parse(await request('not-the-token')), { ok: false });
    const token = fs.readFileSync(path.join(folder, 'token'), 'utf8');
    assert.equal(JSON.parse(await request(token)).ok, true);
    assert.deepEqual(JSON.parse(await request(token)), { ok: false }, 'the same token again');
    const h = helper(r);
    await waitFor(() => r.asks === 2, 10_000, 'the ask');
    r.close();
    assert.equal((await h.done).code, 1);
    assert.equal(fs.existsSync(folder), false, 'the folder goes with the relay');
  });
});

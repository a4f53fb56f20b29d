// sudo -A after a window reload: the run's sudo asks through the operation runner, which relays
// each prompt to the window attached at that moment (server/src/system/detached/askpassRelay.ts).
// Real language-server processes (dist/cli.cjs lsp --stdio), the real runner, real Nix and the
// stand-in NixOS, a strict stand-in sudo, and each window's own askpass (client/src/askpass.ts)
// answering as the password box would. No password is in any file: the test holds it in memory,
// and checks it is nowhere else: events, the run's files, logs, the operation log, argv and env.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startAskpass, type AskpassServer } from '../../client/src/askpass';
import type { ResultEvent } from '../../server/src/protocol/rebuild';
import { SYSTEM_RUN, SYSTEM_RUNNING, type SystemEventParams, type SystemRunParams } from '../../server/src/protocol/systemRun';
import { Machine, NIX_ENV, NIXPKGS, processesWith, requireNix, waitFor } from '../system/runner/support';
import { root } from '../support/vsix';
import { CLI, standinSudo as sudoIn, Window } from './lspWindow';

const HELPER = path.join(root, 'dist', 'askpass.cjs');
const GRACE_MS = 20_000;

/** The text of every file under `dir` (sockets and the like skipped). */
function textsUnder(dir: string): string {
  let all = '';
  if (!fs.existsSync(dir)) return all;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) all += fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return all;
}

/** The argv and environment of every process of ours that can be read now. */
function processTexts(): { text: string; count: number } {
  let text = '';
  let count = 0;
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      text += fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1') + fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      count++;
    } catch {
      // not ours, or gone
    }
  }
  return { text, count };
}

describe('sudo -A after a window reload: the runner relays the prompt to the new window (real processes, real Nix)', function () {
  this.timeout(180_000);
  let m: Machine;
  const windows: Window[] = [];
  const askpasses: AskpassServer[] = [];
  before(() => {
    requireNix();
    assert.ok(fs.existsSync(CLI) && fs.existsSync(HELPER), 'dist/ is built (npm run build)');
  });
  beforeEach(() => (m = new Machine('reattach-askpass')));
  afterEach(() => {
    for (const w of windows.splice(0)) if (w.alive) w.server.kill('SIGKILL');
    for (const a of askpasses.splice(0)) a.close();
    for (const line of processesWith(path.join(m.dir, 'runs'))) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    m.remove();
  });

  async function window(askpass: AskpassServer | undefined): Promise<Window> {
    const w = new Window(m, askpass?.program, { NIX_HUMANITY_RUNNER_GRACE_MS: String(GRACE_MS) });
    windows.push(w);
    await w.initialize();
    return w;
  }

  async function askpass(answer: (prompt: string) => Promise<string | undefined>): Promise<AskpassServer> {
    const a = await startAskpass(answer, process.execPath, HELPER);
    askpasses.push(a);
    return a;
  }

  const standinSudo = (secret: string) => sudoIn(m.dir, secret);

  function params(id: string, buildSeconds: number, bin: string, program: string): SystemRunParams {
    const env = { NIX_CONFIG: NIX_ENV.NIX_CONFIG!, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem, PATH: `${bin}:${process.env.PATH}`, SUDO_ASKPASS: program };
    return {
      id,
      plan: { operation: 'rebuild', action: 'switch', includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config('', { buildSeconds, marker: `nh-askpass-relay-${id}-${path.basename(m.dir)}` })}`], profile: m.profile, elevate: 'sudo', backend: 'direct', env, cwd: m.dir, interactive: false },
    };
  }

  const building = (events: SystemEventParams[]) => events.some((e) => e.event.type === 'phase' && e.event.phase === 'building');

  /** Takes the run up in `w` and waits for its result: every event, in order. */
  async function takeUp(w: Window, run: SystemRunParams): Promise<{ events: SystemEventParams[]; result: ResultEvent }> {
    const running = await w.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: { NIX_HUMANITY_STATE_DIR: m.stateDir } });
    assert.deepEqual(running.map((r) => r.id), [run.id]);
    const replayed = running[0]!.events;
    const all = () => [...replayed, ...w.events.filter((e) => !replayed.some((r) => r.seq === e.seq))].sort((a, b) => a.seq - b.seq);
    await waitFor(() => all().some((e) => e.event.type === 'result'), 120_000, 'the result');
    const events = all();
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), 'no event lost or repeated across the reload');
    return { events, result: events.at(-1)!.event as ResultEvent };
  }

  it('a prompt that first comes after the reload is answered in the new window; the switch goes on; the password is nowhere else', async () => {
    const secret = `relay ${Math.random().toString(36).slice(2)} secret`;
    const bin = standinSudo(secret);
    let firstAsked = 0;
    const first = await askpass(async () => {
      firstAsked++;
      return undefined;
    });
    const w1 = await window(first);
    const run = params('relay-1', 5, bin, first.program);
    void w1.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await waitFor(() => building(w1.events), 60_000, 'the build phase');
    // The reload, while it builds (before sudo asks): the old window's askpass and server go.
    first.close();
    await w1.reload();

    const prompts: string[] = [];
    const seen: { files: string; processes: string; count: number }[] = [];
    const second = await askpass(async (prompt) => {
      prompts.push(prompt);
      // While the box is up (the first password already given to the first sudo, for the second
      // prompt): the run's files and every process's argv and environment.
      const p = processTexts();
      seen.push({ files: textsUnder(path.join(m.dir, 'runs')) + textsUnder(m.stateDir), processes: p.text, count: p.count });
      return secret;
    });
    const w2 = await window(second);
    const { events, result } = await takeUp(w2, run);
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.generation, 1);
    assert.match(path.basename(fs.readlinkSync(m.profile)), /system-1-link$/);
    assert.equal(m.activations().length, 1, 'activated once');
    assert.equal(firstAsked, 0, 'the old window was not asked');
    assert.equal(prompts.length, 2, 'nix-env --set and switch-to-configuration each asked, in the new window');
    assert.ok(prompts.every((p) => p === '[sudo] password for me: '), JSON.stringify(prompts));

    // Nowhere but in sudo: not in the events, the run's files or the state folder while the
    // box was up, nor in any process's argv or environment then (the runner's included), nor
    // in what the servers and the runner wrote, nor in the files left at the end.
    assert.ok(seen[0]!.files.includes('"relay-1"'), 'the snapshot saw the run folder (state.json)');
    assert.ok(seen[0]!.count > 3 && seen[1]!.processes.includes('__runner'), 'the snapshot read the runner process');
    fs.rmSync(path.join(m.dir, 'expected'));
    const everywhere = [
      JSON.stringify(events),
      JSON.stringify(w1.events),
      JSON.stringify(w2.events),
      ...seen.map((s) => s.files + s.processes),
      w1.stderr,
      w2.stderr,
      textsUnder(m.dir),
    ].join('\n');
    assert.ok(!everywhere.includes(secret), 'the password appears nowhere');
    await waitFor(() => processesWith(path.join(m.dir, 'runs')).length === 0, 10_000, 'the runner to exit');
    await waitFor(() => fs.readdirSync(path.join(m.dir, 'runs')).length === 0, 5_000, 'the run folder to go (the relay folder with it)');
  });

  it('a box open when the window reloads is asked again in the next window, and the switch goes on', async () => {
    const secret = `again ${Math.random().toString(36).slice(2)}`;
    const bin = standinSudo(secret);
    let asked!: () => void;
    const prompted = new Promise<void>((r) => (asked = r));
    // The old window's box: never answered (the window goes away while it is up).
    const first = await askpass(() => {
      asked();
      return new Promise<string | undefined>(() => undefined);
    });
    const w1 = await window(first);
    const run = params('relay-2', 0, bin, first.program);
    void w1.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await prompted;
    first.close();
    await w1.reload();
    const prompts: string[] = [];
    const second = await askpass(async (prompt) => {
      prompts.push(prompt);
      return secret;
    });
    const w2 = await window(second);
    const { result } = await takeUp(w2, run);
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(m.activations().length, 1);
    assert.equal(prompts.length, 2, 'the prompt that was open, then the second sudo');
  });

  it('the new window has no password box (askpass off there): sudo gets no password, nothing is activated', async () => {
    const bin = standinSudo('never given');
    const first = await askpass(async () => undefined);
    const w1 = await window(first);
    const run = params('relay-3', 3, bin, first.program);
    void w1.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await waitFor(() => building(w1.events), 60_000, 'the build phase');
    first.close();
    await w1.reload();
    const w2 = await window(undefined);
    const { result } = await takeUp(w2, run);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /no password was provided|could not get root rights/);
    assert.equal(fs.existsSync(m.profile), false, 'the profile was not set');
    assert.equal(m.activations().length, 0);
  });
});

// A build survives a window reload: the real language server (dist/cli.cjs lsp --stdio, a process
// of its own, as VS Code starts it) runs what the person asked for in an operation runner; the
// server goes away as in a reload (shutdown and exit, or killed), a new server takes the run up,
// replays every event and follows it to its real end. Without a new server within the grace
// period the runner cancels the run as Cancel would: nothing changes, no process is left. Real
// Nix and the stand-in NixOS throughout.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResultEvent } from '../../server/src/protocol/rebuild';
import { SYSTEM_PLAN } from '../../server/src/protocol/messages';
import { SYSTEM_CANCEL, SYSTEM_RUN, SYSTEM_RUNNING, type RunningOperation, type SystemEventParams, type SystemRunParams } from '../../server/src/protocol/systemRun';
import { startAskpass } from '../../client/src/askpass';
import { Machine, NIX_ENV, NIXPKGS, processesWith, requireNix, waitFor } from '../system/runner/support';
import { root } from '../support/vsix';
import { CLI, standinSudo as sudoIn, Window } from './lspWindow';

const GRACE_MS = 3000;

/** A language server process, as the extension starts it, with no askpass of its own. */
class Server extends Window {
  constructor(m: Machine) {
    super(m, undefined, { NIX_HUMANITY_RUNNER_GRACE_MS: String(GRACE_MS) });
  }

  get process(): ChildProcess {
    return this.server;
  }
}

/** The runner processes of this machine's runs (their command line names the runs folder). */
function runners(m: Machine): string[] {
  return processesWith(path.join(m.dir, 'runs'));
}

describe('a build survives a window reload (real server processes, operation runner, real Nix)', function () {
  this.timeout(180_000);
  let m: Machine;
  const servers: Server[] = [];
  before(() => {
    requireNix();
    assert.ok(fs.existsSync(CLI), 'dist/cli.cjs is built (npm run build)');
  });
  beforeEach(() => (m = new Machine('reattach')));
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.process.exitCode === null && s.process.signalCode === null) await s.kill('SIGKILL');
    for (const line of runners(m)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    m.remove();
  });

  async function server(): Promise<Server> {
    const s = new Server(m);
    servers.push(s);
    await s.initialize();
    return s;
  }

  function params(id: string, buildSeconds: number, marker: string): SystemRunParams {
    const env = { NIX_CONFIG: NIX_ENV.NIX_CONFIG!, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    return { id, plan: { operation: 'rebuild', action: 'switch', includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config('', { buildSeconds, marker })}`], profile: m.profile, elevate: 'none', backend: 'direct', env, cwd: m.dir, interactive: false } };
  }

  const building = (events: SystemEventParams[]) => events.some((e) => e.event.type === 'phase' && e.event.phase === 'building');

  it('a new server takes the run up after the old one went (shutdown, exit): every event, then the new generation', async () => {
    const marker = `nh-reattach-${path.basename(m.dir)}`;
    const first = await server();
    const run = params('reload-1', 6, marker);
    void first.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await waitFor(() => building(first.events), 60_000, 'the build phase');
    const seenBefore = first.events.length;
    await first.reload();
    // The runner goes on without a server: the builder is still running.
    assert.equal(runners(m).length, 1, 'one runner, alive after its server went');
    assert.ok(processesWith(marker).length > 0, 'the build goes on');

    const second = await server();
    const t0 = Date.now();
    const running = await second.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: run.plan.env });
    const reattachMs = Date.now() - t0;
    assert.equal(running.length, 1, JSON.stringify(running));
    const taken: RunningOperation = running[0]!;
    assert.equal(taken.id, 'reload-1');
    assert.equal(taken.plan.action, 'switch');
    assert.ok(!JSON.stringify(taken.plan).includes('NIX_CONFIG') || taken.plan.env?.NIX_CONFIG === run.plan.env?.NIX_CONFIG, 'the plan from the state file has no environment of its own');
    // The replay holds everything the first server had seen, in order, from seq 0.
    assert.ok(taken.events.length >= seenBefore, `${taken.events.length} replayed, ${seenBefore} seen before`);
    assert.deepEqual(taken.events.slice(0, seenBefore).map((e) => JSON.stringify(e)), first.events.slice(0, seenBefore).map((e) => JSON.stringify(e)));
    await waitFor(() => second.events.some((e) => e.event.type === 'result') || taken.events.some((e) => e.event.type === 'result'), 120_000, 'the result');
    const all = [...taken.events, ...second.events.filter((e) => !taken.events.some((t) => t.seq === e.seq))].sort((a, b) => a.seq - b.seq);
    assert.deepEqual(all.map((e) => e.seq), all.map((_, i) => i), 'no event lost or repeated across the reload');
    const result = all.at(-1)!.event as ResultEvent;
    assert.equal(result.type, 'result');
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.generation, 1);
    assert.equal(all.at(-2)!.event.type, 'summary');
    assert.match(path.basename(fs.readlinkSync(m.profile)), /system-1-link$/);
    assert.equal(m.activations().length, 1, 'activated once');
    // The runner is gone, and its folder with it.
    await waitFor(() => runners(m).length === 0, 10_000, 'the runner to exit');
    await waitFor(() => fs.readdirSync(path.join(m.dir, 'runs')).length === 0, 5_000, 'the run folder to go');
    assert.equal(processesWith(marker).length, 0);
    console.log(`      reattach: systemRunning answered in ${reattachMs} ms with ${taken.events.length} events`);

    // Cancel still works after a reattach: a second slow build, a reload (the server killed this
    // time, as when the extension host dies), the next server cancels it.
    const slow = params('reload-2', 120, `${marker}-slow`);
    void second.connection.sendRequest(SYSTEM_RUN, slow).catch(() => undefined);
    await waitFor(() => second.events.some((e) => e.id === 'reload-2' && e.event.type === 'phase' && e.event.phase === 'building'), 60_000, 'the second build');
    await second.kill('SIGKILL');
    const third = await server();
    const again = await third.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: slow.plan.env });
    assert.deepEqual(again.map((r) => r.id), ['reload-2']);
    await third.connection.sendNotification(SYSTEM_CANCEL, { id: 'reload-2' });
    await waitFor(() => third.events.some((e) => e.id === 'reload-2' && e.event.type === 'result'), 30_000, 'the cancelled result');
    const cancelled = third.events.find((e) => e.event.type === 'result')!.event as ResultEvent;
    assert.equal(cancelled.outcome, 'cancelled', cancelled.message);
    assert.match(path.basename(fs.readlinkSync(m.profile)), /system-1-link$/, 'the profile did not move');
    await waitFor(() => runners(m).length === 0 && processesWith(`${marker}-slow`).length === 0, 15_000, 'no runner or builder left');
  });

  it('no server within the grace period: the runner cancels as Cancel would, nothing changes, no process is left', async () => {
    const marker = `nh-reattach-grace-${path.basename(m.dir)}`;
    const first = await server();
    const run = params('grace-1', 120, marker);
    void first.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await waitFor(() => building(first.events), 60_000, 'the build phase');
    const goneAt = Date.now();
    await first.reload();
    assert.ok(processesWith(marker).length > 0, 'still building during the grace period');
    await waitFor(() => runners(m).length === 0 && processesWith(marker).length === 0, GRACE_MS + 20_000, 'the runner and its builder to end');
    const endedAfter = Date.now() - goneAt;
    assert.ok(endedAfter >= GRACE_MS - 200, `ended ${endedAfter} ms after the server went: not before the grace period`);
    const record = fs.readFileSync(path.join(m.stateDir, 'operations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    assert.deepEqual(record.map((r) => r.outcome), ['cancelled']);
    assert.equal(fs.existsSync(m.profile), false, 'no generation was made');
    assert.equal(m.activations().length, 0);
    // A window that opens later hears how it ended, once.
    const later = await server();
    const running = await later.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: run.plan.env });
    assert.equal(running.length, 1);
    const events = running[0]!.events;
    const result = events.at(-1)!.event as ResultEvent;
    assert.equal(result.outcome, 'cancelled');
    assert.ok(events.some((e) => e.event.type === 'log' && /went away and none took it up within 3 s/.test(e.event.text)));
    assert.deepEqual(await later.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: run.plan.env }), []);
  });

  it('a signal to the server itself (TERM) stops its runner at once', async () => {
    const marker = `nh-reattach-term-${path.basename(m.dir)}`;
    const first = await server();
    void first.connection.sendRequest(SYSTEM_RUN, params('term-1', 120, marker)).catch(() => undefined);
    await waitFor(() => building(first.events), 60_000, 'the build phase');
    const t0 = Date.now();
    await first.kill('SIGTERM');
    await waitFor(() => runners(m).length === 0 && processesWith(marker).length === 0, GRACE_MS, 'the runner and its builder to end before any grace period');
    const record = JSON.parse(fs.readFileSync(path.join(m.stateDir, 'operations.jsonl'), 'utf8').trim()) as { outcome: string; cancelledBy?: string };
    assert.equal(record.outcome, 'cancelled');
    assert.equal(record.cancelledBy, 'SIGTERM');
    assert.equal(fs.existsSync(m.profile), false);
    console.log(`      TERM to the server: runner and builder gone in ${Date.now() - t0} ms`);
    assert.equal(spawnSync('pgrep', ['-f', marker]).status, 1);
  });

  const standinSudo = (secret: string) => sudoIn(m.dir, secret);

  /** Every file's text under `dir` (the runs folder while a run is on). */
  function textsUnder(dir: string): string {
    let all = '';
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const p = path.join(e.parentPath, e.name);
      if (e.isFile()) all += fs.readFileSync(p, 'utf8');
    }
    return all;
  }

  it('sudo -A through the runner: the password box answers, and no file of the run holds the password', async () => {
    const secret = 'open sesame 42';
    const bin = standinSudo(secret);
    let snapshot = '';
    const askpass = await startAskpass(async () => {
      snapshot += textsUnder(path.join(m.dir, 'runs'));
      return secret;
    }, process.execPath, path.join(root, 'dist', 'askpass.cjs'));
    try {
      const s = await server();
      const run = params('sudo-1', 0, `nh-reattach-sudo-${path.basename(m.dir)}`);
      run.plan = { ...run.plan, elevate: 'sudo', env: { ...run.plan.env, PATH: `${bin}:${process.env.PATH}`, SUDO_ASKPASS: askpass.program } };
      const result = await s.connection.sendRequest(SYSTEM_RUN, run);
      assert.equal(result.outcome, 'ok', result.message);
      assert.ok(snapshot.includes('"sudo-1"'), 'the snapshot saw the run folder');
      assert.ok(!snapshot.includes(secret) && !JSON.stringify(s.events).includes(secret));
      assert.ok(!snapshot.includes('SUDO_ASKPASS'), 'the settings environment is not in the state file');
    } finally {
      askpass.close();
    }
  });

  it('a password box open when the window reloads: sudo gets no password, the run fails cleanly, nothing is activated', async () => {
    const bin = standinSudo('never given');
    let asked!: () => void;
    const prompted = new Promise<void>((r) => (asked = r));
    // The old window's box: never answered (the window goes away while it is up).
    const askpass = await startAskpass(() => {
      asked();
      return new Promise<string | undefined>(() => undefined);
    }, process.execPath, path.join(root, 'dist', 'askpass.cjs'));
    const first = await server();
    const run = params('sudo-2', 0, `nh-reattach-sudo2-${path.basename(m.dir)}`);
    run.plan = { ...run.plan, elevate: 'sudo', env: { ...run.plan.env, PATH: `${bin}:${process.env.PATH}`, SUDO_ASKPASS: askpass.program } };
    void first.connection.sendRequest(SYSTEM_RUN, run).catch(() => undefined);
    await prompted;
    // The reload: the extension host closes its askpass socket, its server goes.
    askpass.close();
    await first.reload();
    const second = await server();
    const running = await second.connection.sendRequest(SYSTEM_RUNNING, { cwd: m.dir, env: run.plan.env });
    const seen = [...(running[0]?.events ?? [])];
    await waitFor(() => [...seen, ...second.events].some((e) => e.event.type === 'result'), 30_000, 'the result');
    const result = [...seen, ...second.events].find((e) => e.event.type === 'result')!.event as ResultEvent;
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /no password was provided|could not get root rights/);
    assert.equal(fs.existsSync(m.profile), false, 'the profile was not set');
    assert.equal(m.activations().length, 0, 'nothing was activated');
    await waitFor(() => runners(m).length === 0, 10_000, 'the runner to exit');
  });

  it('the runner starts when the plan is asked for (while the dialog is up), the run uses it; an unused one goes', async () => {
    const s = await server();
    const run = params('ahead-1', 0, `nh-reattach-ahead-${path.basename(m.dir)}`);
    await s.connection.sendRequest(SYSTEM_PLAN, run.plan);
    await waitFor(() => runners(m).length === 1, 10_000, 'the runner started ahead');
    const [waiting] = runners(m);
    await new Promise((r) => setTimeout(r, 300));
    const result = await s.connection.sendRequest(SYSTEM_RUN, run);
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(s.events.at(-1)!.event.type, 'result');
    // The run went to the runner started ahead: no other was started.
    assert.deepEqual(s.events.filter((e) => e.seq === 0).length, 1);
    await waitFor(() => runners(m).length === 0, 10_000, 'the runner to exit');
    assert.ok(waiting, 'it was there before the run');
    // Asked for a plan, then the window goes without confirming: the waiting runner goes, and its folder.
    await s.connection.sendRequest(SYSTEM_PLAN, run.plan);
    await waitFor(() => runners(m).length === 1, 10_000, 'the second runner started ahead');
    await s.reload();
    await waitFor(() => runners(m).length === 0, 10_000, 'the unused runner to exit');
    await waitFor(() => fs.readdirSync(path.join(m.dir, 'runs')).length === 0, 5_000, 'its folder to go');
  });

  it('plan then run at once, three times in a row (a person confirming quickly)', async () => {
    const s = await server();
    for (let i = 1; i <= 3; i++) {
      const run = params(`quick-${i}`, 0, `nh-reattach-quick-${i}-${path.basename(m.dir)}`);
      await s.connection.sendRequest(SYSTEM_PLAN, run.plan);
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      const result = await s.connection.sendRequest(SYSTEM_RUN, run);
      const first = s.events.find((e) => e.id === run.id)!;
      console.log(`      run ${i}: first event received ${s.received.get(`${first.id}:${first.seq}`)! - t0} ms after the request, the answer ${Date.now() - t0} ms`);
      assert.equal(result.outcome, 'ok', result.message);
      assert.equal(result.generation, i);
    }
  });
});

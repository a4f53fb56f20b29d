// Restart Language Server during a run: the client's side (client/src/operations.ts) against real
// server processes. The request that started the run is rejected when the old server's connection
// goes; that is no failure to start: the run goes on in its runner, the next server takes it up
// (reattach), and the run ends with its real result, every event in order. A run the new server
// cannot find (it ran inside the old server, which stopped it) ends as failed, saying so.
// The Operations class is used as the extension uses it, with the connection in the place of the
// LanguageClient (the same sendRequest, sendNotification and onNotification).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SystemPlanParams } from '../../server/src/protocol/messages';
import { Operations, serverWentAway } from '../../client/src/operations';
import { Machine, NIX_ENV, NIXPKGS, processesWith, requireNix, waitFor } from '../system/runner/support';
import { CLI, Window } from './lspWindow';

describe('Restart Language Server during a run (Operations against real server processes, real Nix)', function () {
  this.timeout(180_000);
  let m: Machine;
  const windows: Window[] = [];
  before(() => {
    requireNix();
    assert.ok(fs.existsSync(CLI), 'dist/cli.cjs is built (npm run build)');
  });
  beforeEach(() => (m = new Machine('restart')));
  afterEach(() => {
    for (const w of windows.splice(0)) if (w.alive) w.server.kill('SIGKILL');
    for (const line of processesWith(path.join(m.dir, 'runs'))) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    m.remove();
  });

  async function window(env: Record<string, string> = {}): Promise<Window> {
    const w = new Window(m, undefined, env);
    windows.push(w);
    await w.initialize();
    return w;
  }

  function plan(buildSeconds: number): SystemPlanParams {
    const env = { NIX_CONFIG: NIX_ENV.NIX_CONFIG!, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
    return { operation: 'rebuild', action: 'switch', includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config('', { buildSeconds, marker: `nh-restart-${path.basename(m.dir)}` })}`], profile: m.profile, elevate: 'none', backend: 'direct', env, cwd: m.dir, interactive: false };
  }

  const where = () => ({ cwd: m.dir, env: { NIX_HUMANITY_STATE_DIR: m.stateDir } });

  it('the run started before the restart ends with its real result (no "could not start"), every event in order', async () => {
    let current = await window();
    const operations = new Operations(() => current.connection as unknown as LanguageClient);
    let thrown: unknown;
    const done = operations.start('Apply Configuration', plan(5), { changesSystem: true }).catch((error: unknown) => {
      thrown = error;
      return undefined;
    });
    await waitFor(() => operations.current?.events.some((e) => e.event.type === 'phase' && e.event.phase === 'building') ?? false, 60_000, 'the build phase');
    // Restart Language Server: the old one stops (its pending request is rejected), a new one starts and takes the runs up.
    await current.reload();
    current = await window();
    await operations.reattach(where());
    const result = await done;
    assert.equal(thrown, undefined, `start() threw: ${String(thrown)}`);
    assert.ok(result);
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.generation, 1);
    const op = operations.current!;
    assert.equal(op.result?.outcome, 'ok');
    assert.deepEqual(op.events.map((e) => e.seq), op.events.map((_, i) => i), 'every event once, in order, across the restart');
    assert.equal(op.events.at(-1)!.event.type, 'result');
    assert.equal(m.activations().length, 1);
  });

  it('a run kept in the old server: stopped with it (cancelled); killed with it, not found again (failed, saying why)', async () => {
    // Runs kept in the server (NIX_HUMANITY_RUNNER=off): the server's shutdown cancels them and answers.
    let current = await window({ NIX_HUMANITY_RUNNER: 'off' });
    const operations = new Operations(() => current.connection as unknown as LanguageClient);
    const building = () => operations.current?.events.some((e) => e.event.type === 'phase' && e.event.phase === 'building') ?? false;
    const first = operations.start('Apply Configuration', plan(60), { changesSystem: true });
    await waitFor(building, 60_000, 'the build phase');
    await current.reload();
    const cancelled = await first;
    assert.equal(cancelled.outcome, 'cancelled', cancelled.message);
    current = await window({ NIX_HUMANITY_RUNNER: 'off' });
    await operations.reattach(where());

    // Killed (a crash): no answer comes, and the next server has no runner to find.
    const second = operations.start('Apply Configuration', plan(60), { changesSystem: true });
    await waitFor(building, 60_000, 'the second build phase');
    const exited = new Promise((r) => current.server.once('exit', r));
    current.server.kill('SIGKILL');
    await exited;
    current.connection.dispose();
    current = await window({ NIX_HUMANITY_RUNNER: 'off' });
    await operations.reattach(where());
    const failed = await second;
    assert.equal(failed.outcome, 'failed');
    assert.match(failed.message, /language server stopped during the run/);
    assert.equal(operations.running.length, 0, 'nothing left running in the client');
    assert.equal(fs.existsSync(m.profile), false);
    for (const line of processesWith(`nh-restart-${path.basename(m.dir)}`)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
  });

  it('a server that went and none came back (the client gave up restarting it): the run ends as failed after the wait', async () => {
    const current = await window({ NIX_HUMANITY_RUNNER_GRACE_MS: '1000' });
    const operations = new Operations(() => current.connection as unknown as LanguageClient, 2500);
    const done = operations.start('Apply Configuration', plan(60), { changesSystem: true });
    await waitFor(() => operations.current?.events.some((e) => e.event.type === 'phase' && e.event.phase === 'building') ?? false, 60_000, 'the build phase');
    const t0 = Date.now();
    await current.reload();
    const result = await done;
    assert.ok(Date.now() - t0 >= 2000, 'ended after the wait, not at once');
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /no new one took it up/);
    assert.equal(operations.running.length, 0);
    // Its runner, alone, cancelled the run after its own grace period: nothing changed, nothing left.
    await waitFor(() => processesWith(path.join(m.dir, 'runs')).length === 0 && processesWith(`nh-restart-${path.basename(m.dir)}`).length === 0, 20_000, 'the runner and builder to end');
    assert.equal(fs.existsSync(m.profile), false);
  });

  it('tells a server gone from other failures', () => {
    assert.equal(serverWentAway({ code: -32097, message: 'Pending response rejected since connection got disposed' }), true);
    assert.equal(serverWentAway({ code: -32096, message: 'Client is not running' }), true);
    assert.equal(serverWentAway(new Error('Request nixHumanity/systemRun failed with message: bad plan')), false);
    assert.equal(serverWentAway({ code: -32603 }), false);
  });
});

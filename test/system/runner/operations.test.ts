// Rollback, switching to generation N, cancellation (the whole process tree stops, the profile
// stays), the one-operation lock and the operation log, all with real Nix.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordActivation } from '../../../server/src/system/knownGood';
import { profileLockFile } from '../../../server/src/system/rebuild/lock';
import { readOperations } from '../../../server/src/system/rebuild/operationLog';
import { runRebuild, runRollback } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_ENV, processesWith, requireNix, waitFor } from './support';

describe('rebuild runner: rollback, cancellation, lock, operation log (real Nix)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('ops');
  });
  afterEach(() => m.remove());

  const rollback = (extra: object = {}) => ({ action: 'switch' as const, profile: m.profile, stateDir: m.stateDir, currentSystem: m.currentSystem, elevate: 'none' as const, env: NIX_ENV, cwd: m.dir, ...extra });

  /** Three generations, the machine running the third. */
  async function threeGenerations(): Promise<string[]> {
    const paths: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runRebuild(m.channels('switch', m.config()));
      assertOk(r);
      paths.push(r.storePath!);
      m.setRunning(r.storePath!);
    }
    return paths;
  }

  it('rolls back to the previous generation with nix-env --rollback and activates it', async () => {
    const paths = await threeGenerations();
    const c = collector();
    const result = await runRollback(rollback(), c.sink);
    assertOk(result);
    assert.equal(result.action, 'rollback-switch');
    assert.equal(result.generation, 2);
    assert.equal(m.profileTarget(), paths[1]);
    assert.deepEqual(m.activations().pop(), ['switch', paths[1], '0']);
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['activating']);
  });

  it('rolls back past a generation known to have failed to the last known good one', async () => {
    const paths = await threeGenerations();
    recordActivation(m.stateDir, m.profile, 2, 'units-failed', paths[1]);
    const result = await runRollback(rollback());
    assertOk(result);
    assert.equal(result.generation, 1);
    assert.equal(m.profileTarget(), paths[0]);
  });

  it('switches to generation N, and to boot / test without touching what they should not', async () => {
    const paths = await threeGenerations();
    const to1 = await runRollback(rollback({ to: 1 }));
    assertOk(to1);
    assert.equal(to1.action, 'generation-switch');
    assert.equal(m.profileTarget(), paths[0]);
    m.setRunning(paths[0]!);

    const boot = await runRollback(rollback({ to: 3, action: 'boot' }));
    assertOk(boot);
    assert.equal(m.profileTarget(), paths[2]);
    assert.deepEqual(m.activations().pop(), ['boot', paths[2], '0']);

    const test = await runRollback(rollback({ to: 2, action: 'test' }));
    assertOk(test);
    assert.equal(m.profileTarget(), paths[2], 'test leaves the profile alone');
    assert.deepEqual(m.activations().pop(), ['test', paths[1], 'unset']);
  });

  it('says what is wrong with a missing generation, no older generation, or no profile', async () => {
    const none = await runRollback(rollback());
    assert.equal(none.outcome, 'failed');
    assert.match(none.message, /There is no profile at/);
    const first = await runRebuild(m.channels('switch', m.config()));
    assertOk(first);
    const older = await runRollback(rollback());
    assert.equal(older.outcome, 'failed');
    assert.equal(older.message, 'There is no generation older than the current one (1) to roll back to.');
    const missing = await runRollback(rollback({ to: 7 }));
    assert.equal(missing.outcome, 'failed');
    assert.equal(missing.message, `There is no generation 7 in ${m.profile}. Its generations are 1.`);
  });

  it('cancelling mid-build stops every process it started and leaves the profile untouched', async () => {
    const first = await runRebuild(m.channels('switch', m.config()));
    assertOk(first);
    const marker = m.marker();
    const controller = new AbortController();
    const c = collector();
    const config = m.config('', { buildSeconds: 120, marker });
    const running = runRebuild(m.channels('switch', config, { signal: controller.signal }), c.sink);
    await waitFor(() => c.of('log').some((l) => l.source === 'build' && /still building/.test(l.text)), 60_000, 'the slow build to start');
    // Progress ticks while a build runs, naming it, with its elapsed time growing.
    await waitFor(() => c.of('progress').filter((p) => p.current.some((b) => /nixos-system-standin/.test(b.name))).length >= 2, 5_000, 'progress naming the running build');
    const ticks = c.of('progress').filter((p) => p.current.length > 0);
    assert.ok(ticks[ticks.length - 1]!.current[0]!.elapsedMs > ticks[0]!.current[0]!.elapsedMs);
    assert.ok(processesWith(marker).length > 0, 'the builder runs with the marker on its command line');
    const cancelledAt = Date.now();
    controller.abort();
    const result = await running;
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.ok, false);
    assert.match(result.message, /the profile was not changed/);
    assert.ok(Date.now() - cancelledAt < 10_000, 'cancellation is prompt');
    assert.deepEqual(processesWith(marker), [], 'no process of the build is left');
    assert.deepEqual(processesWith(config), [], 'no nix-build of this configuration is left');
    assert.deepEqual(m.generationLinks(), ['system-1-link']);
    assert.equal(m.profileTarget(), first.storePath);
    assert.equal(m.activations().length, 1);
  });

  it('refuses a second operation while one runs, and takes over a stale lock', async () => {
    const controller = new AbortController();
    const c = collector();
    const slow = runRebuild(m.channels('build', m.config('', { buildSeconds: 120 }), { signal: controller.signal }), c.sink);
    await waitFor(() => c.of('phase').some((p) => p.phase === 'building'), 60_000, 'the slow build to start');
    const second = await runRebuild(m.channels('switch', m.config()));
    assert.equal(second.outcome, 'refused');
    const lockFile = profileLockFile(m.profile);
    assert.equal(second.message, `Another system operation is already running on ${m.profile} (build, process ${process.pid}, started ${JSON.parse(fs.readFileSync(lockFile, 'utf8')).started}). Wait for it to finish or cancel it, then try again. Its lock is ${lockFile}; if no such operation is running, remove that file.`);
    assert.deepEqual(m.generationLinks(), []);
    controller.abort();
    assert.equal((await slow).outcome, 'cancelled');
    assert.equal(fs.existsSync(lockFile), false, 'the lock is released');

    // A lock left by a process that no longer exists.
    const dead = spawnSync('/bin/sh', ['-c', 'echo $$'], { encoding: 'utf8' });
    fs.writeFileSync(lockFile, JSON.stringify({ pid: Number(dead.stdout.trim()), operation: 'switch', started: '2026-01-01T00:00:00.000Z' }));
    const after = await runRebuild(m.channels('build', m.config()));
    assertOk(after);
    assert.equal(fs.existsSync(lockFile), false);
  });

  it('appends every operation to operations.jsonl', async () => {
    const ok = await runRebuild(m.channels('switch', m.config()));
    assertOk(ok);
    const bad = await runRollback(rollback());
    assert.equal(bad.outcome, 'failed');
    const log = readOperations(m.stateDir);
    assert.equal(log.length, 2);
    const [first, second] = log;
    assert.equal(first!.action, 'switch');
    assert.equal(first!.backend, 'direct');
    assert.equal(first!.elevation, 'none');
    assert.equal(first!.outcome, 'ok');
    assert.equal(first!.generation, 1);
    assert.equal(first!.storePath, ok.storePath);
    assert.equal(first!.profile, m.profile);
    assert.ok(Math.abs(Date.parse(first!.start) - Date.now()) < 60_000);
    assert.ok(first!.durationMs >= 0 && first!.durationMs === ok.durationMs);
    assert.match(first!.configuration!, /configuration-\d+\.nix$/);
    assert.equal(second!.action, 'rollback-switch');
    assert.equal(second!.outcome, 'failed');
    assert.match(second!.error!, /no generation older/);
    const raw = fs.readFileSync(path.join(m.stateDir, 'operations.jsonl'), 'utf8');
    assert.equal(raw.split('\n').filter(Boolean).length, 2);
  });
});

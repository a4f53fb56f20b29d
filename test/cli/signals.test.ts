// The real CLI process (dist/cli.cjs, so `npm run build` first) stopped by SIGTERM or SIGHUP during
// a slow build, and asked twice: nothing it started is left running, the profile is untouched, the
// lock is gone, no GC root of the cancelled system appears later, and the result event, the exit
// status and the operation log say which signal it was. Also: credentials and host names at the CLI.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileLockFile } from '../../server/src/system/rebuild/lock';
import { readOperations } from '../../server/src/system/rebuild/operationLog';
import { runRebuild } from '../../server/src/system/rebuild/runner';
import { assertOk, Machine, NIX_ENV, NIXPKGS, processesWith, requireNix, waitFor } from '../system/runner/support';

const root = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(root, 'dist/cli.cjs');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(m: Machine, args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: m.dir,
    env: { ...NIX_ENV, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem, NIX_HUMANITY_BACKEND: 'direct' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, exited };
}

function events(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
}

/** GC roots (Nix's gcroots/auto) whose link lies under `dir` and still leads somewhere (the
 * profile's generations, the system that stays, left out). */
function gcRootsUnder(dir: string): string[] {
  const auto = '/nix/var/nix/gcroots/auto';
  const found: string[] = [];
  for (const entry of fs.existsSync(auto) ? fs.readdirSync(auto) : []) {
    try {
      const link = fs.readlinkSync(path.join(auto, entry));
      if (link.startsWith(dir) && !link.startsWith(path.join(dir, 'profiles')) && fs.existsSync(link)) found.push(link);
    } catch {
      // removed meanwhile
    }
  }
  return found;
}

/** Links in `dir` (recursively) pointing into the store: out links of a build. */
function storeLinksUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readlinkSync(file).startsWith('/nix/store/') && !/\/profiles\/|\/current-system$/.test(file)) found.push(file);
  }
  return found;
}

describe('CLI process: signals, credentials, host names (real Nix, dist/cli.cjs)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => {
    requireNix();
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'npm run build' first`);
  });
  beforeEach(() => {
    m = new Machine('signals');
  });
  afterEach(() => m.remove());

  const channelArgs = (config: string) => ['-I', `nixpkgs=${NIXPKGS}`, '-I', `nixos-config=${config}`, '--profile', m.profile, '--elevate', 'none'];

  for (const [signal, exitStatus, closeOutput] of [['SIGTERM', 143, false], ['SIGHUP', 129, true]] as const) {
    it(`${signal} during a slow build${closeOutput ? ' (its output closed, as a closed terminal does)' : ''}: stopped cleanly, nothing left, and it says so`, async () => {
      const first = await runRebuild(m.channels('switch', m.config()));
      assertOk(first);
      m.setRunning(first.storePath!);
      const marker = m.marker();
      // Short enough that an orphaned build would finish (and make its GC root) while we watch.
      const config = m.config('', { buildSeconds: 6, marker });
      const run = start(m, ['rebuild', 'switch', ...channelArgs(config), '--json']);
      await waitFor(() => /still building/.test(run.stdout()), 60_000, 'the slow build to start');
      const startedAt = Date.now();
      assert.ok(processesWith(marker).length > 0, 'the builder runs');
      if (closeOutput) {
        run.child.stdout!.destroy();
        run.child.stderr!.destroy();
      }
      run.child.kill(signal);
      const { code } = await run.exited;
      assert.equal(code, exitStatus);
      assert.ok(Date.now() - startedAt < 10_000, 'prompt');
      assert.deepEqual(processesWith(marker), [], 'no process of the build is left');
      assert.deepEqual(processesWith(config), [], 'no nix-build of this configuration is left');
      assert.equal(m.profileTarget(), first.storePath, 'the profile is untouched');
      assert.deepEqual(m.generationLinks(), ['system-1-link']);
      assert.equal(m.activations().length, 1);
      assert.equal(fs.existsSync(profileLockFile(m.profile)), false, 'the lock is gone');
      if (!closeOutput) {
        const result = events(run.stdout()).pop()!;
        assert.equal(result.type, 'result');
        assert.equal(result.outcome, 'cancelled');
        assert.equal(result.cancelledBy, signal);
        assert.match(result.message, new RegExp(`^Cancelled by ${signal}\\. Every process it started was stopped; the profile was not changed\\.$`));
      }
      const record = readOperations(m.stateDir).pop()!;
      assert.equal(record.outcome, 'cancelled');
      assert.equal(record.cancelledBy, signal);
      // Past the time the build would have taken: no out link, no GC root of the cancelled system.
      await new Promise((r) => setTimeout(r, 7000 - (Date.now() - startedAt)));
      assert.deepEqual(storeLinksUnder(m.dir), [], 'no out link of the cancelled build');
      assert.deepEqual(gcRootsUnder(m.dir), [], 'no GC root of the cancelled build');
      assert.deepEqual(processesWith(marker), []);
    });
  }

  it('a second SIGTERM stops at once: processes killed, lock released, result and record written', async () => {
    const marker = m.marker();
    const config = m.config('', { buildSeconds: 60, marker });
    const run = start(m, ['rebuild', 'build', ...channelArgs(config), '--json']);
    await waitFor(() => /still building/.test(run.stdout()), 60_000, 'the slow build to start');
    run.child.kill('SIGTERM');
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    assert.equal(code, 143);
    await waitFor(() => processesWith(marker).length === 0, 3000, 'the builder to be gone');
    assert.equal(fs.existsSync(profileLockFile(m.profile)), false);
    const result = events(run.stdout()).pop()!;
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.cancelledBy ?? 'SIGTERM', 'SIGTERM');
    const record = readOperations(m.stateDir).pop()!;
    assert.equal(record.outcome, 'cancelled');
    assert.equal(record.cancelledBy, 'SIGTERM');
  });

  it('--json output and the state folder never hold a token from the flake reference', async () => {
    const token = 'glpat-SECRET0123456789abcdef';
    const run = start(m, ['rebuild', 'build', '--flake', `git+https://oauth2:${token}@127.0.0.1:9/x.git?access_token=${token}#standin`, '--elevate', 'none', '--json']);
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.ok(!run.stdout().includes('SECRET0123'), run.stdout());
    assert.equal(events(run.stdout()).pop()!.type, 'result');
    for (const file of fs.readdirSync(m.stateDir)) {
      const full = path.join(m.stateDir, file);
      if (fs.lstatSync(full).isFile()) assert.ok(!fs.readFileSync(full, 'utf8').includes('SECRET0123'), file);
    }
  });

  it('--target-host / --build-host values that are options or not [user@]host: a usage error, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['rebuild', 'switch', '--target-host=-oProxyCommand=touch /tmp/x'], /--target-host '-oProxyCommand=touch \/tmp\/x' is refused: it starts with -, so ssh and Nix would read it as an option/],
      [['rebuild', 'build', '--build-host=-J'], /--build-host '-J' is refused: it starts with -/],
      [['rebuild', 'switch', '--target-host', 'root@host name'], /--target-host 'root@host name' is refused: it is not \[user@\]host/],
      [['rollback', '--target-host=--help'], /--target-host '--help' is refused/],
    ];
    for (const [args, pattern] of cases) {
      const run = start(m, args);
      let stderr = '';
      run.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const { code } = await run.exited;
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, pattern);
      assert.match(stderr, /^nix-humanity: (rebuild|rollback): .*\. Run 'nix-humanity --help' for usage\.\n$/);
    }
  });
});

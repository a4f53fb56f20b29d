// The backend under faults, with real Nix and real processes: a nix-build killed by SIGKILL, a
// state folder that cannot be written (full, read-only, a file where the folder should be), a
// temporary folder too small for the build log, stale locks (a dead pid, a pid reused by another
// process, another boot), credentials in a flake reference, host names that are options.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcessStreaming } from '../../../server/src/system/exec';
import { profileLockFile } from '../../../server/src/system/rebuild/lock';
import { readOperations } from '../../../server/src/system/rebuild/operationLog';
import { redactSecrets } from '../../../server/src/system/rebuild/redact';
import { runRebuild, runRollback } from '../../../server/src/system/rebuild/runner';
import { fill, mountTmpfs, unmount } from './mounts';
import { assertOk, collector, Machine, NIX_ENV, processesWith, requireNix, waitFor } from './support';

/** The pid of the running process whose command line starts with `program` and holds `text`. */
function findProcess(program: string, text: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0] ?? '') === program && argv.some((a) => a.includes(text))) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

/** A full temporary folder cannot be faked: these need a small tmpfs (root; CI runs as root). */
const NEEDS_MOUNT = "this test needs 'mount -t tmpfs' (run it as root, as CI does)";

function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('rebuild runner under faults (real Nix, real processes)', function () {
  this.timeout(120_000);
  let m: Machine;
  const mounted: string[] = [];

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('faults');
  });
  afterEach(() => {
    for (const dir of mounted.splice(0)) unmount(dir);
    m.remove();
  });

  it('a nix-build killed by SIGKILL: "killed by SIGKILL", its builder stopped, nothing changed', async () => {
    const first = await runRebuild(m.channels('switch', m.config()));
    assertOk(first);
    const marker = m.marker();
    const config = m.config('', { buildSeconds: 60, marker });
    const c = collector();
    const running = runRebuild(m.channels('switch', config), c.sink);
    await waitFor(() => c.of('log').some((l) => l.source === 'build' && /still building/.test(l.text)), 60_000, 'the slow build to start');
    // Long enough for the tree to have been listed (once a second) with the builder in it.
    await new Promise((r) => setTimeout(r, 1500));
    const nixBuild = findProcess('nix-build', config);
    assert.ok(nixBuild, 'nix-build runs');
    assert.ok(processesWith(marker).length > 0, 'the builder runs');
    process.kill(nixBuild, 'SIGKILL');
    const result = await running;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.killedBy, 'SIGKILL');
    assert.equal(result.exitCode, undefined);
    assert.match(result.message, /^The build failed: nix-build was killed by SIGKILL\. Nothing was changed\.$/);
    assert.doesNotMatch(result.message, /exit code -1/);
    assert.deepEqual(processesWith(marker), [], 'the builder was not left orphaned');
    assert.equal(m.profileTarget(), first.storePath);
    assert.deepEqual(m.generationLinks(), ['system-1-link']);
    assert.equal(fs.existsSync(profileLockFile(m.profile)), false, 'the lock is gone');
    const record = readOperations(m.stateDir).pop()!;
    assert.equal(record.outcome, 'failed');
    assert.equal(record.killedBy, 'SIGKILL');
  });

  describe('a state folder that cannot be written: the verdict stays, a warning says so', () => {
    /** Each way the state folder can refuse writes; a mount where allowed, else the stand-ins. */
    const cases: { name: string; make: () => string }[] = [
      {
        name: 'full (a 64 KiB tmpfs filled up, or operations.jsonl and known-good.json on /dev/full)',
        make: () => {
          const dir = path.join(m.dir, 'state-full');
          if (mountTmpfs(dir, '64k')) {
            mounted.push(dir);
            fill(dir);
            return dir;
          }
          fs.mkdirSync(dir);
          fs.symlinkSync('/dev/full', path.join(dir, 'operations.jsonl'));
          return dir;
        },
      },
      {
        name: 'read-only (a read-only tmpfs, or a file where the folder should be)',
        make: () => {
          const dir = path.join(m.dir, 'state-ro');
          if (mountTmpfs(dir, '64k', true)) {
            mounted.push(dir);
            return dir;
          }
          fs.writeFileSync(dir, 'not a folder\n');
          return dir;
        },
      },
      {
        name: 'full, without a mount (operations.jsonl a symlink to /dev/full)',
        make: () => {
          const dir = path.join(m.dir, 'state-dev-full');
          fs.mkdirSync(dir);
          fs.symlinkSync('/dev/full', path.join(dir, 'operations.jsonl'));
          return dir;
        },
      },
      {
        name: 'a file where the folder should be',
        make: () => {
          const dir = path.join(m.dir, 'state-file');
          fs.writeFileSync(dir, 'not a folder\n');
          return dir;
        },
      },
    ];
    for (const { name, make } of cases) {
      it(name, async () => {
        const stateDir = make();
        const c = collector();
        const result = await runRebuild(m.channels('switch', m.config(), { stateDir }), c.sink);
        assertOk(result);
        assert.equal(result.outcome, 'ok');
        assert.equal(result.generation, 1);
        // The verdict against the real profile: it moved, and activation ran.
        assert.equal(m.profileTarget(), result.storePath);
        assert.deepEqual(m.generationLinks(), ['system-1-link']);
        assert.equal(m.activations().length, 1);
        assert.ok(result.warnings && result.warnings.length >= 1, 'a warning says the record could not be written');
        assert.ok(result.warnings.some((w) => /could not be recorded in .*operations\.jsonl \((no space left on the device|the file system is read-only|a file is where a folder should be)\); the switch itself is as reported\./.test(w)), result.warnings.join('\n'));
        assert.ok(c.of('log').some((l) => l.level === 'warning' && /could not be recorded/.test(l.text)));
        assert.equal(c.events[c.events.length - 1]!.type, 'result', 'the result event is still sent');
        assert.doesNotMatch(JSON.stringify(c.events), /ENOSPC|EROFS|ENOTDIR|Unexpected error/);
        assert.equal(fs.existsSync(profileLockFile(m.profile)), false);
        // And rollback, which writes the same records.
        const second = await runRebuild(m.channels('switch', m.config(), { stateDir }));
        assertOk(second);
        const back = await runRollback({ action: 'switch', profile: m.profile, stateDir, currentSystem: m.currentSystem, elevate: 'none', env: NIX_ENV, cwd: m.dir });
        assertOk(back);
        assert.equal(back.generation, 1);
        assert.equal(m.profileTarget(), result.storePath);
        assert.ok(back.warnings && back.warnings.length >= 1);
      });
    }
  });

  it('a temporary folder too small for the build log: every line arrives, the builder\'s error reaches the result', async () => {
    const tmp = path.join(m.dir, 'tmp-small');
    if (!mountTmpfs(tmp, '256k')) assert.fail(NEEDS_MOUNT);
    mounted.push(tmp);
    // 5 000 lines of build log (about 700 KiB of internal-json, more than the folder holds), then the error.
    const noisy = 'i=0; while [ $i -lt 5000 ]; do echo \\"noisy line $i of the build log, padding it out a little\\"; i=$((i+1)); done; echo \\"NOISY-BUILD-ERROR: the widget exploded\\" >&2; exit 2';
    const config = m.config(`  environment.systemPackages = [ (derivation { name = "noisy-1.0"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "${noisy}" ]; marker = "${m.marker()}"; }) ];`);
    const c = collector();
    const options = m.channels('switch', config);
    const result = await runRebuild({ ...options, env: { ...options.env, TMPDIR: tmp } }, c.sink);
    assert.equal(result.outcome, 'failed');
    const buildLines = c.of('log').filter((l) => l.source === 'build');
    assert.equal(buildLines.filter((l) => /^noisy line \d+/.test(l.text)).length, 5000, 'no build log line was lost');
    assert.ok(buildLines.some((l) => l.text === 'NOISY-BUILD-ERROR: the widget exploded'));
    assert.match(result.message, /noisy-1\.0\.drv' failed with exit code 2/);
    assert.deepEqual(m.generationLinks(), []);
  });

  it('a temporary folder filling up while the step runs: what was read is given back, no line is lost', async () => {
    const tmp = path.join(m.dir, 'tmp-filling');
    if (!mountTmpfs(tmp, '100m')) assert.fail(NEEDS_MOUNT);
    mounted.push(tmp);
    // Room enough to start with files (64 MiB), then the process leaves under 16 MiB and writes 30 MB.
    const script = `head -c 90000000 /dev/zero > "${tmp}/ballast"; sleep 0.6; i=0; while [ $i -lt 300000 ]; do echo "line $i of a long output, padded to about a hundred bytes with this text here ......." >&2; i=$((i+1)); done; echo "THE LAST LINE" >&2`;
    const seen = new Set<number>();
    let last = '';
    const result = await runProcessStreaming('/bin/sh', ['-c', script], {
      env: { ...process.env, TMPDIR: tmp },
      onLine: ({ line }) => {
        last = line;
        const n = /^line (\d+) /.exec(line);
        if (n) seen.add(Number(n[1]));
      },
    });
    assert.equal(result.exitCode, 0);
    assert.equal(last, 'THE LAST LINE');
    assert.equal(seen.size, 300_000, 'every line arrived');
    assert.equal(result.outputCut, undefined, 'nothing was cut, so nothing says so');
  });

  it('a temporary folder full to the last byte while the step writes: the result says its output may be cut', async () => {
    const tmp = path.join(m.dir, 'tmp-full');
    if (!mountTmpfs(tmp, '80m')) assert.fail(NEEDS_MOUNT);
    mounted.push(tmp);
    const script = `echo first >&2; sleep 0.3; head -c 100000000 /dev/zero > "${tmp}/ballast" 2>/dev/null; i=0; while [ $i -lt 2000 ]; do echo "lost line $i" >&2; i=$((i+1)); done; sleep 0.8; rm "${tmp}/ballast"; echo "THE LAST LINE" >&2`;
    const lines: string[] = [];
    const result = await runProcessStreaming('/bin/sh', ['-c', script], { env: { ...process.env, TMPDIR: tmp }, onLine: ({ line }) => lines.push(line) });
    assert.equal(result.exitCode, 0);
    assert.equal(lines[0], 'first');
    assert.equal(lines[lines.length - 1], 'THE LAST LINE');
    assert.ok(lines.length < 2002, 'the lines written while the folder was full were refused to the writer');
    assert.equal(result.outputCut, `The temporary folder ${tmp} (TMPDIR) ran out of room while sh wrote its output there, so some lines of it may be missing.`);
  });

  it('a line without end is delivered in pieces of at most 1 MiB, through files and through pipes', async () => {
    const small = path.join(m.dir, 'tmp-pipes');
    if (!mountTmpfs(small, '64k')) assert.fail(NEEDS_MOUNT);
    mounted.push(small);
    for (const tmp of [os.tmpdir(), small]) {
      const pieces: number[] = [];
      const result = await runProcessStreaming('/bin/sh', ['-c', 'head -c 3500000 /dev/zero | tr "\\0" x; echo; echo after'], { env: { ...process.env, TMPDIR: tmp }, onLine: ({ line }) => pieces.push(line === 'after' ? -1 : line.length) });
      assert.equal(result.exitCode, 0);
      assert.equal(pieces.pop(), -1, 'the next line still arrives');
      assert.equal(pieces.reduce((a, b) => a + b, 0), 3_500_000, tmp);
      assert.ok(pieces.length >= 3 && pieces.every((n) => n <= 1024 * 1024 + 64 * 1024), `${tmp}: ${pieces.join(', ')}`);
    }
  });

  describe('stale locks', () => {
    const writeLock = (owner: object) => fs.writeFileSync(profileLockFile(m.profile), JSON.stringify(owner) + '\n');

    it('a live lock is refused with a message naming the lock file and what to do', async () => {
      writeLock({ pid: process.pid, start: startTime(process.pid), operation: 'boot', started: '2026-12-07T10:00:00.000Z', profile: m.profile });
      const result = await runRebuild(m.channels('switch', m.config()));
      assert.equal(result.outcome, 'refused');
      const file = profileLockFile(m.profile);
      assert.ok(result.message.includes(`Its lock is ${file}; if no such operation is running, remove that file.`), result.message);
      assert.match(result.message, /\(boot, process \d+, started 2026-12-07T10:00:00\.000Z\)/);
      assert.ok(fs.existsSync(file), 'a live lock is left alone');
      fs.rmSync(file);
    });

    it('a lock whose pid now belongs to another process (another start time) is taken over', async () => {
      // Our own pid stands for the reused one: alive, but not the process that took the lock.
      writeLock({ pid: process.pid, start: '1', operation: 'switch', started: '2026-01-01T00:00:00.000Z' });
      const result = await runRebuild(m.channels('switch', m.config()));
      assertOk(result);
      assert.equal(fs.existsSync(profileLockFile(m.profile)), false);
    });

    it('a lock from before a reboot (another boot id) is taken over, even with a live pid', async () => {
      writeLock({ pid: 1, start: startTime(1), boot: '00000000-0000-0000-0000-000000000000', operation: 'switch', started: '2026-01-01T00:00:00.000Z' });
      assertOk(await runRebuild(m.channels('build', m.config())));
    });

    it('a damaged lock, or a symlink planted in its place, is taken over without being followed', async () => {
      const target = path.join(m.dir, 'planted');
      fs.writeFileSync(target, 'keep me\n');
      fs.symlinkSync(target, profileLockFile(m.profile));
      assertOk(await runRebuild(m.channels('build', m.config())));
      assert.equal(fs.readFileSync(target, 'utf8'), 'keep me\n');
      fs.writeFileSync(profileLockFile(m.profile), '{"pid": "garbage');
      assertOk(await runRebuild(m.channels('build', m.config())));
    });

    it('one lock per profile, whatever the state folder or the spelling of the path', async () => {
      const alias = path.join(m.dir, 'alias');
      fs.symlinkSync(path.join(m.dir, 'profiles'), alias);
      assert.equal(profileLockFile(path.join(alias, 'system')), profileLockFile(m.profile));
      assert.equal(profileLockFile(`${m.profile}/`), profileLockFile(m.profile));
      const controller = new AbortController();
      const c = collector();
      const slow = runRebuild(m.channels('build', m.config('', { buildSeconds: 60 }), { signal: controller.signal }), c.sink);
      await waitFor(() => c.of('phase').some((p) => p.phase === 'building'), 60_000, 'the slow build');
      // Another user's state folder (root through sudo has its own HOME), the same profile by another path.
      const other = await runRebuild(m.channels('switch', m.config(), { stateDir: path.join(m.dir, 'root-state'), profile: path.join(alias, 'system') }));
      assert.equal(other.outcome, 'refused');
      controller.abort();
      assert.equal((await slow).outcome, 'cancelled');
    });
  });

  it('credentials in a flake reference are in no record, event or state file; the state files are 0600', async () => {
    const token = 'ghp_SECRETTOKEN0123456789';
    const c = collector();
    const flake = `git+https://oauth2:${token}@127.0.0.1:9/private/config.git?ref=main&access_token=${token}2#standin`;
    const stateDir = path.join(m.dir, 'fresh-state');
    const result = await runRebuild({ ...m.channels('switch', m.config(), { stateDir }), flake, includes: [] }, c.sink);
    assert.equal(result.outcome, 'failed');
    const everything = JSON.stringify(c.events) + JSON.stringify(result);
    assert.ok(!everything.includes('SECRETTOKEN'), everything.slice(0, 2000));
    assert.ok(c.of('phase').some((p) => p.message.includes('git+https://***@127.0.0.1:9/private/config.git?ref=main&access_token=***#standin')), JSON.stringify(c.of('phase')));
    const log = fs.readFileSync(path.join(stateDir, 'operations.jsonl'), 'utf8');
    assert.ok(!log.includes('SECRETTOKEN'), log);
    assert.match(log, /"configuration":"git\+https:\/\/\*\*\*@127\.0\.0\.1:9\/private\/config\.git\?ref=main&access_token=\*\*\*#standin"/);
    assert.equal(fs.statSync(stateDir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(stateDir, 'operations.jsonl')).mode & 0o777, 0o600);
    // A switch that worked writes known-good.json: 0600 too; an older 0644 log is narrowed.
    fs.chmodSync(path.join(stateDir, 'operations.jsonl'), 0o644);
    assertOk(await runRebuild(m.channels('switch', m.config(), { stateDir })));
    assert.equal(fs.statSync(path.join(stateDir, 'known-good.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(stateDir, 'operations.jsonl')).mode & 0o777, 0o600);
  });

  it('redactSecrets: URL credentials and secret query parameters, not ssh logins or ordinary text', () => {
    const cases: [string, string][] = [
      ['git+https://oauth2:TOKEN@gitlab.example.org/x', 'git+https://***@gitlab.example.org/x'],
      ['https://user:pass@example.org/a.tar.gz', 'https://***@example.org/a.tar.gz'],
      ['https://ghp_abc@github.com/o/r', 'https://***@github.com/o/r'],
      ["error: unable to download 'https://u:p@h/x?token=abc&rev=1': HTTP 401", "error: unable to download 'https://***@h/x?token=***&rev=1': HTTP 401"],
      ['github:o/r?access_token=abc#host', 'github:o/r?access_token=***#host'],
      ['x?private_token=a;api_key=b&ref=main', 'x?private_token=***;api_key=***&ref=main'],
      ['git+ssh://git@github.com/o/r', 'git+ssh://git@github.com/o/r'],
      ['ssh://deploy:pw@host', 'ssh://***@host'],
      ['Authorization: Bearer abcdefghijkl', 'Authorization: Bearer ***'],
      ['root@web.example.org', 'root@web.example.org'],
      ['building with CFLAGS=-O2', 'building with CFLAGS=-O2'],
    ];
    for (const [input, expected] of cases) assert.equal(redactSecrets(input), expected, input);
  });

  it('--target-host and --build-host values that are not [user@]host are refused before anything runs', async () => {
    for (const [key, value] of [['targetHost', '-oProxyCommand=touch /tmp/pwned'], ['buildHost', '--help'], ['targetHost', 'a host'], ['targetHost', 'ssh://h']] as const) {
      const c = collector();
      const result = await runRebuild(m.channels('switch', m.config(), { [key]: value }), c.sink);
      assert.equal(result.outcome, 'refused', value);
      assert.match(result.message, new RegExp(`^--${key === 'targetHost' ? 'target' : 'build'}-host '.*' is refused: (it starts with -, so ssh and Nix would read it as an option|it is not \\[user@\\]host)\\.`));
      assert.deepEqual(c.of('phase'), [], 'nothing ran');
    }
    const rollback = await runRollback({ action: 'switch', profile: m.profile, stateDir: m.stateDir, currentSystem: m.currentSystem, elevate: 'none', env: NIX_ENV, cwd: m.dir, targetHost: '-J evil' });
    assert.equal(rollback.outcome, 'refused');
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), 'pwned')));
  });
});

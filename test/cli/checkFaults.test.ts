// `check` under bad input (issue 15): the bundled binary on adversarial files, each within a
// time and heap limit, ending with a verdict (exit 0 or 1 and whole JSON), never a crash; and
// symlinks, devices, FIFOs, huge report counts and a closed pipe.
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckReport } from '../../server/src/cli/commands/check';

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.cjs');
/** Generous: each finishes in about 3 s on a loaded machine. */
const TIME_LIMIT_MS = 60_000;
/** V8's heap limit for the check process: past it the process dies, and the test with it. */
const HEAP_MB = 1536;

const N = 100_000;
/** The adversarial corpus: what once took minutes, overflowed the stack or never ended. */
const ADVERSARIAL: Record<string, string | Buffer> = {
  'nul-bytes.nix': Buffer.alloc(150_000, 0),
  'let-chain.nix': 'let a = 1; in '.repeat(N) + 'a',
  'applications.nix': 'f ' + 'x '.repeat(N),
  'nested-applications.nix': 'f ('.repeat(N) + 'x' + ')'.repeat(N),
  'lambdas.nix': 'x: '.repeat(N) + 'x',
  'withs.nix': 'with x; '.repeat(N) + 'y',
  'asserts.nix': 'assert true; '.repeat(N) + '1',
  'ifs.nix': 'if a then 1 else '.repeat(N) + '1',
  'selects.nix': 'a' + '.b'.repeat(N),
  'duplicates.nix': '{ ' + 'a = 1; '.repeat(N) + '}',
  'undefined.nix': '[ ' + 'u '.repeat(N) + ']',
  // each undefined name once looked through every name in scope for a suggestion
  'suggestions.nix': 'let ' + Array.from({ length: N }, (_, i) => `abcd${i} = 1; `).join('') + 'in [ ' + 'abce '.repeat(N) + ']',
  'sum.nix': '1' + ' + 1'.repeat(N),
  'nested-recs.nix': 'rec { a = '.repeat(N) + '1; ' + '}; '.repeat(N),
  'nested-parens.nix': '('.repeat(N),
  'nested-interpolations.nix': '"${'.repeat(N / 2),
  'unterminated-strings.nix': '"\n'.repeat(N),
  'cr-comments.nix': '# c\r'.repeat(N) + '1',
  'invalid-utf8.nix': Buffer.alloc(N, 0xff),
  'long-line.nix': '{ a = "' + 'x'.repeat(3_000_000) + '"; }',
};

const made: string[] = [];
function dir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nh-check-faults-'));
  made.push(d);
  return d;
}

function check(cwd: string, args: string[], timeout = TIME_LIMIT_MS) {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI, 'check', ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 1 << 30,
  });
}

describe('nix-humanity check under bad input', function () {
  this.timeout(TIME_LIMIT_MS * 3);
  after(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  for (const [name, content] of Object.entries(ADVERSARIAL)) {
    it(`gives a verdict on ${name} within ${TIME_LIMIT_MS / 1000} s and a ${HEAP_MB} MB heap`, () => {
      const d = dir();
      writeFileSync(path.join(d, name), content);
      const started = Date.now();
      const r = check(d, ['--json', name]);
      const ms = Date.now() - started;
      assert.equal(r.error, undefined, `${name}: ${String(r.error)} after ${ms} ms`);
      assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}, signal ${r.signal}\n${r.stderr.slice(0, 2000)}`);
      const reports = JSON.parse(r.stdout) as CheckReport[];
      assert.ok(Array.isArray(reports));
    });
  }

  it('keeps the other files\' results when one file has 150 000 problems', () => {
    const d = dir();
    writeFileSync(path.join(d, 'a.nix'), Buffer.alloc(150_000, 0));
    writeFileSync(path.join(d, 'b.nix'), '{ x = y; }');
    const r = check(d, ['--json', '.']);
    assert.equal(r.status, 1, r.stderr);
    const reports = JSON.parse(r.stdout) as CheckReport[];
    assert.equal(reports.filter((x) => x.file === 'a.nix').length, 150_000);
    assert.ok(reports.some((x) => x.file === 'b.nix' && x.code === 'undefined-variable'));
  });

  it('follows symlinked files and folders, once around a cycle', () => {
    const d = dir();
    const dotfiles = path.join(d, 'dotfiles');
    mkdirSync(path.join(dotfiles, 'modules'), { recursive: true });
    writeFileSync(path.join(dotfiles, 'configuration.nix'), '{ ... }: { x = pkgs.git; }');
    writeFileSync(path.join(dotfiles, 'modules', 'm.nix'), '{ y = z; }');
    const etc = path.join(d, 'etc');
    mkdirSync(etc);
    symlinkSync(path.join(dotfiles, 'configuration.nix'), path.join(etc, 'configuration.nix'));
    symlinkSync(path.join(dotfiles, 'modules'), path.join(etc, 'modules'));
    symlinkSync(etc, path.join(etc, 'modules', 'loop')); // a cycle through the linked folder
    symlinkSync(path.join(d, 'missing.nix'), path.join(etc, 'dangling.nix'));
    const r = check(etc, ['--json', '.']);
    assert.equal(r.status, 1, r.stderr);
    const files = [...new Set((JSON.parse(r.stdout) as CheckReport[]).map((x) => x.file))].sort();
    assert.deepEqual(files, ['configuration.nix', path.join('modules', 'm.nix')]);
    // the linked file named alone
    const alone = check(etc, ['configuration.nix']);
    assert.equal(alone.status, 1);
    assert.match(alone.stdout, /pkgs/);
  });

  it('says that a file over --max-file-size got its syntax checked only', () => {
    const d = dir();
    writeFileSync(path.join(d, 'big.nix'), '{ x = y; }');
    const r = check(d, ['--max-file-size', '5', 'big.nix']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /big\.nix:1:1: info: .*only its syntax was checked.*\[syntax-only\]/);
  });

  it('refuses a device and a FIFO by name, at once, with exit 2', () => {
    const d = dir();
    const fifo = path.join(d, 'fifo.nix');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    symlinkSync('/dev/zero', path.join(d, 'zero.nix'));
    const r = check(d, ['fifo.nix', '/dev/zero', 'zero.nix'], 10_000);
    assert.equal(r.error, undefined, 'it must not block or read forever');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /fifo\.nix: not a regular file/);
    assert.match(r.stderr, /\/dev\/zero: not a regular file/);
    // in a folder they are passed over (a FIFO would block the walk)
    const folder = check(d, ['.'], 10_000);
    assert.equal(folder.status, 0, folder.stderr);
  });

  it('exits quietly when its output pipe closes (check ... | head)', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'a.nix'), Buffer.alloc(50_000, 0));
    const child = spawn(process.execPath, [CLI, 'check', 'a.nix'], { cwd: d, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // read one chunk, then close the pipe as head does
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /EPIPE|Error|at /, stderr);
    assert.ok(code === 0 || code === 1, `exit ${code}`);
  });
});

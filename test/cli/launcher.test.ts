// The launcher (dist/cli.cjs, server/src/cli/launcher.ts) as a real process: the bundle it reads
// beside it, and V8's code cache kept per command in the user's cache folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.cjs');
const config = path.join(root, 'test-fixtures/corpus/configuration-server.nix');

function run(cache: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, NIX_HUMANITY_NO_COMPILE_CACHE: '' } });
  return { status: r.status, stdout: r.stdout };
}

describe('the CLI launcher and its code cache (dist/cli.cjs)', function () {
  this.timeout(60_000);
  let cache: string;
  let folder: string;
  const prefix = (command: string) => `cli-${command}-${process.version}-${process.arch}-`;

  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'nh-launcher-'));
    folder = path.join(cache, 'nix-humanity');
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('keeps one cache per command, readable by its user only, and runs the same from it', () => {
    const first = run(cache, ['check', config]);
    assert.equal(first.status, 0);
    const help = run(cache, ['--help']);
    assert.match(help.stdout, /Usage: nix-humanity <command>/);
    const names = readdirSync(folder).sort();
    assert.equal(names.length, 2, names.join(' '));
    assert.ok(names[0]!.startsWith(prefix('check')), names[0]);
    assert.ok(names[1]!.startsWith(prefix('other')), names[1]);
    for (const name of names) assert.equal(statSync(path.join(folder, name)).mode & 0o777, 0o600);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    // from the cache: the same answer, and no further file
    assert.deepEqual(run(cache, ['check', config]), first);
    assert.deepEqual(readdirSync(folder).sort(), names);
  });

  it('a mistyped command shares the one cache of flags and unknown words', () => {
    run(cache, ['--help']);
    run(cache, ['chek']);
    run(cache, ['generation']);
    const names = readdirSync(folder);
    assert.equal(names.length, 1, names.join(' '));
    assert.ok(names[0]!.startsWith(prefix('other')));
  });

  it("drops the command's caches of earlier bundles in the same place, not other installs', commands' or Node versions'", () => {
    assert.equal(run(cache, ['check', config]).status, 0);
    const [made] = readdirSync(folder);
    // cli-COMMAND-NODE-ARCH-PLACE-BUNDLE.v8cache: PLACE is the bundle's path, hashed
    const place = made!.slice(prefix('check').length).split('-')[0]!;
    rmSync(path.join(folder, made!));
    const stale = `${prefix('check')}${place}-old-bundle.v8cache`;
    const otherInstall = `${prefix('check')}elsewhere-other-bundle.v8cache`;
    const otherCommand = `${prefix('lsp')}${place}-old-bundle.v8cache`;
    const otherNode = `cli-check-v0.0.0-${process.arch}-${place}-old-bundle.v8cache`;
    const unused = `${prefix('check')}gone-old-bundle.v8cache`;
    for (const name of [stale, otherInstall, otherCommand, otherNode, unused]) writeFileSync(path.join(folder, name), 'not a cache');
    // unused for 31 days: an install replaced elsewhere (a new store path)
    const monthAgo = Date.now() / 1000 - 31 * 24 * 3600;
    utimesSync(path.join(folder, unused), monthAgo, monthAgo);
    assert.equal(run(cache, ['check', config]).status, 0);
    const names = readdirSync(folder);
    assert.ok(!names.includes(stale), names.join(' '));
    assert.ok(!names.includes(unused), names.join(' '));
    for (const kept of [otherInstall, otherCommand, otherNode]) assert.ok(names.includes(kept), `${kept} in ${names.join(' ')}`);
    assert.equal(names.filter((n) => n.startsWith(`${prefix('check')}${place}-`)).length, 1);
  });

  it('sets the time of a cache it uses when a week old, so a month unused means unused', () => {
    assert.equal(run(cache, ['check', config]).status, 0);
    const [name] = readdirSync(folder);
    const file = path.join(folder, name!);
    const weeks = Date.now() / 1000 - 8 * 24 * 3600;
    utimesSync(file, weeks, weeks);
    assert.equal(run(cache, ['check', config]).status, 0);
    assert.ok(Date.now() - statSync(file).mtimeMs < 3_600_000, `mtime ${statSync(file).mtime.toISOString()}`);
  });

  it('an operation runner nobody used writes no cache (it would lack a run\'s code)', () => {
    const dir = path.join(cache, 'run');
    const r = spawnSync(process.execPath, [cli, '__runner', dir], { input: '', encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, NIX_HUMANITY_NO_COMPILE_CACHE: '' } });
    assert.equal(r.status, 0, r.stderr);
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      // no cache folder at all
    }
    assert.deepEqual(names.filter((n) => n.startsWith(prefix('__runner'))), []);
    // a command that ran writes its cache as before
    assert.equal(run(cache, ['--help']).status, 0);
    assert.equal(readdirSync(folder).filter((n) => n.startsWith(prefix('other'))).length, 1);
  });

  it('a cache it cannot use (another source, garbage) is refused and written again', () => {
    assert.equal(run(cache, ['check', config]).status, 0);
    const [name] = readdirSync(folder);
    writeFileSync(path.join(folder, name!), 'garbage');
    const again = run(cache, ['check', config]);
    assert.equal(again.status, 0);
    assert.ok(statSync(path.join(folder, name!)).size > 1000);
  });
});

describe('the bundle loads crypto and child_process only when a command uses them', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'nh-lazy-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The Node modules the run loaded, written by a preloaded script as the process exits. */
  function loaded(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; modules: string[] } {
    const out = path.join(dir, 'modules.json');
    const preload = path.join(dir, 'preload.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));`);
    const r = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: dir, ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules: JSON.parse(readFileSync(out, 'utf8')) as string[] };
  }

  it('--help and check load neither', () => {
    for (const args of [['--help'], ['check', config]]) {
      const r = loaded(args);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!r.modules.includes('NativeModule crypto'), `${args.join(' ')} loaded crypto`);
      assert.ok(!r.modules.includes('NativeModule child_process'), `${args.join(' ')} loaded child_process`);
    }
  });

  it('--help and check write through the descriptors: no stream modules, the whole output', () => {
    // (stdout is a pipe here: process.stdout would be a net.Socket, system/fdOut.ts)
    for (const args of [['--help'], ['check', config]]) {
      const r = loaded(args);
      assert.equal(r.status, 0, r.stderr);
      for (const name of ['net', 'stream']) assert.ok(!r.modules.includes(`NativeModule ${name}`), `${args.join(' ')} loaded ${name}`);
      if (args[0] === '--help') assert.match(r.stdout, /^nix-humanity \S+: [^]*Usage: nix-humanity <command>[^]*\n$/);
      // (check's summary is on stderr)
      else assert.equal(r.stderr, '1 file checked: 0 errors, 0 other problems.\n');
    }
  });

  it('a command that runs a process gets the real module on first use', () => {
    // --live asks Nix for the options; with no nixpkgs on the search path, Nix's own error comes
    // back (so the process really ran) and the check goes on with the other sources. (A rebuild
    // through the bundle, which uses crypto too, is in signals.test.ts.)
    writeFileSync(path.join(dir, 'a.nix'), '{ }: { }\n');
    const r = loaded(['check', '--live', path.join(dir, 'a.nix')], { NIX_PATH: `nixpkgs=${path.join(dir, 'no-nixpkgs')}` });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.modules.includes('NativeModule child_process'));
    assert.match(r.stderr, /Nix failed evaluating the options: error: /);
  });
});

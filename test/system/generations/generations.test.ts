// Generations of a real profile made with nix-env from tiny system-like derivations: listing
// (checked against nix-env --list-generations), package diffs, known-good bookkeeping, the CLI.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dispatch } from '../../../server/src/cli/dispatch';
import type { CliIO } from '../../../server/src/cli/io';
import { diffGenerations, diffPackageLists, formatBytes } from '../../../server/src/system/generationDiff';
import { listGenerations, ProfileNotFoundError } from '../../../server/src/system/generations';
import { lastKnownGood, recordActivation, stateDirFromEnv } from '../../../server/src/system/knownGood';
import { compareVersions, parseDrvName } from '../../../server/src/system/errors/nixNames';
import { requireTool } from '../../support/tools';

const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command' };
const SYSTEM_NIX = path.join(import.meta.dirname, 'system.nix');

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { env: NIX_ENV, encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function build(attr: string): string {
  return run('nix-build', [SYSTEM_NIX, '-A', attr, '--no-out-link']).trim();
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    cwd: process.cwd(),
    env: { ...NIX_ENV, ...env },
    signal: new AbortController().signal,
  };
  const code = await dispatch(args, io);
  return { code, stdout, stderr };
}

describe('system generations (real Nix profile)', function () {
  this.timeout(120_000);
  let dir: string;
  let profile: string;
  let stateDir: string;
  const paths: Record<string, string> = {};

  before(function () {
    requireTool('nix-env');
    requireTool('nix-build');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-gen-'));
    profile = path.join(dir, 'system');
    stateDir = path.join(dir, 'state');
    for (const v of ['a', 'b', 'c']) {
      paths[v] = build(v);
      run('nix-env', ['-p', profile, '--set', paths[v]!]);
    }
    // Back to b: the current generation is not the newest one.
    run('nix-env', ['-p', profile, '--switch-generation', '2']);
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the same generations and current one as nix-env --list-generations', function () {
    const ours = listGenerations(profile);
    const theirs = run('nix-env', ['-p', profile, '--list-generations'])
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => ({ generation: Number(l.trim().split(/\s+/)[0]), current: l.includes('(current)'), date: l.trim().split(/\s+/).slice(1, 3).join(' ') }));
    assert.deepEqual(ours.map((g) => g.generation), theirs.map((g) => g.generation));
    assert.deepEqual(ours.map((g) => g.current), theirs.map((g) => g.current));
    const p = (n: number) => String(n).padStart(2, '0');
    for (const [i, g] of ours.entries()) {
      const d = g.date;
      assert.equal(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`, theirs[i]!.date);
    }
  });

  it('reads version, kernel, specialisations and revision from each generation', function () {
    const [a, b, c] = listGenerations(profile);
    assert.deepEqual(
      { n: a!.generation, v: a!.nixosVersion, k: a!.kernelVersion, s: a!.specialisations, r: a!.configurationRevision, store: a!.storePath, link: a!.path },
      { n: 1, v: '23.11.1', k: '6.1.0', s: [], r: undefined, store: paths.a, link: path.join(dir, 'system-1-link') },
    );
    assert.deepEqual([b!.nixosVersion, b!.kernelVersion, b!.specialisations, b!.configurationRevision, b!.current], ['23.11.2', '6.1.5', ['gaming', 'work'], 'abc123', true]);
    assert.deepEqual([c!.nixosVersion, c!.kernelVersion, c!.current], ['23.11.3', '6.6.1', false]);
  });

  it('reads named system profiles (system-profiles/NAME) and profiles pointing straight at a store path', function () {
    const named = path.join(dir, 'system-profiles', 'work');
    fs.mkdirSync(path.dirname(named));
    run('nix-env', ['-p', named, '--set', paths.a!]);
    run('nix-env', ['-p', named, '--set', paths.c!]);
    assert.deepEqual(listGenerations(named).map((g) => [g.generation, g.nixosVersion, g.current, path.basename(g.path)]), [
      [1, '23.11.1', false, 'work-1-link'],
      [2, '23.11.3', true, 'work-2-link'],
    ]);
    const direct = path.join(dir, 'direct', 'system');
    fs.mkdirSync(path.dirname(direct));
    fs.symlinkSync(paths.a!, `${direct}-1-link`);
    fs.symlinkSync(paths.b!, `${direct}-2-link`);
    fs.symlinkSync(paths.a!, direct);
    assert.deepEqual(listGenerations(direct).map((g) => g.current), [true, false]);
  });

  it('reports a missing profile clearly', function () {
    assert.throws(() => listGenerations(path.join(dir, 'nope', 'system')), ProfileNotFoundError);
  });

  it('diffs two generations by package, grouping outputs, with the closure size from nix path-info', async function () {
    const diff = await diffGenerations(paths.a!, paths.b!, { env: NIX_ENV });
    assert.deepEqual(diff.added, [{ name: 'firefox', version: '120.0' }]);
    assert.deepEqual(diff.removed, [{ name: 'nano', version: '7.2' }]);
    assert.deepEqual(diff.changed, [
      { name: 'hello', from: '2.12', to: '2.13', direction: 'upgrade' },
      { name: 'nixos-system-test', from: '23.11.1', to: '23.11.2', direction: 'upgrade' },
    ]);
    const closure = (p: string) => (JSON.parse(run('nix', ['path-info', '-S', '--json', p])) as { closureSize: number }[])[0]!.closureSize;
    assert.deepEqual(diff.closureBytes, { from: closure(paths.a!), to: closure(paths.b!), delta: closure(paths.b!) - closure(paths.a!) });
    const back = await diffGenerations(paths.b!, paths.c!, { env: NIX_ENV });
    assert.deepEqual(back.changed[0], { name: 'hello', from: '2.13', to: '2.12', direction: 'downgrade' });
  });

  it('parses names and compares versions the way Nix does', function () {
    const cases = ['hello-2.12', 'hello-2.12-man', 'nixos-system-test-23.11.1', 'xorg-server-21.1.9', 'python3.11-requests-2.31.0', 'linux-6.1.0-modules', 'etc', 'unit-dbus.service'];
    const names = JSON.parse(run('nix-instantiate', ['--eval', '--strict', '--json', '-E', `map builtins.parseDrvName ${nixList(cases)}`])) as { name: string; version: string }[];
    assert.deepEqual(cases.map(parseDrvName), names);
    const pairs = [['1.0', '1.0.1'], ['2.12', '2.2'], ['1.0pre1', '1.0'], ['1.0', '1.0a'], ['1.0-rc1', '1.0'], ['6.1.0', '6.1'], ['2023-01-01', '2023-01-02'], ['1.2.3', '1.2.3']];
    const expr = `map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [ ${pairs.map((p) => nixList(p)).join(' ')} ]`;
    const nix = JSON.parse(run('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr])) as number[];
    assert.deepEqual(pairs.map(([x, y]) => compareVersions(x!, y!)), nix);
  });

  it('groups several versions of one package', function () {
    const d = diffPackageLists(
      ['/nix/store/00000000000000000000000000000000-qt-5.15.2', '/nix/store/00000000000000000000000000000001-qt-6.5.0'],
      ['/nix/store/00000000000000000000000000000002-qt-6.5.0'],
    );
    assert.deepEqual(d.changed, [{ name: 'qt', from: '5.15.2, 6.5.0', to: '6.5.0', direction: 'upgrade' }]);
    assert.equal(formatBytes(1288490188), '1.2 GiB');
  });

  it('remembers known-good generations and falls back to the previous one', function () {
    const gens = listGenerations(profile); // current is 2
    const state = path.join(stateDir, 'kg1');
    assert.equal(lastKnownGood(state, profile, gens), 1, 'nothing recorded: current-1');
    recordActivation(state, profile, 1, 'failed', paths.a);
    assert.equal(lastKnownGood(state, profile, gens), undefined, 'the only older one failed');
    recordActivation(state, profile, 1, 'ok', paths.a);
    recordActivation(state, profile, 2, 'units-failed', paths.b);
    assert.equal(lastKnownGood(state, profile, gens), 1);
    // A record for a different store path under the same number (numbers can be reused) does not
    // count: generation 1 is then unknown again, so it is the fallback.
    recordActivation(state, profile, 1, 'failed', '/nix/store/00000000000000000000000000000000-other');
    assert.equal(lastKnownGood(state, profile, gens), 1);
    assert.deepEqual(fs.readdirSync(state), ['known-good.json'], 'no temp files left behind');
    assert.equal(stateDirFromEnv({ NIX_HUMANITY_STATE_DIR: '/x' }), '/x');
    assert.equal(stateDirFromEnv({ XDG_STATE_HOME: '/s', HOME: '/h' }), '/s/nix-humanity');
    assert.equal(stateDirFromEnv({ HOME: '/h' }), '/h/.local/state/nix-humanity');
  });

  it('CLI: generations --json and the table', async function () {
    const state = path.join(stateDir, 'cli');
    recordActivation(state, profile, 1, 'ok', paths.a);
    const json = await cli(['generations', '--profile', profile, '--json'], { NIX_HUMANITY_STATE_DIR: state });
    assert.equal(json.code, 0, json.stderr);
    const list = JSON.parse(json.stdout) as { generation: number; date: string; nixosVersion: string; kernelVersion: string; current: boolean; knownGood: boolean; specialisations: string[] }[];
    assert.deepEqual(list.map((g) => [g.generation, g.nixosVersion, g.kernelVersion, g.current, g.knownGood]), [
      [1, '23.11.1', '6.1.0', false, true],
      [2, '23.11.2', '6.1.5', true, false],
      [3, '23.11.3', '6.6.1', false, false],
    ]);
    assert.ok(!Number.isNaN(Date.parse(list[0]!.date)));
    const text = await cli(['generations', '--profile', profile], { NIX_HUMANITY_STATE_DIR: state });
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /Generation\s+Date\s+NixOS version\s+Kernel\s+Specialisations/);
    assert.match(lines[1]!, /^ +1 .*23\.11\.1 +6\.1\.0 .*\(known good\)$/);
    assert.match(lines[2]!, /^\* +2 .*gaming, work.*\(current\)$/);
    // Aligned: the date column starts at the same place on every line.
    const col = lines[0]!.indexOf('Date');
    for (const l of lines.slice(1)) assert.match(l.slice(col), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  });

  it('CLI: diff defaults to previous vs current, takes numbers, prints JSON', async function () {
    const text = await cli(['diff', '--profile', profile]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Generation 1 -> 2$/m);
    assert.match(text.stdout, /^\+ firefox 120\.0$/m);
    assert.match(text.stdout, /^- nano 7\.2$/m);
    assert.match(text.stdout, /^~ hello 2\.12 -> 2\.13 \(upgrade\)$/m);
    assert.match(text.stdout, /^Closure size: \d+(\.\d)? (B|KiB) -> \d+(\.\d)? (B|KiB) \([+-]\d+(\.\d)? (B|KiB)\)$/m);
    const json = await cli(['diff', '2', '3', '--profile', profile, '--json']);
    const parsed = JSON.parse(json.stdout) as { from: number; to: number; changed: { name: string; direction: string }[] };
    assert.equal(parsed.from, 2);
    assert.equal(parsed.to, 3);
    assert.deepEqual(parsed.changed.find((c) => c.name === 'hello')?.direction, 'downgrade');
  });

  it('CLI: clear errors for a missing profile, an unknown generation and bad arguments', async function () {
    const missing = await cli(['generations', '--profile', path.join(dir, 'none', 'system')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no profile at .*none\/system\. /);
    const unknown = await cli(['diff', '7', '--profile', profile]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no generation 7/);
    const bad = await cli(['diff', 'latest', '--profile', profile]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a generation number/);
  });
});

function nixList(items: readonly string[]): string {
  return `[ ${items.map((s) => JSON.stringify(s)).join(' ')} ]`;
}

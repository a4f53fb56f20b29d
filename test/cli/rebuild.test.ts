// `nix-humanity rebuild` and `rollback`, run in-process through dispatch() with real Nix building
// the stand-in NixOS into a temporary profile.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dispatch } from '../../server/src/cli/dispatch';
import type { CliIO } from '../../server/src/cli/io';
import { Machine, NIX_ENV, NIXPKGS, requireNix, STANDIN } from '../system/runner/support';

async function cli(m: Machine, args: string[], options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: options.isTTY ?? false,
    cwd: m.dir,
    env: { ...NIX_ENV, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem, NIX_HUMANITY_BACKEND: 'direct', ...options.env },
    signal: new AbortController().signal,
  };
  const code = await dispatch(args, io);
  return { code, stdout, stderr };
}

const TYPES = new Set(['phase', 'progress', 'log', 'diagnostic', 'result']);

function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  const lines = stdout.split('\n').filter(Boolean);
  return lines.map((l) => {
    const parsed = JSON.parse(l) as Record<string, unknown> & { type: string };
    assert.ok(TYPES.has(parsed.type), `unexpected type in ${l}`);
    return parsed;
  });
}

describe('CLI: rebuild and rollback (real Nix)', function () {
  this.timeout(120_000);
  let m: Machine;

  before(() => requireNix());
  beforeEach(() => {
    m = new Machine('cli');
  });
  afterEach(() => m.remove());

  const channelArgs = (config: string) => ['-I', `nixpkgs=${NIXPKGS}`, '-I', `nixos-config=${config}`, '--profile', m.profile, '--elevate', 'none'];

  it('rebuild switch --json prints one typed JSON object per line, ending with the result', async () => {
    const { code, stdout, stderr } = await cli(m, ['rebuild', 'switch', ...channelArgs(m.config()), '--json']);
    assert.equal(code, 0, stderr);
    const events = jsonLines(stdout);
    assert.deepEqual(events.filter((e) => e.type === 'phase').map((e) => e.phase), ['evaluating', 'building', 'activating']);
    assert.ok(events.some((e) => e.type === 'progress'));
    assert.ok(events.some((e) => e.type === 'log' && e.source === 'activation'));
    const result = events[events.length - 1]!;
    assert.equal(result.type, 'result');
    assert.equal(result.ok, true);
    assert.equal(result.generation, 1);
    assert.equal(result.action, 'switch');
    assert.equal(typeof result.durationMs, 'number');
    assert.equal(m.profileTarget(), result.storePath);
  });

  it('an evaluation error: a diagnostic with file, 0-based range, severity, message, fixes; exit 1', async () => {
    const config = path.join(STANDIN, 'configurations', 'eval-error', 'configuration.nix');
    const { code, stdout } = await cli(m, ['rebuild', 'build', ...channelArgs(config), '--json']);
    assert.equal(code, 1);
    const events = jsonLines(stdout);
    const d = events.find((e) => e.type === 'diagnostic' && e.code === 'undefined-variable') as Record<string, any> | undefined;
    assert.ok(d, stdout);
    assert.equal(d.file, config);
    assert.deepEqual(d.range.start, { line: 5, character: 4 });
    assert.equal(d.severity, 'error');
    assert.match(d.message, /firefox/);
    assert.ok(Array.isArray(d.fixes) && d.fixes.length > 0 && d.fixes.every((f: { title: string }) => typeof f.title === 'string'));
    assert.equal(events[events.length - 1]!.ok, false);
  });

  it('plain output: phases, build lines, 1-based positions, the failure on stderr', async () => {
    const config = path.join(STANDIN, 'configurations', 'eval-error', 'configuration.nix');
    const { code, stdout, stderr } = await cli(m, ['rebuild', 'switch', ...channelArgs(config)]);
    assert.equal(code, 1);
    assert.match(stdout, /^==> Evaluating .*eval-error\/configuration\.nix\.$/m);
    assert.ok(stdout.includes(`${config}:6:5: error: `), stdout);
    assert.match(stdout, /\n {4}fix: /);
    assert.match(stderr, /^nix-humanity: The configuration did not evaluate: undefined variable 'firefox'/);
    assert.ok(!stdout.includes('\r'), 'no terminal control codes when not on a terminal');
  });

  it('on a terminal: a live status line redrawn in place', async () => {
    const { code, stdout } = await cli(m, ['rebuild', 'build', ...channelArgs(m.config())], { isTTY: true });
    assert.equal(code, 0);
    assert.ok(stdout.includes('\r\x1b[K[building]'), JSON.stringify(stdout.slice(0, 400)));
    assert.match(stdout, /Built \/nix\/store\/\S+\.\n$/);
    assert.ok(fs.existsSync(path.join(m.dir, 'result', 'nixos-version')), 'build leaves ./result');
  });

  it('rebuild build-vm-with-bootloader keeps ./result and names the runner', async () => {
    const { code, stdout, stderr } = await cli(m, ['rebuild', 'build-vm-with-bootloader', ...channelArgs(m.config())]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Built the virtual machine with its boot loader\. Start it with .*\/result\/bin\/run-standin-vm\.\n$/);
    assert.match(fs.realpathSync(path.join(m.dir, 'result')), /-nixos-vm-with-bootloader-standin$/);
    assert.match((await cli(m, ['rebuild', '--help'])).stdout, /build-vm-with-bootloader/);
  });

  it('rebuild --upgrade says which channel update runs before building', async () => {
    const bin = path.join(m.dir, 'bin');
    const channels = path.join(m.dir, 'channels');
    fs.mkdirSync(path.join(channels, 'nixos'), { recursive: true });
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'nix-channel'), `#!/bin/sh\necho "nix-channel $*" >> ${m.dir}/calls.log\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${NIX_ENV.PATH}`, NIX_HUMANITY_CHANNELS_DIR: channels };
    const { code, stdout, stderr } = await cli(m, ['rebuild', 'build', '--upgrade', ...channelArgs(m.config())], { env });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^==> Updating the channel nixos: nix-channel --update nixos\.\n==> Evaluating /);
    assert.equal(fs.readFileSync(path.join(m.dir, 'calls.log'), 'utf8'), 'nix-channel --update nixos\n');
    assert.match((await cli(m, ['rebuild', '--help'])).stdout, /--upgrade-all/);
  });

  it('exit 4 when the system was activated but units failed', async () => {
    const { code, stderr } = await cli(m, ['rebuild', 'switch', ...channelArgs(m.config('', { exitCode: 4, failedUnits: ['a.service'] }))]);
    assert.equal(code, 4);
    assert.match(stderr, /some units failed to start: a\.service/);
  });

  it('--flake REF#HOST', async () => {
    const dir = m.flake(m.flakeLocal());
    const { code, stdout } = await cli(m, ['rebuild', 'test', '--flake', `${dir}#standin`, '--elevate', 'none', '--json']);
    assert.equal(code, 0);
    assert.equal(jsonLines(stdout).pop()!.outcome, 'ok');
    assert.equal(m.activations()[0]![0], 'test');
  });

  it('rollback --to N and plain rollback', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await cli(m, ['rebuild', 'switch', ...channelArgs(m.config())])).code, 0);
    const to = await cli(m, ['rollback', '--to', '1', '--profile', m.profile, '--elevate', 'none', '--json']);
    assert.equal(to.code, 0, to.stderr);
    const result = jsonLines(to.stdout).pop()!;
    assert.equal(result.action, 'generation-switch');
    assert.equal(result.generation, 1);
    const back = await cli(m, ['rollback', '--profile', m.profile, '--elevate', 'none']);
    assert.equal(back.code, 1);
    assert.match(back.stderr, /There is no generation older than the current one \(1\)/);
    const boot = await cli(m, ['rollback', '--to', '2', '--action', 'boot', '--profile', m.profile, '--elevate', 'none']);
    assert.equal(boot.code, 0);
    assert.match(boot.stdout, /Generation 2 will be used at the next boot\./);
  });

  it('usage mistakes exit 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['rebuild'], /rebuild needs one action/],
      [['rebuild', 'frob'], /unknown action 'frob'/],
      [['rebuild', 'switch', '--elevate', 'su'], /unknown elevation method 'su'/],
      [['rebuild', 'switch', '--backend', 'x'], /unknown backend 'x'/],
      [['rebuild', 'switch', '--frob'], /Unknown option '--frob'/],
      [['rollback', '--to', 'x'], /'x' is not a generation number/],
      [['rollback', '--action', 'build'], /unknown action 'build'/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await cli(m, args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, pattern);
      assert.equal(stderr.trim().split('\n').length, 1);
    }
  });

  it('--help lists both commands; each has usage', async () => {
    const help = await cli(m, ['--help']);
    assert.match(help.stdout, /^\s+rebuild\s+Build the NixOS configuration/m);
    assert.match(help.stdout, /^\s+rollback\s+Go back/m);
    assert.match((await cli(m, ['rebuild', '--help'])).stdout, /Usage: nix-humanity rebuild ACTION/);
    assert.match((await cli(m, ['help', 'rollback'])).stdout, /Usage: nix-humanity rollback/);
  });
});

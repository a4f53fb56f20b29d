// `nix-humanity option` and `search`: the knowledge a terminal user gets, from an options.json
// (with the packages.json beside it) and the folder's own modules; `--live` through real Nix on
// the stand-in NixOS, for `option` and for `check`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './dispatch.test';
import { expect } from '../support/expect.js';

const root = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(root, 'test-fixtures', 'knowledge');
const STANDIN_NIXPKGS = path.join(root, 'test-fixtures', 'nixos-standin', 'nixpkgs');

describe('nix-humanity option and search', () => {
  let dir: string;
  const savedCache = process.env.XDG_CACHE_HOME;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nh-knowledge-cli-'));
    // (the options.json is kept as rows in the knowledge cache: not the user's own)
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
    cpSync(FIXTURE, path.join(dir, 'result', 'share', 'doc', 'nixos'), { recursive: true });
    writeFileSync(path.join(dir, 'mine.nix'), '{ lib, ... }: { options.my.thing = lib.mkOption { type = lib.types.str; default = "x"; description = "My own option."; }; }\n');
  });
  after(() => {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    rmSync(dir, { recursive: true, force: true });
  });

  it('are listed in --help, with their own help', async () => {
    const { stdout } = await runCli(['--help']);
    assert.match(stdout, /^\s+option\s+Show a NixOS option/m);
    assert.match(stdout, /^\s+search\s+Search NixOS options and packages/m);
    assert.match((await runCli(['option', '--help'])).stdout, /^Usage: nix-humanity option/);
    assert.match((await runCli(['search', '--help'])).stdout, /^Usage: nix-humanity search/);
  });

  it('option shows what hover shows, from a found options.json', async () => {
    const r = await runCli(['option', 'services.fixture.port'], dir);
    assert.equal(r.code, 0, r.stderr);
    expect`
      services.fixture.port

      The port the fixture service listens on.

      Type: 16 bit unsigned integer; between 0 and 65535 (both inclusive)
      Default: 8080
      Declared in: nixos/modules/services/fixture.nix
      Source: an options.json
    `.assertEq(r.stdout.trimEnd());
  });

  it("option finds <name> levels and the folder's own modules", async () => {
    assert.match((await runCli(['option', 'users.users.alice.fixtureShell'], dir)).stdout, /^users\.users\.<name>\.fixtureShell\n/);
    const mine = await runCli(['option', 'my.thing'], dir);
    assert.match(mine.stdout, /My own option\.\n\nType: string\nDefault: "x"\nDeclared in: .*mine\.nix\nSource: this workspace's own modules/);
  });

  it('option says what is near when the path is unknown, exit 1', async () => {
    const r = await runCli(['option', 'services.fixture.prot'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no option services\.fixture\.prot is known\. Did you mean:\n {2}services\.fixture\.port\n/);
    const prefix = await runCli(['option', 'services.fixture'], dir);
    assert.match(prefix.stderr, /is not an option itself; the options below it include:\n {2}services\.fixture\.enable\n {2}services\.fixture\.port\n/);
  });

  it('option --json', async () => {
    const r = await runCli(['option', '--json', 'services.fixture.enable'], dir);
    const json = JSON.parse(r.stdout) as { option: { path: string[]; type: { kind: string }; source: string } };
    assert.deepEqual([json.option.path, json.option.type.kind, json.option.source], [['services', 'fixture', 'enable'], 'bool', 'options.json']);
    assert.equal(JSON.parse((await runCli(['option', '--json', 'services.fixture.prot'], dir)).stdout).nearest[0], 'services.fixture.port');
  });

  it('search finds options and packages, and filters', async () => {
    const r = await runCli(['search', 'fixture'], dir);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('services.fixture.enable (boolean): Whether to run the fixture service.'), r.stdout);
    assert.ok(lines.includes('pkgs.fixtureunfree 3 [unfree]: A fixture whose licence is not free'), r.stdout);
    const onlyPackages = await runCli(['search', '--packages', '--json', 'fixture', 'tool'], dir);
    const json = JSON.parse(onlyPackages.stdout) as { options: unknown[]; packages: { attrPath: string }[] };
    assert.deepEqual([json.options.length, json.packages.map((p) => p.attrPath)], [0, ['fixturetool']]);
    const none = await runCli(['search', '--options', 'zzzqqq'], dir);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /nothing found for 'zzzqqq'/);
  });

  it('reject bad arguments', async () => {
    assert.equal((await runCli(['option'], dir)).code, 2);
    assert.equal((await runCli(['search', '--options', '--packages', 'x'], dir)).code, 2);
    assert.match((await runCli(['search', '--limit', '0', 'x'], dir)).stderr, /--limit wants a positive whole number/);
  });

  it('option --live and check --live evaluate the system with real Nix (the built CLI)', function () {
    this.timeout(60_000);
    const ws = mkdtempSync(path.join(os.tmpdir(), 'nh-live-cli-'));
    try {
      writeFileSync(path.join(ws, 'configuration.nix'), '{ ... }: { networking.hostName = "clitest"; }\n');
      const env = {
        ...process.env,
        NIX_PATH: `nixpkgs=${STANDIN_NIXPKGS}`,
        NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =',
        XDG_CACHE_HOME: path.join(ws, 'cache'),
      };
      const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), ...args], { cwd: ws, env, encoding: 'utf8' });
      const r = cli(['option', '--live', 'services.openssh.settings.PermitRootLogin']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Type: one of "yes", "without-password", "prohibit-password", "forced-commands-only", "no"\nDefault: "prohibit-password"\n.*\nSource: your system/s);
      const check = cli(['check', '--live', 'configuration.nix']);
      assert.equal(check.status, 0, check.stderr);
      assert.match(check.stderr, /^1 file checked/);
      const missingNix = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), 'option', '--live', 'services.openssh.enable'], { cwd: ws, env: { ...env, PATH: '/nonexistent', XDG_CACHE_HOME: path.join(ws, 'cache2') }, encoding: 'utf8' });
      assert.match(missingNix.stderr, /Could not run nix-instantiate/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

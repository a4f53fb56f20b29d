import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './dispatch.test';
import type { CheckReport } from '../../server/src/cli/commands/check';

const root = path.resolve(import.meta.dirname, '../..');

/** Folders made by workspace(), removed after the tests. */
const made: string[] = [];

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nh-check-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const GOOD = '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n';
const BROKEN = '{ pkgs, ... }:\n{\n  networking.hostName = "laptop"\n  services.openssh.enable = true;\n}\n';
const UNDEFINED = '{ config, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n';

describe('nix-humanity check', () => {
  after(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is listed in --help', async () => {
    const { stdout } = await runCli(['--help']);
    assert.match(stdout, /^\s+check\s+Report syntax errors/m);
  });

  it('passes a clean file with exit 0 and no problem lines', async () => {
    const dir = workspace({ 'configuration.nix': GOOD });
    const { code, stdout, stderr } = await runCli(['check', 'configuration.nix'], dir);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /1 file checked: 0 errors/);
  });

  it('prints file:line:column: severity: message [code] and exits 1 on an error', async () => {
    const dir = workspace({ 'configuration.nix': BROKEN });
    const { code, stdout } = await runCli(['check', 'configuration.nix'], dir);
    assert.equal(code, 1);
    // shown where the `;` is missing: after the value on line 3, not at the next binding
    assert.match(stdout, /^configuration\.nix:3:25: error: expected ';' after the value of `networking\.hostName`.*Insert `;` after this value\. \[syntax\]$/m);
  });

  it('walks folders, skipping .git and result', async () => {
    const dir = workspace({
      'configuration.nix': GOOD,
      'modules/bad.nix': UNDEFINED,
      '.git/hooks/x.nix': BROKEN,
      'result/y.nix': BROKEN,
    });
    const { code, stdout, stderr } = await runCli(['check', '.'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^modules\/bad\.nix:3:34: error: `pkgs` is not defined/m);
    assert.doesNotMatch(stdout, /\.git|result\//);
    assert.match(stderr, /2 files checked: 1 error/);
  });

  it('prints JSON with LSP ranges, severities, codes and fixes', async () => {
    const dir = workspace({ 'a.nix': UNDEFINED });
    const { code, stdout } = await runCli(['check', '--json', 'a.nix'], dir);
    assert.equal(code, 1);
    const reports = JSON.parse(stdout) as CheckReport[];
    const undef = reports.find((r) => r.code === 'undefined-variable')!;
    assert.deepEqual(undef.range, { start: { line: 2, character: 33 }, end: { line: 2, character: 37 } });
    assert.equal(undef.severity, 'error');
    assert.equal(undef.file, 'a.nix');
    const fix = undef.fixes?.find((f) => /arguments/.test(f.title));
    assert.ok(fix, JSON.stringify(undef));
    assert.deepEqual(fix.edits[0]!.range.start, { line: 0, character: 10 });
    // Warnings and hints are reported but do not fail the run.
    const onlyHints = workspace({ 'b.nix': 'let unused = 1; in 2\n' });
    const hinted = await runCli(['check', '--json', 'b.nix'], onlyHints);
    assert.equal(hinted.code, 0);
    assert.ok((JSON.parse(hinted.stdout) as CheckReport[]).some((r) => r.code === 'unused-let'), hinted.stdout);
  });

  it('counts columns in UTF-16 code units, as LSP does', async () => {
    const dir = workspace({ 'u.nix': '{ x = "😀"; y = nope; }\n' });
    const { stdout } = await runCli(['check', '--json', 'u.nix'], dir);
    const undef = (JSON.parse(stdout) as CheckReport[]).find((r) => r.code === 'undefined-variable')!;
    // 16 in UTF-16 units; code points would give 15 and bytes 18.
    assert.equal(undef.range.start.character, 16);
  });

  it('warns of invalid UTF-8 at its first bad byte; a stray byte outside a string is an error, as to Nix', async () => {
    const dir = workspace({ 'bad.nix': Buffer.from([0x7b, 0x0a, 0x20, 0x78, 0x20, 0x3d, 0x20, 0xff, 0x3b, 0x7d]) });
    const { code, stdout } = await runCli(['check', '--json', 'bad.nix'], dir);
    assert.equal(code, 1);
    const reports = JSON.parse(stdout) as CheckReport[];
    const [r] = reports;
    assert.equal(r!.code, 'invalid-utf8');
    assert.equal(r!.severity, 'warning');
    assert.deepEqual(r!.range.start, { line: 1, character: 5 });
    assert.ok(reports.some((x) => x.severity === 'error' && x.code === 'syntax'), stdout);
  });

  it('names a missing file and exits 2; a bad flag is a usage error', async () => {
    const dir = workspace({});
    const missing = await runCli(['check', 'nope.nix'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.nix: no such file or folder/);
    const bad = await runCli(['check', '--max-file-size', 'big'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /positive whole number/);
  });

  it('gives files above --max-file-size syntax checks only, and says so', async () => {
    const dir = workspace({ 'big.nix': UNDEFINED });
    const { code, stdout } = await runCli(['check', '--json', '--max-file-size', '10', 'big.nix'], dir);
    assert.equal(code, 0);
    const reports = JSON.parse(stdout) as CheckReport[];
    assert.deepEqual(
      reports.map((r) => `${r.severity} ${r.code}`),
      ['info syntax-only'],
    );
  });

  it('runs from the bundled binary with the same exit codes', () => {
    const cli = path.join(root, 'dist/cli.cjs');
    assert.ok(existsSync(cli), `${cli} is missing: run 'npm run build' first (npm test does it).`);
    const dir = workspace({ 'configuration.nix': BROKEN });
    const r = spawnSync(process.execPath, [cli, 'check', 'configuration.nix'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /configuration\.nix:3:25: error/);
  });
});

// `nix-humanity ask` and `explain`, run in-process over the test index on a copy of a base
// configuration: what is printed, exit codes, --apply writing atomically.
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, chmodSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAskCommand } from '../../server/src/cli/commands/ask.js';
import { makeExplainCommand } from '../../server/src/cli/commands/explain.js';
import type { CliIO } from '../../server/src/cli/io.js';
import { writeFilesAtomically } from '../../server/src/system/intentFiles.js';
import { INTENTS_DIR } from './harness.js';
import { testIndex } from './support.js';

const askCmd = makeAskCommand(testIndex);
const explainCmd = makeExplainCommand(testIndex);
const made: string[] = [];

function copyBase(base: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nh-ask-'));
  made.push(dir);
  cpSync(path.join(INTENTS_DIR, 'bases', base), dir, { recursive: true });
  return dir;
}

async function run(cmd: typeof askCmd, args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    cwd,
    env: { ...process.env, NIX_HUMANITY_STATE_DIR: path.join(cwd, '.state') },
    signal: new AbortController().signal,
  };
  const code = await cmd.run(args, io);
  return { code, stdout, stderr };
}

describe('intent: nix-humanity ask and explain', function () {
  after(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('shows what it understood and the diff, and writes nothing without --apply', async function () {
    const dir = copyBase('flat');
    const before = readFileSync(path.join(dir, 'configuration.nix'), 'utf8');
    const r = await run(askCmd, ['instal firefx and enable bluetooth'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Understood:\n  - install firefox\n/);
    assert.match(r.stdout, /\+    firefox\n/);
    assert.match(r.stdout, /\+  hardware\.bluetooth\.enable = true;\n/);
    assert.match(r.stdout, /--apply/);
    assert.equal(readFileSync(path.join(dir, 'configuration.nix'), 'utf8'), before);
  });

  it('--apply writes through a symlink, keeping it and the permissions', async function () {
    const dir = copyBase('flat');
    const real = path.join(dir, 'real-configuration.nix');
    renameSync(path.join(dir, 'configuration.nix'), real);
    symlinkSync('real-configuration.nix', path.join(dir, 'configuration.nix'));
    chmodSync(real, 0o640);
    const r = await run(askCmd, ['open port 8080', '--apply'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(path.join(dir, 'configuration.nix')).isSymbolicLink());
    assert.equal(readlinkSync(path.join(dir, 'configuration.nix')), 'real-configuration.nix');
    assert.equal(statSync(real).mode & 0o777, 0o640);
    assert.match(readFileSync(real, 'utf8'), /allowedTCPPorts = \[ 22 8080 \];/);
    const again = await run(askCmd, ['open port 8080'], dir);
    assert.match(again.stdout, /already in networking\.firewall\.allowedTCPPorts: nothing to change/);
  });

  it('refuses to write a file that changed since it was read', function () {
    const dir = copyBase('flat');
    const f = path.join(dir, 'configuration.nix');
    const read = new Map([[f, readFileSync(f, 'utf8')]]);
    writeFileSync(f, read.get(f) + '\n# edited meanwhile\n');
    assert.throws(() => writeFilesAtomically([{ file: f, text: 'x' }], read), /changed since it was read/);
    assert.match(readFileSync(f, 'utf8'), /edited meanwhile/);
  });

  it('exits 3 with the nearest things when it does not understand', async function () {
    const r = await run(askCmd, ['frobnicate the quux'], copyBase('flat'));
    assert.equal(r.code, 3);
    assert.match(r.stdout, /Not understood: "frobnicate the quux"/);
  });

  it('a request understood only in part writes nothing, even with --apply', async function () {
    const dir = copyBase('flat');
    const before = readFileSync(path.join(dir, 'configuration.nix'), 'utf8');
    const r = await run(askCmd, ['install firefox and frobnicate the quux', '--apply'], dir);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /Not understood: "frobnicate the quux"\. Nearest things I know: /);
    assert.equal(readFileSync(path.join(dir, 'configuration.nix'), 'utf8'), before);
  });

  it('--json gives intents, alternatives and edits; --pick takes an alternative and remembers it', async function () {
    const dir = copyBase('flat');
    const j = JSON.parse((await run(askCmd, ['install a web browser', '--json'], dir)).stdout);
    assert.equal(j.understood, true);
    assert.equal(j.intents[0].summary, 'install firefox');
    assert.ok(j.alternatives[0].length >= 1);
    assert.equal(j.edits[0].file, path.join(dir, 'configuration.nix'));
    const second = j.alternatives[0][0].intent.summary as string;
    const picked = await run(askCmd, ['install a web browser', '--pick', '1'], dir);
    assert.match(picked.stdout, new RegExp(`- ${second}`));
    const next = JSON.parse((await run(askCmd, ['install a web browser', '--json'], dir)).stdout);
    assert.equal(next.intents[0].summary, second, 'the pick ranks first next time');
    // Said another way and first read the same: the same kind of request, so the pick ranks first too.
    const other = JSON.parse((await run(askCmd, ['i need a browser', '--json'], dir)).stdout);
    assert.equal(other.intents[0].summary, second, 'the pick ranks first for another phrasing of the same kind');
    await run(askCmd, ['--forget'], dir);
    const forgotten = JSON.parse((await run(askCmd, ['install a web browser', '--json'], dir)).stdout);
    assert.equal(forgotten.intents[0].summary, 'install firefox');
  });

  it('--file puts a new setting into that module (config = lib.mkIf ... beside options)', async function () {
    const dir = copyBase('modular');
    const r = await run(askCmd, ['enable bluetooth', '--file', 'modules/desktop.nix', '--diff'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\+\+\+ b\/modules\/desktop\.nix/);
    assert.match(r.stdout, /\n\+    hardware\.bluetooth\.enable = true;\n/);
  });

  it('explain says what each setting does, or one line', async function () {
    const dir = copyBase('flat');
    const all = await run(explainCmd, ['configuration.nix'], dir);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /services\.openssh\.enable\n    Turns on the OpenSSH server so you can log in from another machine/);
    assert.match(all.stdout, /environment\.systemPackages\n    Installs these programs for every user: vim, wget, git\./);
    const one = await run(explainCmd, ['configuration.nix:23', '--style', 'concise'], dir);
    assert.equal(one.stdout, '23: time.timeZone\n    Sets the clock\'s time zone to "Europe/Amsterdam".\n');
  });
});

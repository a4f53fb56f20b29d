import assert from 'node:assert/strict';
import { dispatch } from '../../server/src/cli/dispatch';
import { COMMANDS } from '../../server/src/cli/registry';
import type { CliIO } from '../../server/src/cli/io';

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    cwd,
    env: process.env,
    signal: new AbortController().signal,
  };
  const code = await dispatch(args, io);
  return { code, stdout, stderr };
}

describe('CLI dispatch', () => {
  it("lists each command with its own module's name, summary and visibility (loaded only when run)", async () => {
    for (const entry of COMMANDS) {
      const command = entry.load();
      assert.equal(command.name, entry.name);
      assert.equal(command.summary, entry.summary, entry.name);
      assert.equal(command.hidden ?? false, entry.hidden ?? false, entry.name);
    }
  });

  it("prints a command's usage from its module for `help NAME` and `NAME --help`", async () => {
    const check = COMMANDS.find((c) => c.name === 'check')!.load();
    assert.equal((await runCli(['help', 'check'])).stdout, check.usage + '\n');
    assert.equal((await runCli(['check', '--help'])).stdout, check.usage + '\n');
  });

  it('lists every command in --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: nix-humanity <command>/);
    assert.match(stdout, /^\s+lsp\s+Run the language server/m);
  });

  it('prints help with no arguments', async () => {
    const { code, stdout } = await runCli([]);
    assert.equal(code, 0);
    assert.match(stdout, /Commands:/);
  });

  it('rejects an unknown command with one line and the help hint, exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, "nix-humanity: unknown command 'frobnicate'. Run 'nix-humanity --help' for usage.\n");
  });

  it('rejects an unknown top-level flag, exit 2', async () => {
    const { code, stderr } = await runCli(['--frob']);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /unknown option '--frob'/);
  });

  it('rejects an unknown flag of a command, exit 2', async () => {
    const { code, stderr } = await runCli(['lsp', '--tcp']);
    assert.equal(code, 2);
    assert.match(stderr, /^nix-humanity: lsp: Unknown option '--tcp'.*--help/);
  });

  it('requires --stdio for lsp', async () => {
    const { code, stderr } = await runCli(['lsp']);
    assert.equal(code, 2);
    assert.match(stderr, /lsp needs --stdio/);
  });

  it('shows a command usage with COMMAND --help and help COMMAND', async () => {
    const a = await runCli(['lsp', '--help']);
    const b = await runCli(['help', 'lsp']);
    assert.equal(a.code, 0);
    assert.match(a.stdout, /Usage: nix-humanity lsp --stdio/);
    assert.equal(a.stdout, b.stdout);
  });

  it('rebuild and rollback offer --plan in their usage', async () => {
    for (const command of ['rebuild', 'rollback']) {
      const { code, stdout } = await runCli([command, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, /--plan +Run nothing: print the plan/);
    }
  });

  it('prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.match(stdout, /^\d+\.\d+\.\d+/);
  });
});

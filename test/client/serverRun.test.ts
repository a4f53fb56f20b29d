// The server's side of the editor loop (server/src/lsp/systemRun.ts) with real Nix, the stand-in
// NixOS and a stand-in sudo that, asked with -A, gets the password from SUDO_ASKPASS: the
// extension's askpass helper, answering over its socket. Events stream in order with their
// sequence numbers, the summary names the generation and the package diff, and the password
// reaches sudo and nothing else.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { startAskpass } from '../../client/src/askpass';
import type { SystemEventParams } from '../../server/src/protocol/systemRun';
import { runSystem } from '../../server/src/lsp/systemRun';
import { Machine, NIX_ENV, NIXPKGS, requireNix } from '../system/runner/support';
import { root } from '../support/vsix';

const SECRET = 'open sesame 42';

describe('the server runs the editor\'s operations (real Nix, stand-in sudo -A with the askpass helper)', function () {
  this.timeout(120_000);
  let m: Machine;
  before(() => requireNix());
  beforeEach(() => (m = new Machine('serverrun')));
  afterEach(() => m.remove());

  function connection(events: SystemEventParams[]): Connection {
    return { sendNotification: async (_type: unknown, params: SystemEventParams) => void events.push(params) } as unknown as Connection;
  }

  it('switch through sudo -A: the password box answers sudo, events stream in order, then a summary', async () => {
    const bin = path.join(m.dir, 'bin');
    const calls = path.join(m.dir, 'sudo.log');
    fs.mkdirSync(bin);
    // A strict sudo: with -A it runs $SUDO_ASKPASS for the password and refuses a wrong one.
    fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh
[ "$1" = -A ] || { echo "sudo: a password is required" >&2; exit 1; }
pw=$("$SUDO_ASKPASS" "[sudo] password for me: ") || { echo "sudo: no password" >&2; exit 1; }
[ "$pw" = "${SECRET}" ] || { echo "sudo: 1 incorrect password attempt" >&2; exit 1; }
echo "sudo $*" >> ${calls}
while [ "$1" != -- ]; do shift; done
shift
exec "$@"
`, { mode: 0o755 });
    const prompts: string[] = [];
    const askpass = await startAskpass(async (prompt) => {
      prompts.push(prompt);
      return SECRET;
    }, process.execPath, path.join(root, 'dist', 'askpass.cjs'));
    try {
      const env = { NIX_CONFIG: NIX_ENV.NIX_CONFIG!, PATH: `${bin}:${process.env.PATH}`, SUDO_ASKPASS: askpass.program, NIX_HUMANITY_STATE_DIR: m.stateDir, NIX_HUMANITY_CURRENT_SYSTEM: m.currentSystem };
      const events: SystemEventParams[] = [];
      const plan = { operation: 'rebuild' as const, action: 'switch' as const, includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config()}`], profile: m.profile, elevate: 'sudo' as const, backend: 'direct' as const, env, cwd: m.dir, interactive: false };
      const first = await runSystem(connection(events), { id: 'one', plan });
      assert.equal(first.outcome, 'ok', first.message);
      assert.equal(first.generation, 1);
      assert.equal(prompts.length, 2, 'nix-env --set and switch-to-configuration each asked');
      assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), ['sudo -A --', 'sudo -A --']);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), 'numbered in order');
      assert.ok(events.every((e) => e.id === 'one'));
      assert.equal(events.at(-1)!.event.type, 'result');
      assert.equal(events.at(-2)!.event.type, 'summary');
      assert.ok(events.some((e) => e.event.type === 'phase' && e.event.phase === 'activating'));
      const everything = JSON.stringify(events) + fs.readFileSync(path.join(m.stateDir, 'operations.jsonl'), 'utf8');
      assert.ok(!everything.includes(SECRET), 'the password is in no event and not in the operation log');

      // A second generation with one more package: the summary's diff says so.
      const second: SystemEventParams[] = [];
      const more = { ...plan, includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${m.config('environment.systemPackages = [ pkgs.htop ];')}`] };
      const result = await runSystem(connection(second), { id: 'two', plan: more });
      assert.equal(result.generation, 2, result.message);
      const summary = second.find((e) => e.event.type === 'summary')!.event as { previousGeneration?: number; diff?: { added: { name: string }[] } };
      assert.equal(summary.previousGeneration, 1);
      assert.deepEqual(summary.diff?.added.map((p) => p.name), ['htop']);
    } finally {
      askpass.close();
    }
  });
});

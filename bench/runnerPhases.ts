// Where the editor's Apply spends its time in the operation runner, without the editor: the same
// switch on the stand-in NixOS run (a) by the CLI, (b) in this process as the server did before
// runners, (c) in a runner started ahead 1.5 s before (as the dialog opens), with the time to
// attach, to the first event and to the result. Alternating, medians.
// Run with `npm run build && node --import tsx bench/runnerPhases.ts`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../test/support/vsix';
import { startRunner, warmRunner } from '../server/src/system/detached/client';
import { executeRun } from '../server/src/system/editorRun';
import type { SystemRunParams } from '../server/src/protocol/systemRun';
import { median } from './stats';

const STANDIN = path.join(root, 'test-fixtures', 'nixos-standin');
const NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes';
const RUNS = Number(process.env.RUNS ?? 7);

async function main(): Promise<void> {
  const machine = mkdtempSync(path.join(os.tmpdir(), 'nh-bench-phases-'));
  mkdirSync(path.join(machine, 'profiles'));
  const profile = path.join(machine, 'profiles', 'system');
  const env = { NIX_CONFIG, NIX_HUMANITY_STATE_DIR: path.join(machine, 'state'), NIX_HUMANITY_CURRENT_SYSTEM: path.join(machine, 'current-system') };
  writeFileSync(path.join(machine, 'system.nix'), `{ pkgs, ... }:
{
  imports = [ ${path.join(STANDIN, 'configurations', 'basic', 'configuration.nix')} ];
  standin.activationLog = "${machine}/activations.log";
  standin.marker = "nh-bench-${path.basename(machine)}";
}
`);
  const includes = [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, `nixos-config=${path.join(machine, 'system.nix')}`];
  const plan = { operation: 'rebuild' as const, action: 'switch' as const, includes, profile, elevate: 'none' as const, backend: 'direct' as const, env, cwd: machine };
  const cli = path.join(root, 'dist', 'cli.cjs');
  const runner = { command: process.execPath, args: [cli] };
  const cliArgs = [cli, 'rebuild', 'switch', ...includes.flatMap((i) => ['-I', i]), '--profile', profile, '--elevate', 'none', '--backend', 'direct'];
  const rows: Record<string, number[]> = { cli: [], inProcess: [], inProcessFirst: [], attach: [], first: [], result: [] };
  let n = 0;
  for (let i = 0; i <= RUNS; i++) {
    const keep = i > 0;
    let t0 = performance.now();
    const r = spawnSync(process.execPath, cliArgs, { env: { ...process.env, ...env }, cwd: machine, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the CLI failed: ${r.stderr}`);
    if (keep) rows.cli.push(performance.now() - t0);

    const params: SystemRunParams = { id: `p${n++}`, plan };
    t0 = performance.now();
    let first = 0;
    await executeRun(params, () => void (first ||= performance.now()), new AbortController().signal);
    if (keep) {
      rows.inProcess.push(performance.now() - t0);
      rows.inProcessFirst.push(first - t0);
    }

    const warm = warmRunner(runner, { ...process.env, ...env }, machine);
    await new Promise((res) => setTimeout(res, 1500));
    t0 = performance.now();
    const run = await startRunner({ id: `p${n++}`, plan }, runner, { ...process.env, ...env }, warm);
    if (!run) throw new Error('no runner');
    const tAttach = performance.now();
    let tFirst = run.events.length ? tAttach : 0;
    run.onEvent(() => void (tFirst ||= performance.now()));
    const result = await run.done;
    const tResult = performance.now();
    run.remove();
    if (!result.ok) throw new Error(`the run failed: ${result.message}`);
    if (keep) {
      rows.attach.push(tAttach - t0);
      rows.first.push(tFirst - t0);
      rows.result.push(tResult - t0);
    }
  }
  console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${RUNS}`);
  for (const [name, values] of Object.entries(rows)) if (values.length) console.log(`${name.padEnd(16)} ${median(values).toFixed(1)} ms  (${values.map((v) => v.toFixed(0)).join(' ')})`);
}

void main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});

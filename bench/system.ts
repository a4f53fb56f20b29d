// The rebuild runner's own cost: the direct backend against the same Nix commands typed by hand
// (nix-build, nix-env --set, switch-to-configuration), on the stand-in NixOS with real Nix.
// Run alone with `node --import tsx bench/system.ts`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runProcessStreaming } from '../server/src/system/exec';
import { runRebuild } from '../server/src/system/rebuild/runner';
import type { RebuildOptions } from '../server/src/system/rebuild/options';

const RUNS = 41;
/** A NixOS-sized evaluation takes ~1.7 s a run here. */
const HEAVY_RUNS = 15;
const STANDIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-fixtures/nixos-standin');
const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' };


function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { env: NIX_ENV, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${command} failed (run 'npm run setup:system'?): ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

interface Timing {
  median: number;
  min: number;
  /** Each run's time, in order (paired with the other side's run of the same round). */
  runs: number[];
}

/** Alternates the two sides run by run, so drift (caches, other load) hits both alike. */
async function compare(byHand: () => Promise<void>, ours: () => Promise<void>, runs = RUNS): Promise<[Timing, Timing]> {
  await byHand();
  await ours();
  const hand: number[] = [];
  const mine: number[] = [];
  for (let i = 0; i < runs; i++) {
    hand.push(await timeAsync(byHand));
    mine.push(await timeAsync(ours));
  }
  return [{ median: median(hand), min: Math.min(...hand), runs: hand }, { median: median(mine), min: Math.min(...mine), runs: mine }];
}

export async function benchSystem(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-system-'));
  try {
    const config = path.join(dir, 'configuration.nix');
    fs.writeFileSync(config, `{ ... }: { imports = [ ${path.join(STANDIN, 'configurations', 'basic', 'configuration.nix')} ]; standin.marker = "bench-${path.basename(dir)}"; }\n`);
    const includes = [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, `nixos-config=${config}`];
    const handProfile = path.join(dir, 'hand', 'system');
    const oursProfile = path.join(dir, 'ours', 'system');
    fs.mkdirSync(path.dirname(handProfile));
    fs.mkdirSync(path.dirname(oursProfile));
    const current = path.join(dir, 'current-system');
    const options = (action: RebuildOptions['action'], profile: string, currentSystem: string): RebuildOptions => ({
      action, includes, profile, currentSystem, elevate: 'none', backend: 'direct', env: NIX_ENV, cwd: dir, stateDir: path.join(dir, 'state'),
    });
    const nixBuild = (outLink: string) => run('nix-build', ['<nixpkgs/nixos>', '-A', 'system', ...includes.flatMap((i) => ['-I', i]), '--out-link', outLink]).trim();
    const ok = (r: { ok: boolean; message: string }) => {
      if (!r.ok) throw new Error(r.message);
    };

    // Built once: every timed run below evaluates and finds the system already in the store.
    const system = nixBuild(path.join(dir, 'result'));
    fs.symlinkSync(system, current);

    // 1. Apply with no change: build (nothing to do), compare with the running system, stop.
    const [handNoop, oursNoop] = await compare(
      async () => {
        const out = fs.realpathSync(nixBuild(path.join(dir, 'hand-result')));
        if (out !== fs.realpathSync(current)) throw new Error('not up to date');
      },
      async () => {
        const r = await runRebuild(options('switch', oursProfile, current));
        if (r.outcome !== 'up-to-date') throw new Error(r.message);
      },
    );

    // 2. A full switch of a built system: build, set the profile, switch-to-configuration.
    const elsewhere = path.join(dir, 'not-running');
    const [handSwitch, oursSwitch] = await compare(
      async () => {
        const out = nixBuild(path.join(dir, 'hand-result'));
        run('nix-env', ['-p', handProfile, '--set', out]);
        run(path.join(out, 'bin', 'switch-to-configuration'), ['switch']);
      },
      async () => ok(await runRebuild(options('switch', oursProfile, elsewhere))),
    );

    // 3. Just the build step (internal-json parsing and progress events included).
    const [handBuild, oursBuild] = await compare(
      async () => void nixBuild(path.join(dir, 'hand-result')),
      async () => ok(await runRebuild(options('build', oursProfile, elsewhere))),
    );

    // 4-6. The same three with a NixOS-sized evaluation (the stand-in evaluates in ~30 ms; a real
    //      NixOS configuration takes seconds), to show the overhead where it is actually paid.
    const heavy = path.join(dir, 'heavy.nix');
    fs.writeFileSync(heavy, `{ ... }: { imports = [ ${config} ]; system.nixos.label = builtins.seq (builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 2000000)) "24.05.heavy"; }\n`);
    const heavyIncludes = [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, `nixos-config=${heavy}`];
    const heavyBuild = (outLink: string) => run('nix-build', ['<nixpkgs/nixos>', '-A', 'system', ...heavyIncludes.flatMap((i) => ['-I', i]), '--out-link', outLink]).trim();
    const heavySystem = heavyBuild(path.join(dir, 'heavy-result'));
    const heavyCurrent = path.join(dir, 'heavy-current-system');
    fs.symlinkSync(heavySystem, heavyCurrent);
    const [handHeavyNoop, oursHeavyNoop] = await compare(
      async () => {
        const out = fs.realpathSync(heavyBuild(path.join(dir, 'hand-result')));
        if (out !== fs.realpathSync(heavyCurrent)) throw new Error('not up to date');
      },
      async () => {
        const r = await runRebuild({ ...options('switch', oursProfile, heavyCurrent), includes: heavyIncludes });
        if (r.outcome !== 'up-to-date') throw new Error(r.message);
      },
      HEAVY_RUNS,
    );
    const [handHeavy, oursHeavy] = await compare(
      async () => {
        const out = heavyBuild(path.join(dir, 'hand-result'));
        run('nix-env', ['-p', handProfile, '--set', out]);
        run(path.join(out, 'bin', 'switch-to-configuration'), ['switch']);
      },
      async () => ok(await runRebuild({ ...options('switch', oursProfile, elsewhere), includes: heavyIncludes })),
      HEAVY_RUNS,
    );
    const [handHeavyBuild, oursHeavyBuild] = await compare(
      async () => void heavyBuild(path.join(dir, 'hand-result')),
      async () => ok(await runRebuild({ ...options('build', oursProfile, elsewhere), includes: heavyIncludes })),
      HEAVY_RUNS,
    );

    const row = (name: string, hand: Timing, ours: Timing) => [
      name,
      hand.median.toFixed(1),
      ours.median.toFixed(1),
      (ours.median / hand.median).toFixed(3),
      (ours.min / hand.min).toFixed(3),
      // Run i of each side ran back to back, so load that drifts over seconds hits both: the
      // median of the per-round ratios is the steadiest figure on a shared machine.
      median(ours.runs.map((t, i) => t / hand.runs[i]!)).toFixed(3),
      // what a user waits for on top of the same commands: ms per operation, round by round
      median(ours.runs.map((t, i) => t - hand.runs[i]!)).toFixed(1),
    ];
    const rows: string[][] = [
      ['Scenario', 'By hand, median ms', 'nix-humanity, median ms', 'Ratio (medians)', 'Ratio (fastest runs)', 'Ratio (median of rounds)', 'Overhead ms per operation (median of rounds)'],
      row('switch, already up to date (no-change apply)', handNoop, oursNoop),
      row('switch of a built system (build + nix-env + switch-to-configuration)', handSwitch, oursSwitch),
      row('build only (nothing to build)', handBuild, oursBuild),
      row('NixOS-sized evaluation: switch, already up to date (no-change apply)', handHeavyNoop, oursHeavyNoop),
      row('NixOS-sized evaluation: switch of a built system', handHeavy, oursHeavy),
      row('NixOS-sized evaluation: build only (nothing to build)', handHeavyBuild, oursHeavyBuild),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
    console.log(line(rows[0]!));
    console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
    for (const r of rows.slice(1)) console.log(line(r));
    console.log(`\n${RUNS} runs per scenario (${HEAVY_RUNS} for the NixOS-sized ones), the two sides alternating.`);
    console.log('\nBy hand = the same nix-build / nix-env / switch-to-configuration commands spawned directly, without');
    console.log('internal-json; nix-humanity = runRebuild with the direct backend (lock, events, operation log included).');
    console.log('\nWhat is measured: the stand-in NixOS (test-fixtures/nixos-standin) evaluates in about 30 ms; the');
    console.log('"NixOS-sized" rows pad that evaluation with a synthetic fold over 2 million integers');
    console.log("(builtins.foldl' over builtins.genList, about 1.6 s here) to stand for a real NixOS evaluation's");
    console.log('seconds: the padding is Nix time that both sides pay alike, so those ratios show the overhead');
    console.log('diluted; the overhead column and the fixed-cost table below give it in ms, undiluted.');
    await fixedCost(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const FIXED_RUNS = 300;

/**
 * The fixed cost alone: a no-change switch whose nix-build is a stand-in script that only makes
 * the out link, so Nix's own time (and its run-to-run noise, larger than the cost measured here)
 * drops out. Three sides, interleaved: the script by hand (spawnSync), the same through
 * runProcessStreaming (execa), and runRebuild around it.
 */
async function fixedCost(dir: string): Promise<void> {
  const root = path.join(dir, 'fixed');
  // As long as a store path, so the out link is, like Nix's, too long for an inline symlink.
  const system = path.join(root, 'store', `${'0'.repeat(32)}-nixos-system-fixed-24.05.20240101.fixed`);
  const bin = path.join(root, 'bin');
  fs.mkdirSync(system, { recursive: true });
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(system, 'nixos-version'), 'fixed\n');
  const script = path.join(bin, 'nix-build');
  fs.writeFileSync(script, `#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = --out-link ]; then ln -sfn ${system} "$2"; fi; shift; done\necho ${system}\n`, { mode: 0o755 });
  const current = path.join(root, 'current-system');
  fs.symlinkSync(system, current);
  const env: NodeJS.ProcessEnv = { ...NIX_ENV, PATH: `${bin}:${process.env.PATH ?? ""}` };
  const sides: Array<[string, () => Promise<unknown> | unknown]> = [
    ['the command by hand (spawnSync)', () => spawnSync(script, ['--out-link', path.join(root, 'hand')], { env })],
    ['the same through runProcessStreaming', () => runProcessStreaming(script, ['--out-link', path.join(root, 'streamed')], { env, onLine: () => undefined })],
    ['runRebuild (no-change switch)', async () => {
      const r = await runRebuild({ action: 'switch', includes: ['nixos-config=/fixed.nix'], profile: path.join(root, 'profile', 'system'), currentSystem: current, elevate: 'none', backend: 'direct', env, cwd: root, stateDir: path.join(root, 'state') });
      if (r.outcome !== 'up-to-date') throw new Error(r.message);
    }],
  ];
  const samples = sides.map(() => [] as number[]);
  for (let i = 0; i < FIXED_RUNS + 20; i++) {
    for (const [index, [, fn]] of sides.entries()) {
      const start = performance.now();
      await fn();
      if (i >= 20) samples[index]!.push(performance.now() - start);
    }
  }
  const medians = samples.map(median);
  console.log(`\nFixed cost of one operation (stand-in nix-build that only makes the out link; ${FIXED_RUNS} runs, interleaved, median ms):\n`);
  console.log('| Side | median ms | over the previous row |');
  console.log('| --- | ---: | ---: |');
  sides.forEach(([name], i) => console.log(`| ${name} | ${medians[i]!.toFixed(2)} | ${i === 0 ? '' : `${medians[i]! >= medians[i - 1]! ? '+' : ''}${(medians[i]! - medians[i - 1]!).toFixed(2)}`} |`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchSystem();

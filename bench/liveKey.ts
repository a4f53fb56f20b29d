// What the live knowledge's cache key costs (system/liveLayer.ts), run with
// `node --import tsx bench/liveKey.ts`: the modules part for a configuration folder of 7 and of
// 137 `.nix` files (generated, realistic sizes, each importing the next ones, three more outside
// the folder), now (stat every file, read and parse each for its literal paths, follow them; or
// with the paths remembered from the last start, as a restart finds them) against the stat-only
// walk before 2026-12-07, in alternating pairs; the first call in a fresh process (what a server
// start pays) of each; and the one Nix start of the key: the search path
// evaluated (`builtins.nixPath` with `<nixpkgs>`) against the `--find-file nixpkgs` it replaced.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcess } from '../server/src/system/exec';
import { modulesFingerprint } from '../server/src/system/liveLayer';
import { searchPathOf } from '../server/src/system/liveKnowledge';
import { findNixFiles, SKIPPED_DIRS } from '../server/src/system/nixFiles';
import { alternate } from './pairs';
import { median } from './stats';

const NIXPKGS = path.resolve(import.meta.dirname, '../test-fixtures/nixos-standin/nixpkgs');

/** The key's modules part as it was: every `.nix` file under the folder, stat only. */
function statOnly(dir: string): string {
  const { files } = findNixFiles([dir], SKIPPED_DIRS, 5000);
  return files
    .map((file) => {
      const st = fs.statSync(file);
      return `${file}\0${st.size}\0${st.mtimeMs}`;
    })
    .join('\n');
}

/** A module of about 60 lines (1.5-2 KB, as hand-written NixOS modules are), importing `next`. */
function moduleText(i: number, next: string[]): string {
  const lines = [`{ config, lib, pkgs, ... }:`, `{`, `  imports = [ ${next.join(' ')} ];`];
  for (let k = 0; k < 14; k++) {
    lines.push(`  services.app${i}x${k} = {`, `    enable = true;`, `    settings.port = ${1000 + k};`, `  };`);
  }
  lines.push(`  environment.systemPackages = with pkgs; [ git htop vim ];`, `}`);
  return lines.join('\n') + '\n';
}

/** A folder of `n` modules in sub-folders (configuration.nix first), plus two modules outside it. */
function makeFolder(root: string, n: number): string {
  const dir = path.join(root, `config-${n}`);
  const outside = path.join(root, `shared-${n}`);
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'common.nix'), moduleText(-1, ['./extra.nix']));
  fs.writeFileSync(path.join(outside, 'extra.nix'), moduleText(-2, []));
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'configuration.nix' : `modules/group${i % 9}/m${i}.nix`));
  names.forEach((name, i) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const next = [i * 2 + 1, i * 2 + 2].filter((j) => j < n).map((j) => path.relative(path.dirname(file), path.join(dir, names[j]!))).map((r) => (r.startsWith('.') ? r : `./${r}`));
    if (i === 0) next.push(`${outside}/common.nix`, '../hardware.nix');
    fs.writeFileSync(file, moduleText(i, next));
  });
  fs.writeFileSync(path.join(root, 'hardware.nix'), moduleText(-3, []));
  return dir;
}

if (process.argv[2] === '--once') {
  // one call in a fresh process: `--once now|memo|before DIR` (memo: DIR.imports, as a restart finds it)
  const [, , , which, dir] = process.argv;
  const t = performance.now();
  const c = process.cpuUsage();
  if (which === 'before') statOnly(dir!);
  else modulesFingerprint(dir!, [path.join(dir!, 'configuration.nix')], os.homedir(), which === 'memo' ? `${dir}.imports` : undefined);
  const cpu = process.cpuUsage(c);
  console.log(JSON.stringify({ ms: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 }));
  process.exit(0);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-livekey-'));
try {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('\n| folder | now, parsing: p50 wall (CPU) | now, remembered | before: stat only | ratio remembered / before | a fresh process (a start), wall (CPU): parsing / remembered / before | files in the key now / before |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const n of [7, 137]) {
    const dir = makeFolder(root, n);
    const home = os.homedir();
    const now = () => modulesFingerprint(dir, [path.join(dir, 'configuration.nix')], home);
    const memoFile = `${dir}.imports`;
    const remembered = () => modulesFingerprint(dir, [path.join(dir, 'configuration.nix')], home, memoFile);
    if (remembered() !== now()) throw new Error('the remembered paths give another key');
    const cpuOf = (fn: () => unknown) => {
      const samples: number[] = [];
      for (let i = 0; i < 30; i++) {
        const c = process.cpuUsage();
        fn();
        const u = process.cpuUsage(c);
        samples.push((u.user + u.system) / 1000);
      }
      return median(samples);
    };
    const pair = await alternate(now, () => statOnly(dir), 60, 5);
    const memoPair = await alternate(remembered, () => statOnly(dir), 60, 5);
    const [cpuNow, cpuMemo, cpuBefore] = [cpuOf(now), cpuOf(remembered), cpuOf(() => statOnly(dir))];
    const fresh = (which: string) => {
      const runs = Array.from({ length: 5 }, () => JSON.parse(spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--once', which, dir], { encoding: 'utf8' }).stdout) as { ms: number; cpu: number });
      return { ms: median(runs.map((r) => r.ms)), cpu: median(runs.map((r) => r.cpu)) };
    };
    const [coldNow, coldMemo, coldBefore] = [fresh('now'), fresh('memo'), fresh('before')];
    const count = (s: string) => s.split('\n').filter((l) => l.includes('\0')).length;
    console.log(
      `| ${n} files | ${pair.ours.toFixed(2)} ms (${cpuNow.toFixed(2)}) | ${memoPair.ours.toFixed(2)} ms (${cpuMemo.toFixed(2)}) | ${memoPair.reference.toFixed(2)} ms (${cpuBefore.toFixed(2)}) | ${memoPair.ratio.toFixed(1)}x | ${coldNow.ms.toFixed(1)} / ${coldMemo.ms.toFixed(1)} / ${coldBefore.ms.toFixed(1)} ms (${coldNow.cpu.toFixed(1)} / ${coldMemo.cpu.toFixed(1)} / ${coldBefore.cpu.toFixed(1)}) | ${count(now())} / ${count(statOnly(dir))} |`,
    );
  }

  // The key's Nix start: both run nix-instantiate once; alternating pairs, wall time.
  const target = { kind: 'channels' as const, includes: [`nixpkgs=${NIXPKGS}`] };
  const findFile = () => runProcess('nix-instantiate', ['--find-file', 'nixpkgs', '-I', `nixpkgs=${NIXPKGS}`], { timeoutMs: 10_000 });
  const spawnPair = await alternate(() => searchPathOf(target), findFile, 20, 2);
  console.log(`\n| the key's Nix start | p50 wall |\n|---|---:|\n| now: search path evaluated (\`<nixpkgs>\` and \`builtins.nixPath\`) | ${spawnPair.ours.toFixed(1)} ms |\n| before: \`--find-file nixpkgs\` | ${spawnPair.reference.toFixed(1)} ms |\n| ratio (median of pairs) | ${spawnPair.ratio.toFixed(2)}x |`);
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

// Listing generations in-process (reading the profile folder) vs spawning
// `nix-env --list-generations`, on a profile with 500 generations.
// Run alone with `node --import tsx bench/generations.ts`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeMedian } from './stats';
import { clearGenerationCache, listGenerations } from '../server/src/system/generations';

export const GENERATIONS = 500;
const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' };

/**
 * 500 distinct real store paths shaped like systems, built with real Nix in one go: a single
 * derivation with one output per generation (building 500 derivations would take minutes).
 */
export function buildSystems(dir: string): string[] {
  const expr = path.join(dir, 'systems.nix');
  fs.writeFileSync(expr, `
    let
      outputs = [ "out" ] ++ builtins.genList (n: "g\${toString (n + 1)}") ${GENERATIONS - 1};
      drv = derivation {
        name = "nixos-system-bench-24.05";
        system = builtins.currentSystem;
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        inherit outputs;
        args = [ "-c" ''
          i=0
          for o in \$outputs; do
            i=\$((i + 1))
            eval "d=\\$\$o"
            mkdir -p \$d/kernel-modules/lib/modules/6.1.\$i \$d/specialisation/work
            echo 24.05.\$i > \$d/nixos-version
          done
        '' ];
      };
    in map (o: drv.\${o}) outputs
  `);
  const r = spawnSync('nix-build', [expr, '--no-out-link'], { env: NIX_ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nix-build failed (run bash scripts/install-system-deps.sh?):\n${r.stderr}`);
  return r.stdout.trim().split('\n');
}


export async function benchGenerations(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-gen-'));
  try {
    const systems = buildSystems(dir);
    const profile = path.join(dir, 'system');
    // Creating the links directly is what nix-env does, minus the database: fast to set up.
    if (systems.length !== GENERATIONS) throw new Error(`built ${systems.length} systems`);
    for (let n = 1; n <= GENERATIONS; n++) fs.symlinkSync(systems[n - 1]!, `${profile}-${n}-link`);
    fs.symlinkSync(`system-${GENERATIONS}-link`, profile);

    let count = 0;
    const cold = timeMedian(() => {
      clearGenerationCache();
      count = listGenerations(profile).length;
    }, 20);
    const warm = timeMedian(() => {
      count = listGenerations(profile).length;
    }, 20);
    if (count !== GENERATIONS) throw new Error(`listed ${count} generations, expected ${GENERATIONS}`);
    let theirsCount = 0;
    const theirs = timeMedian(() => {
      const r = spawnSync('nix-env', ['-p', profile, '--list-generations'], { env: NIX_ENV, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      theirsCount = r.stdout.trim().split('\n').length;
    }, 5);
    if (theirsCount !== GENERATIONS) throw new Error(`nix-env listed ${theirsCount} generations`);

    const rows = [
      ['Method', `Median ms (${GENERATIONS} generations)`],
      ['listGenerations, cold (reads 500 store paths)', cold.toFixed(2)],
      ['listGenerations, warm (store path info cached)', warm.toFixed(2)],
      ['nix-env --list-generations (spawned; numbers and dates only)', theirs.toFixed(2)],
      ['Ratio nix-env / cold', `${(theirs / cold).toFixed(1)}x`],
      ['Ratio nix-env / warm', `${(theirs / warm).toFixed(1)}x`],
    ];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`| ${'Method'.padEnd(width)} | ${rows[0]![1]} |`);
    console.log(`| ${'-'.repeat(width)} | ${'-'.repeat(rows[0]![1]!.length)} |`);
    for (const r of rows.slice(1)) console.log(`| ${r[0]!.padEnd(width)} | ${r[1]!.padStart(rows[0]![1]!.length)} |`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchGenerations();

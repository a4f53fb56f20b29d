// Seeds and run counts of the property tests (fast-check), in one place.
//
// CI (CI set) runs every property with one fixed, recorded seed, so a run fails only for what its
// change did, never for a latent bug a new random seed happens to hit. Elsewhere each property draws
// a random seed, which fast-check prints on failure. `npm run fuzz` (scripts/fuzz.ts) is the wide
// search: many random seeds at many times the usual runs. Knobs, all optional:
//   FC_SEED=<int>   the seed of every property (reproduce a failure: its printed seed, same runs)
//   FC_RUNS=<n>     the runs of every property, whatever its own count
//   FC_SCALE=<x>    each property's own count times x
import fc from 'fast-check';

/** The seed CI runs with; change it only on purpose (and run `npm run fuzz` first). */
export const CI_SEED = 20261207;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name}=${raw} is not a number`);
  return n;
}

/** The seed every property runs with, or undefined for fast-check's own random seed per property. */
export const seed: number | undefined = envNumber('FC_SEED') ?? (process.env.CI ? CI_SEED : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seed | 0 });

const fixedRuns = envNumber('FC_RUNS');
const scale = envNumber('FC_SCALE') ?? 1;

/** How many runs a property with `base` runs of its own makes here (FC_RUNS, FC_SCALE). */
export function runs(base: number): number {
  return Math.max(1, Math.round(fixedRuns ?? base * scale));
}

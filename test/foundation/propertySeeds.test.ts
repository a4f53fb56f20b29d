// Property tests run with one recorded seed in CI and a random one elsewhere (test/support/fuzz.ts):
// a CI run fails for what its change did, not for a latent bug a new seed happens to hit
// (`npm run fuzz` searches for those). Checked in fresh processes, as each environment starts them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CI_SEED } from '../support/fuzz.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a fresh process sees: the global seed, runs(80), and the first values a property draws. */
function probe(env: Record<string, string>): { seed: number | null; runs: number; drawn: number[] } {
  const script = `
    import fc from 'fast-check';
    import { runs } from './test/support/fuzz.ts';
    const drawn = [];
    fc.assert(fc.property(fc.integer(), (n) => void drawn.push(n)), { numRuns: 5 });
    console.log(JSON.stringify({ seed: fc.readConfigureGlobal().seed ?? null, runs: runs(80), drawn }));`;
  const clean = { ...process.env };
  for (const k of ['CI', 'FC_SEED', 'FC_RUNS', 'FC_SCALE']) delete clean[k];
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as { seed: number | null; runs: number; drawn: number[] };
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('property test seeds', function () {
  this.timeout(60_000);

  it('CI runs every property with the recorded seed, the same values each run', () => {
    const a = probe({ CI: 'true' });
    const b = probe({ CI: 'true' });
    assert.equal(a.seed, CI_SEED);
    assert.deepEqual(b.drawn, a.drawn);
    assert.equal(a.runs, 80);
  });

  it('elsewhere a property draws a random seed; FC_SEED, FC_RUNS and FC_SCALE set them', () => {
    const a = probe({});
    const b = probe({});
    assert.equal(a.seed, null);
    assert.notDeepEqual(b.drawn, a.drawn);
    const seeded = probe({ FC_SEED: '12345', CI: 'true', FC_SCALE: '2.5' });
    assert.equal(seeded.seed, 12345, 'FC_SEED wins over CI');
    assert.equal(seeded.runs, 200);
    const fixed = probe({ FC_SEED: '12345', FC_RUNS: '7', FC_SCALE: '3' });
    assert.deepEqual(fixed.drawn, seeded.drawn, 'the seed alone sets the values');
    assert.equal(fixed.runs, 7);
  });

  it('every test file that runs a property takes its seed and runs from test/support/fuzz.ts', () => {
    const unseeded = testFiles(path.join(ROOT, 'test'))
      .filter((f) => /\bfc\.(assert|check)\(/.test(readFileSync(f, 'utf8')))
      .filter((f) => !/from ['"][./]+support\/fuzz(\.js)?['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    assert.deepEqual(unseeded, []);
  });
});

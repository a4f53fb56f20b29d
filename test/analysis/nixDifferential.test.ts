// Differential test: random programs built from every binding construct, with
// names from a tiny pool so that shadowing, capture, merging and duplicates
// happen often. Real Nix and our analysis must agree on each one. Seeded, so
// a failure reproduces.
import assert from 'node:assert/strict';
import { requireTool } from '../support/tools.js';
import { disagreements, nixVerdicts } from './nixOracle.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const NAMES = ['a', 'b', 'c', 'x'] as const;
  const name = () => pick(NAMES);
  const attrName = () => pick(['a', 'b', 'c', 'x', '"a"', '${"b"}', '${x}']);
  const path = () => (r() < 0.6 ? name() : r() < 0.7 ? `${name()}.${name()}` : `${attrName()}.${name()}`);

  const bindings = (depth: number, letLike: boolean): string => {
    const n = Math.floor(r() * 4);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = r();
      if (k < 0.15) out.push(`inherit ${name()};`);
      else if (k < 0.25) out.push(`inherit (${expr(depth + 1)}) ${name()};`);
      else if (k < 0.35) out.push(`${name()} = rec { ${bindings(depth + 1, true)} };`);
      else out.push(`${letLike && r() < 0.9 ? (r() < 0.7 ? name() : `${name()}.${name()}`) : path()} = ${expr(depth + 1)};`);
    }
    return out.join(' ');
  };

  const expr = (depth: number): string => {
    if (depth > 3) return r() < 0.7 ? name() : pick(['1', 'true', 'map', '__add', '"s"']);
    const k = r();
    if (k < 0.18) return name();
    if (k < 0.3) return `let ${bindings(depth, true)} in ${expr(depth + 1)}`;
    if (k < 0.4) return `rec { ${bindings(depth, true)} }`;
    if (k < 0.5) return `{ ${bindings(depth, false)} }`;
    if (k < 0.58) return `(${name()}: ${expr(depth + 1)})`;
    if (k < 0.68) {
      const formals = Array.from({ length: Math.floor(r() * 3) }, () => (r() < 0.3 ? `${name()} ? ${expr(depth + 1)}` : name()));
      if (r() < 0.5) formals.push('...');
      const at = r() < 0.3 ? `@${name()}` : '';
      return `({ ${formals.join(', ')} }${at}: ${expr(depth + 1)})`;
    }
    if (k < 0.74) return `(with ${expr(depth + 1)}; ${expr(depth + 1)})`;
    if (k < 0.8) return `"${'${'}${expr(depth + 1)}}"`;
    if (k < 0.86) return `(${expr(depth + 1)}).${name()} or (${expr(depth + 1)})`;
    if (k < 0.9) return `let { body = ${expr(depth + 1)}; ${bindings(depth, true)} }`;
    return `[ ${expr(depth + 1)} ${expr(depth + 1)} ]`;
  };
  return () => expr(0);
}

describe('random programs agree with nix-instantiate --parse', function () {
  this.timeout(180_000);
  before(() => requireTool('nix-instantiate'));

  it('400 programs', async () => {
    const next = generator(Number(process.env.SEED ?? 20261124));
    const programs = Array.from({ length: Number(process.env.PROGRAMS ?? 400) }, next);
    const verdicts = await nixVerdicts(programs);
    const kinds = new Map<string, number>();
    for (const v of verdicts) kinds.set(v.kind, (kinds.get(v.kind) ?? 0) + 1);
    // the generator must exercise both sides
    assert.ok((kinds.get('ok') ?? 0) > 40 && (kinds.get('undefined-variable') ?? 0) > 40 && (kinds.get('duplicate-attr') ?? 0) > 10, JSON.stringify([...kinds]));
    if (process.env.SHOW_KINDS) console.log([...kinds], [...new Set(verdicts.flatMap((v) => (v.kind === 'other' ? [v.message] : [])))]);
    const failures = disagreements(programs, verdicts);
    assert.deepEqual(failures.slice(0, 10), []);
  });
});

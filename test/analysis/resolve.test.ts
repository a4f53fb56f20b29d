import assert from 'node:assert/strict';
import { analyze, scopeAt, type Reference } from '../../server/src/analysis/index.js';

// Each reference rendered as `name->where`: `def@offset(kind)`, `builtin`, `with`, `undefined`.
function show(src: string): string[] {
  const a = analyze(src);
  const r = (x: Reference) => {
    const res = x.resolution;
    if (res.kind === 'local') return `${x.name}->${res.definition.kind}@${res.definition.range.start}`;
    return `${x.name}->${res.kind}`;
  };
  return a.references.map(r);
}

const CASES: Array<{ src: string; expect: string[] }> = [
  { src: 'let a = 1; in a', expect: ['a->let@4'] },
  { src: 'x: x', expect: ['x->param@0'] },
  { src: '{ a, b ? a }@s: [ b s ]', expect: ['a->formal@2', 'b->formal@5', 's->pattern-at@13'] },
  { src: 'rec { a = b; b = 1; }', expect: ['b->rec@13'] },
  { src: '{ a = b; b = 1; }', expect: ['b->undefined'] },
  { src: 'let { body = a; a = 1; }', expect: ['a->legacy-let@16'] },
  { src: 'x: let inherit x; in x', expect: ['x->param@0', 'x->let@15'] },
  { src: 'p: let inherit (p) q; in q', expect: ['p->param@0', 'q->let@19'] },
  { src: 'let p = {}; inherit (p) q; in q', expect: ['p->let@4', 'q->let@24'] },
  { src: 'x: with x; [ x y map ]', expect: ['x->param@0', 'x->param@0', 'y->with', 'map->builtin'] },
  { src: 'with {}; with {}; z', expect: ['z->with'] },
  { src: 'let a.b = 1; a.c = 2; in a', expect: ['a->let@4'] },
  { src: 'x: { ${x} = 1; "${x}" = 2; }', expect: ['x->param@0', 'x->param@0'] },
  { src: 'x: x.a.${x} or x', expect: ['x->param@0', 'x->param@0', 'x->param@0'] },
  { src: 'x: x ? a.${x}', expect: ['x->param@0', 'x->param@0'] },
  { src: '{ t = rec { f = b; }; t.b = 1; }', expect: ['b->rec@24'] },
  { src: '__add true false null', expect: ['__add->builtin', 'true->builtin', 'false->builtin', 'null->builtin'] },
  { src: 'let true = 1; in true', expect: ['true->let@4'] },
];

describe('name resolution', () => {
  for (const c of CASES) it(c.src, () => assert.deepEqual(show(c.src), c.expect));

  it('scopeAt lists names innermost first and active withs', () => {
    const src = 'a: let b = 1; in with a; x: ';
    const a = analyze(src);
    const s = scopeAt(a, src.length);
    assert.deepEqual(s.names.map((n) => n.name), ['x', 'b', 'a']);
    assert.equal(s.withs.length, 1);
  });

  it('scopeAt does not see a binding list from its own plain inherit', () => {
    const src = 'o: let i = 1; inherit ; in i';
    const a = analyze(src);
    assert.deepEqual(scopeAt(a, src.indexOf('inherit') + 8).names.map((n) => n.name), ['o']);
  });
});

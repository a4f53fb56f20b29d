// The word index (intent/wordIndex.ts) finds the same entries as a scan of the lookup table, for
// every word the reader looks up while reading the fixture requests, every word of those requests,
// and a seeded random sample of the index's own text (words, pieces of words, runs across marks).
import assert from 'node:assert/strict';
import { ask } from '../../server/src/intent/index.js';
import { lookupTables, scanEntries, wordsLookedUp } from '../../server/src/intent/lookup.js';
import { entriesWith } from '../../server/src/intent/wordIndex.js';
import type { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { fullSizeIndex } from '../../bench/intent.js';
import { baseWorkspace, loadCases } from './harness.js';
import { testIndex } from './support.js';
import { seeded } from '../support/seeded.js';

type Table = ReturnType<typeof lookupTables>['packages'];

/** Compares the index with the scan for each query; returns how many the index answered itself. */
function sameAsScan(t: Table, queries: Iterable<string>, label: string): { answered: number; asked: number } {
  let answered = 0;
  let asked = 0;
  for (const q of queries) {
    asked++;
    const found = entriesWith(t.words, t, q);
    if (found === undefined) continue;
    answered++;
    const scanned = scanEntries(t, q);
    assert.deepEqual(found, scanned, `${label}: ${JSON.stringify(q)}: ${found.length} entries from the index, ${scanned.length} from a scan`);
  }
  return { answered, asked };
}

const random = seeded;

/** Pieces of the table's own text: whole words, parts of words, runs over marks and spaces, and some in upper case. */
function sample(t: Table, count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const out: string[] = [];
  const size = t.starts.length - 1;
  while (out.length < count) {
    const e = pick(size);
    const start = t.starts[e]!;
    const searched = t.text.slice(start, t.text.indexOf('\x02', start));
    const words = searched.split(/[^0-9a-z\u0080-\uffff]+/).filter(Boolean);
    const kind = pick(5);
    let q: string;
    if (kind === 0 && words.length) q = words[pick(words.length)]!;
    else if (kind === 1) {
      const at = pick(searched.length);
      q = searched.slice(at, at + 1 + pick(12));
    } else if (kind === 2 && words.length) {
      const w = words[pick(words.length)]!;
      const at = pick(w.length);
      q = w.slice(at, at + 1 + pick(w.length - at));
    } else if (kind === 3 && words.length) q = words[pick(words.length)]!.toUpperCase();
    else {
      // a word not in the text, most likely
      q = Array.from({ length: 2 + pick(6) }, () => 'abcdefghijklmnopqrstuvwxyz0123456789.-'[pick(38)]).join('');
    }
    out.push(q.split(/\s+/).find(Boolean) ?? q);
  }
  return out;
}

function requestWords(): Set<string> {
  const words = new Set<string>();
  for (const c of loadCases()) {
    for (const w of c.ask.toLowerCase().split(/\s+/).filter(Boolean)) {
      words.add(w);
      for (const part of w.split(/[^0-9a-z]+/)) if (part) words.add(part);
    }
  }
  return words;
}

describe('intent: the word index of the lookup tables', function () {
  this.timeout(300_000);
  // (a scan of the full-size package table is ~4 ms: there, a seeded share of the request words)
  const indexes: Array<[string, () => NixosIndex, number]> = [
    ['embedded index', testIndex, 1],
    ['full-size index', fullSizeIndex, 0.15],
  ];

  for (const [name, make, share] of indexes) {
    it(`${name}: every word the reader looks up, over every fixture request, finds what a scan finds`, function () {
      const index = make();
      const t = lookupTables(index);
      const looked = { packages: new Set<string>(), options: new Set<string>() };
      const wss = new Map(['flat', 'nested', 'modular', 'flake'].map((b) => [b, baseWorkspace(b)]));
      for (const c of loadCases()) {
        const ws = wss.get(c.base)!;
        ask(c.ask, { files: ws.files, root: ws.root }, index);
        const w = wordsLookedUp(index);
        for (const x of w.packages) looked.packages.add(x);
        for (const x of w.options) looked.options.add(x);
      }
      // (the reader searches both tables: a test that saw no lookups would prove nothing)
      assert.ok(looked.packages.size > 50 && looked.options.size > 100, `${looked.packages.size} package and ${looked.options.size} option words`);
      const p = sameAsScan(t.packages, looked.packages, `${name} packages`);
      const o = sameAsScan(t.options, looked.options, `${name} options`);
      // nearly every word is answered by the index, not by the scan it falls back to
      assert.ok(p.answered >= p.asked - 3 && o.answered >= o.asked - 3, `answered ${p.answered}/${p.asked}, ${o.answered}/${o.asked}`);
    });

    it(`${name}: every word of every fixture request, and a seeded sample of the index's text`, function () {
      const t = lookupTables(make());
      const next = random(18);
      const words = [...requestWords()].filter(() => next() < share);
      for (const table of ['packages', 'options'] as const) {
        const r = sameAsScan(t[table], words, `${name} ${table}, request words`);
        assert.ok(r.answered > r.asked * 0.7, `${r.answered}/${r.asked}`);
        const s = sameAsScan(t[table], sample(t[table], Math.ceil(1500 * share), 18 + table.length), `${name} ${table}, sample`);
        assert.ok(s.answered > s.asked * 0.4, `${s.answered}/${s.asked}`);
      }
    });
  }

  it('queries the index cannot answer fall back to the scan: one letter, the table separators', function () {
    const t = lookupTables(testIndex()).packages;
    assert.equal(entriesWith(t.words, t, 'x'), undefined);
    assert.equal(entriesWith(t.words, t, 'c++'), undefined);
    assert.equal(entriesWith(t.words, t, 'fire\x01fox'), undefined);
    // a word found only in a name's original spelling is not searched, as with the scan
    assert.deepEqual(entriesWith(t.words, t, 'FIREFOX'), []);
    assert.ok(entriesWith(t.words, t, 'firef')!.length > 0);
    assert.deepEqual(entriesWith(t.words, t, 'firef'), scanEntries(t, 'firef'));
  });

  it('a run with marks on both sides is a whole word: found exactly, then the whole query checked', function () {
    const t = lookupTables(fullSizeIndex()).packages;
    for (const q of ['1.1.1.1', '8.8.8.8', 'alpha-bravo-1', '-bravo-', 'a-alpha-b', 'x.nosuchword.y']) {
      const found = entriesWith(t.words, t, q);
      assert.ok(found !== undefined, q);
      assert.deepEqual(found, scanEntries(t, q), q);
    }
    assert.ok(entriesWith(t.words, t, 'alpha-bravo-1')!.length > 0);
    assert.deepEqual(entriesWith(t.words, t, 'x.nosuchword.y'), []);
  });
});

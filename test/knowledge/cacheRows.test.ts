// The disk cache's rows: a layer encoded and decoded is the same layer (options and packages as
// rows made into records when asked for), and the index treats rows as it treats records:
// lookups, later layers winning, children, search, did-you-mean.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs } from '../support/fuzz.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KnowledgeLayer, OptionInfo, PackageInfo } from '../../server/src/knowledge/model.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { cacheFile, readCache, writeCache } from '../../server/src/knowledge/sources/cache.js';
import { decodeRows, encodeRows } from '../../server/src/knowledge/sources/cacheRows.js';

const packages: PackageInfo[] = [
  { attrPath: 'firefox', name: 'firefox-130.0', pname: 'firefox', version: '130.0', description: 'A web browser', homepage: 'https://www.mozilla.org', licenses: [{ spdxId: 'MPL-2.0', free: true }], unfree: false, mainProgram: 'firefox', source: 'live' },
  { attrPath: 'steam', name: 'steam-1.0', licenses: [{ shortName: 'unfree', free: false }], unfree: true, broken: true, insecure: true, source: 'live' },
  { attrPath: 'python3Packages.requests', name: 'requests-2', description: 'HTTP\tfor\nhumans', licenses: [{ spdxId: 'MPL-2.0', free: true }], unfree: false, source: 'live' },
  { attrPath: 'café', name: 'café-1', description: 'Ünïcode \x1e and separators', licenses: [], unfree: false, source: 'live' },
];
const options: OptionInfo[] = [
  { path: ['users', 'users', '<name>', 'shell'], type: { kind: 'nullOr', text: 'null or package', of: [{ kind: 'package', text: 'package' }] }, description: 'The shell.\n\nSee `man chsh` — “quoted”.', default: 'pkgs.shadow', declarations: ['/a.nix'], readOnly: false, source: 'live' },
  { path: ['fileSystems', '<name>', 'device'], type: { kind: 'str', text: 'string' }, description: '', default: '', declarations: ['/a.nix', '/b.nix'], readOnly: true, source: 'live' },
  { path: ['services', 'openssh', 'enable'], type: { kind: 'bool', text: 'boolean' }, description: 'Whether to run sshd.', example: 'true', declarations: [], readOnly: false, source: 'live' },
];
const layer: KnowledgeLayer = { source: 'live', options, renamed: [{ path: ['a'], to: ['b'], source: 'live' }], packages };

describe('the cache rows', () => {
  const { header, body } = encodeRows(layer);
  const back = decodeRows(JSON.parse(JSON.stringify(header)), body)!;

  it('give back the same options, renames and packages', () => {
    const o = back.optionTable!;
    assert.equal(o.size, 3);
    for (let i = 0; i < 3; i++) assert.deepEqual(o.info(i), options[i]);
    assert.deepEqual(o.path(0), ['users', 'users', '<name>', 'shell']);
    assert.deepEqual(back.renamed, layer.renamed);
    const table = back.packageTable!;
    // sorted by the attribute path's bytes
    assert.deepEqual(Array.from({ length: table.size }, (_, r) => table.name(r)), ['café', 'firefox', 'python3Packages.requests', 'steam']);
    assert.deepEqual(table.info(table.find('firefox')), packages[0]);
    assert.deepEqual(table.info(table.find('steam')), packages[1]);
    // tabs and line breaks are kept; only the three separator characters become spaces
    assert.deepEqual(table.info(table.find('python3Packages.requests')), packages[2]);
    assert.deepEqual(table.info(table.find('café')), { ...packages[3], description: 'Ünïcode   and separators' });
    for (const missing of ['', 'a', 'firefo', 'firefoxx', 'zzz', 'caf', 'cafë']) assert.equal(table.find(missing), -1, missing);
  });

  it('are looked up, overridden and searched like records', () => {
    const override: PackageInfo = { attrPath: 'firefox', name: 'firefox-131.0', licenses: [], unfree: false, source: 'workspace' };
    const index = new NixosIndex([back, { source: 'workspace', packages: [override] }]);
    assert.equal(index.size.packages, 4);
    assert.deepEqual([...index.packageNames()].sort(), ['café', 'firefox', 'python3Packages.requests', 'steam']);
    assert.equal(index.package('firefox'), override);
    assert.equal(index.package('steam')?.unfree, true);
    assert.equal(index.package('steam'), index.package('steam'), 'a row becomes one record');
    assert.deepEqual(index.searchPackages('humans').map((p) => p.attrPath), ['python3Packages.requests']);
    assert.deepEqual(index.searchPackages('firefox').map((p) => p.version), [undefined]);
    assert.deepEqual(index.nearestPackages('stean'), ['steam']);
    assert.deepEqual(index.nearPackages('firefx', 1), ['firefox']);
    const rowsWin = new NixosIndex([{ source: 'workspace', packages: [override] }, back]);
    assert.equal(rowsWin.package('firefox')?.version, '130.0');
    assert.equal(rowsWin.size.packages, 4);
  });

  it('answer option lookups through `<name>` levels, children and search like records', () => {
    const index = new NixosIndex([back]);
    const records = new NixosIndex([layer]);
    assert.equal(index.size.options, 3);
    assert.deepEqual(index.option(['users', 'users', 'alice', 'shell']), options[0]);
    assert.deepEqual(index.option(['fileSystems', '/', 'device']), options[1]);
    assert.deepEqual(index.children(['services', 'openssh']), records.children(['services', 'openssh']));
    assert.deepEqual(index.searchOptions('sshd'), [options[2]]);
    assert.deepEqual(index.nearestOptions(['services', 'opensh', 'enable']), [['services', 'openssh', 'enable']]);
    assert.deepEqual([...index.options()].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.'))), [...records.options()].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.'))));
  });

  it('search as records do, whatever the case of the words', () => {
    const rows = new NixosIndex([back]);
    const records = new NixosIndex([layer]);
    const words = ['the', 'SHELL', 'users.users', 'sshd', 'Whether', 'run', 'man', 'chsh', '“quoted”', 'browser', 'http', 'HUMANS', 'ünïcode', 'for', 'fire', 'openssh.enable', 'services', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), (picked) => {
        const q = picked.join(' ');
        assert.deepEqual(rows.searchOptions(q), records.searchOptions(q), q);
        assert.deepEqual(rows.searchPackages(q).map((p) => p.attrPath), records.searchPackages(q).map((p) => p.attrPath), q);
      }),
      { numRuns: runs(300) },
    );
  });

  it('go through the file: written atomically, read back, and a damaged or foreign file is ignored', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-cache-rows-'));
    try {
      assert.equal(writeCache(dir, 'k', layer), undefined);
      const read = readCache(dir, 'k')!;
      assert.deepEqual(new NixosIndex([read]).package('steam'), packages[1]);
      assert.equal(readCache(dir, 'other'), undefined);
      fs.copyFileSync(cacheFile(dir, 'k'), cacheFile(dir, 'other'));
      assert.equal(readCache(dir, 'other'), undefined, 'the key inside must match');
      const bytes = fs.readFileSync(cacheFile(dir, 'k'));
      fs.writeFileSync(cacheFile(dir, 'k'), bytes.subarray(0, bytes.length - 10));
      assert.equal(readCache(dir, 'k'), undefined, 'a cut file');
      fs.writeFileSync(cacheFile(dir, 'k'), '{"format":3}');
      assert.equal(readCache(dir, 'k'), undefined, 'another format');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('removes our stale files when one is written, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-cache-stale-'));
    const hex = (c: string, n: number) => c.repeat(n);
    const slotA = hex('a', 16);
    const slotB = hex('b', 16);
    const keep = [
      `${slotB}-${hex('1', 32)}.rows`, // another slot: another workspace's system
      'notes.txt',
      `${hex('2', 32)}.rows.backup`,
      `${slotA}-${hex('3', 32)}.rows.${process.pid}.abc.tmp`, // a write in progress
    ];
    const stale = [
      `${hex('4', 32)}.json`, // the format before rows
      `${hex('5', 32)}.rows`, // rows before slots
      `${slotA}-${hex('6', 32)}.rows`, // an older result in the same slot
      `${slotB}-${hex('7', 32)}.json`,
      `${slotA}-${hex('8', 32)}.rows.12.abc.tmp`, // a write that died long ago
    ];
    try {
      for (const name of [...keep, ...stale]) fs.writeFileSync(path.join(dir, name), 'x');
      const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
      fs.utimesSync(path.join(dir, stale[4]!), old, old);
      const key = `${slotA}-${hex('9', 32)}`;
      assert.equal(writeCache(dir, key, layer), undefined);
      assert.deepEqual(fs.readdirSync(dir).sort(), [...keep, `${key}.rows`].sort());
      assert.ok(readCache(dir, key));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

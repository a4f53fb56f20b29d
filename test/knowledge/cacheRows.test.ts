// The disk cache's rows: a layer packed and unpacked is the same layer (packages as lazily made
// records), and the index treats rows as it treats records: lookups, later layers winning, search.
import assert from 'node:assert/strict';
import type { KnowledgeLayer, PackageInfo } from '../../server/src/knowledge/model.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { packLayer, unpackLayer } from '../../server/src/knowledge/sources/cache.js';

const packages: PackageInfo[] = [
  { attrPath: 'firefox', name: 'firefox-130.0', pname: 'firefox', version: '130.0', description: 'A web browser', homepage: 'https://www.mozilla.org', licenses: [{ spdxId: 'MPL-2.0', free: true }], unfree: false, mainProgram: 'firefox', source: 'live' },
  { attrPath: 'steam', name: 'steam-1.0', licenses: [{ shortName: 'unfree', free: false }], unfree: true, broken: true, insecure: true, source: 'live' },
  { attrPath: 'python3Packages.requests', name: 'requests-2', description: 'HTTP\tfor\nhumans', licenses: [{ spdxId: 'MPL-2.0', free: true }], unfree: false, source: 'live' },
];
const layer: KnowledgeLayer = {
  source: 'live',
  options: [{ path: ['users', 'users', '<name>', 'shell'], type: { kind: 'nullOr', text: 'null or package', of: [{ kind: 'package', text: 'package' }] }, description: 'Shell.', default: 'pkgs.shadow', declarations: ['/a.nix'], readOnly: false, source: 'live' }],
  renamed: [{ path: ['a'], to: ['b'], source: 'live' }],
  packages,
};

describe('the cache rows', () => {
  const back = unpackLayer(JSON.parse(JSON.stringify(packLayer(layer))));

  it('give back the same options, renames and packages', () => {
    assert.deepEqual(back.options, layer.options);
    assert.deepEqual(back.renamed, layer.renamed);
    const table = back.packageTable!;
    assert.deepEqual(table.attrPaths, packages.map((p) => p.attrPath));
    assert.deepEqual(table.info(0), packages[0]);
    assert.deepEqual(table.info(1), packages[1]);
    // Tabs and line breaks in a description would break the rows: they become spaces.
    assert.deepEqual(table.info(2), { ...packages[2], description: 'HTTP for humans' });
  });

  it('are looked up, overridden and searched like records', () => {
    const override: PackageInfo = { attrPath: 'firefox', name: 'firefox-131.0', licenses: [], unfree: false, source: 'workspace' };
    const index = new NixosIndex([back, { source: 'workspace', packages: [override] }]);
    assert.equal(index.size.packages, 3);
    assert.equal(index.package('firefox'), override);
    assert.equal(index.package('steam')?.unfree, true);
    assert.equal(index.package('steam'), index.package('steam'), 'a row becomes one record');
    assert.deepEqual(index.searchPackages('humans').map((p) => p.attrPath), ['python3Packages.requests']);
    assert.deepEqual(index.nearestPackages('stean'), ['steam']);
    const rowsWin = new NixosIndex([{ source: 'workspace', packages: [override] }, back]);
    assert.equal(rowsWin.package('firefox')?.version, '130.0');
  });
});

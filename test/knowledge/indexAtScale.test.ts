// What the index adds for real data: nearestPackages and nearPackages narrowing 120 000 names
// (exactly as a full comparison would, on records and on the cache's rows), and options with sub-options of their own (`users.users` in NixOS).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs } from '../support/fuzz.js';
import type { PackageInfo } from '../../server/src/knowledge/model.js';
import { differOnlyInDigits, editDistance, nearest } from '../../server/src/knowledge/nearestNames.js';
import { decodeRows, encodeRows } from '../../server/src/knowledge/sources/cacheRows.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';

const pkg = (attrPath: string): PackageInfo => ({ attrPath, name: attrPath, licenses: [], unfree: false, source: 'embedded' });
const NAMES = ['vim', 'vimb', 'neovim', 'firefox', 'firefox-esr', 'Firefox', 'git', 'gitg', 'gti', 'python3', 'python311', 'python3Packages.requests', 'htop', 'btop', 'gtop', 'nodejs_20', 'nodejs', 'vscode', 'vscodium', 'zoom-us', 'thunderbird', '0ad', 'ripgrep', 'fd'];

describe('nearestPackages', () => {
  const index = new NixosIndex([{ source: 'embedded', packages: NAMES.map(pkg) }]);

  it('suggests what a full comparison suggests', () => {
    for (const typo of ['vimm', 'firefx', 'firfox', 'FIREFOX', 'gi', 'pyhton3', 'htpo', 'nodjs', 'vscod', 'ripgerp', 'thunderbrid', 'xyz']) {
      assert.deepEqual(index.nearestPackages(typo), nearest(typo, NAMES), typo);
    }
  });

  it('agrees with a full comparison on any name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 14, unit: fc.constantFrom(...'abcdefghiklmnoprstuvxyzFV0123_-.') }), (typo) => {
        assert.deepEqual(index.nearestPackages(typo), nearest(typo, NAMES));
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('did-you-mean on the cache rows (names compared as bytes)', () => {
  const { header, body } = encodeRows({ source: 'live', packages: NAMES.map(pkg) });
  const rows = new NixosIndex([decodeRows(header, body)!]);
  const records = new NixosIndex([{ source: 'live', packages: NAMES.map(pkg) }]);
  /** nearPackages as a full comparison would give it. */
  const fullNear = (name: string, max: number) =>
    NAMES.filter((n) => !n.includes('.') && Math.abs(n.length - name.length) <= max && !differOnlyInDigits(n, name))
      .map((n) => ({ n, d: n.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, n, max) }))
      .filter((x) => x.d <= max)
      .sort((x, y) => x.d - y.d || x.n.localeCompare(y.n))
      .slice(0, 3)
      .map((x) => x.n);

  it('agree with a full comparison and with records on any name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 14, unit: fc.constantFrom(...'abcdefghiklmnoprstuvxyzFV0123_-.é') }), fc.integer({ min: 1, max: 3 }), (typo, max) => {
        assert.deepEqual(rows.nearestPackages(typo), nearest(typo, NAMES));
        assert.deepEqual(rows.nearPackages(typo, max), fullNear(typo, max));
        assert.deepEqual(records.nearPackages(typo, max), fullNear(typo, max));
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('options that have sub-options of their own', () => {
  // In NixOS `users.users` is an option (attrsOf submodule) and has declared sub-options.
  const opt = (path: string, kind: 'attrs' | 'str' | 'package'): import('../../server/src/knowledge/model.js').OptionInfo => ({
    path: path.split('.'),
    type: { kind, text: kind },
    description: '',
    declarations: [],
    readOnly: false,
    source: 'embedded',
  });
  const index = new NixosIndex([
    { source: 'embedded', options: [opt('users.users', 'attrs'), opt('users.users.<name>.shell', 'package'), opt('boot.kernel.sysctl', 'attrs')] },
  ]);

  it('are passed through to their sub-options', () => {
    assert.deepEqual(index.knownPrefix(['users', 'users', 'alice', 'shell']).option?.path, ['users', 'users', '<name>', 'shell']);
    assert.deepEqual(index.knownPrefix(['users', 'users', 'alice', 'shel']), { length: 3 });
    assert.deepEqual(index.nearestOptions(['users', 'users', 'alice', 'shel']), [['users', 'users', 'alice', 'shell']]);
  });

  it('while an attrs option without sub-options takes any path below as its value', () => {
    assert.deepEqual(index.knownPrefix(['boot', 'kernel', 'sysctl', 'vm.swappiness']).option?.path, ['boot', 'kernel', 'sysctl']);
    assert.equal(index.knownPrefix(['users', 'users']).option?.path.join('.'), 'users.users');
  });
});

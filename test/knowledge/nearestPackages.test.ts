// nearestPackages narrows 120 000 names by length and letters before measuring edit distances:
// it must give exactly what comparing against every name gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PackageInfo } from '../../server/src/knowledge/model.js';
import { nearest } from '../../server/src/knowledge/nearestNames.js';
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
      { numRuns: 2000 },
    );
  });
});

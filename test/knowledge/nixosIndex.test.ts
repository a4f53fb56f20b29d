// The index's lookups on a small hand-made layer: exact paths through placeholder levels,
// children for completion, did-you-mean, search, packages and lib names.
import assert from 'node:assert/strict';
import type { OptionInfo, PackageInfo } from '../../server/src/knowledge/model.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';

const opt = (path: string, kind: OptionInfo['type']['kind'] = 'bool', description = ''): OptionInfo => ({
  path: path.split('.'),
  type: { kind, text: kind },
  description,
  declarations: [],
  readOnly: false,
  source: 'embedded',
});
const pkg = (attrPath: string, description = '', unfree = false): PackageInfo => ({
  attrPath,
  name: attrPath,
  description,
  licenses: [{ free: !unfree }],
  unfree,
  source: 'embedded',
});

const index = new NixosIndex([
  {
    source: 'embedded',
    options: [
      opt('services.openssh.enable', 'bool', 'Runs the OpenSSH server.'),
      opt('services.openssh.ports', 'list'),
      opt('services.printing.enable', 'bool', 'Lets the machine print.'),
      opt('users.users.<name>.shell', 'package'),
      opt('users.users.<name>.extraGroups', 'list'),
      opt('swapDevices.*.device', 'str'),
      opt('boot.kernel.sysctl', 'attrs'),
    ],
    renamed: [{ path: ['hardware', 'opengl', 'enable'], to: ['hardware', 'graphics', 'enable'], source: 'embedded' }],
    packages: [pkg('vim', 'An editor'), pkg('vscode', 'Code editor', true), pkg('python3Packages.requests')],
    everydayNames: { 'VS Code': ['vscode'] },
    lib: [{ name: 'mkIf', type: 'mkIf :: Bool -> AttrSet -> AttrSet', description: '', aliases: ['lib.modules.mkIf'] }, { name: 'types.port', type: '', description: '', aliases: [] }],
  },
  { source: 'live', options: [opt('services.openssh.enable', 'bool', 'From the live source.')] },
]);

describe('NixosIndex', () => {
  it('finds options by path, through <name> and * levels, the later layer winning', () => {
    assert.equal(index.option(['services', 'openssh', 'enable'])?.description, 'From the live source.');
    assert.equal(index.option(['users', 'users', 'alice', 'shell'])?.type.kind, 'package');
    assert.equal(index.option(['swapDevices', '*', 'device'])?.type.kind, 'str');
    assert.equal(index.option(['services', 'openssh']), undefined);
    assert.equal(index.size.options, 7);
  });

  it('tells prefixes and values of attrs options from unknown paths', () => {
    assert.ok(index.isOptionPrefix(['services', 'openssh']));
    assert.ok(!index.isOptionPrefix(['services', 'openssh', 'enable']));
    assert.equal(index.knownPrefix(['boot', 'kernel', 'sysctl', 'vm.swappiness']).option?.path.join('.'), 'boot.kernel.sysctl');
    assert.deepEqual(index.knownPrefix(['services', 'prnting', 'enable']), { length: 1 });
  });

  it('lists children for completion, the placeholder level last', () => {
    assert.deepEqual(index.children(['services']).map((c) => c.name).sort(), ['openssh', 'printing']);
    assert.deepEqual(index.children(['users', 'users']).map((c) => c.name), ['<name>']);
    assert.deepEqual(index.children(['users', 'users', 'bob']).map((c) => c.name).sort(), ['extraGroups', 'shell']);
  });

  it('suggests the nearest options for a misspelt level', () => {
    assert.deepEqual(index.nearestOptions(['services', 'prnting', 'enable']), [['services', 'printing', 'enable']]);
    assert.deepEqual(index.nearestOptions(['services', 'openssh', 'enabel'])[0], ['services', 'openssh', 'enable']);
    assert.deepEqual(index.nearestOptions(['nothing', 'like', 'it', 'at', 'all']), []);
  });

  it('knows renamed options', () => {
    assert.deepEqual(index.renamed(['hardware', 'opengl', 'enable'])?.to, ['hardware', 'graphics', 'enable']);
  });

  it('searches options by path and description words', () => {
    assert.deepEqual(index.searchOptions('print').map((o) => o.path.join('.')), ['services.printing.enable']);
    assert.deepEqual(index.searchOptions('openssh live source').map((o) => o.path.join('.')), ['services.openssh.enable']);
  });

  it('finds packages, everyday names and nearest names', () => {
    assert.equal(index.package('vscode')?.unfree, true);
    assert.deepEqual(index.everydayName('vs code'), ['vscode']);
    assert.deepEqual(index.nearestPackages('vimm'), ['vim']);
    assert.equal(index.searchPackages('vs code')[0]?.attrPath, 'vscode');
  });

  it('completes lib names level by level, aliases included', () => {
    assert.ok(index.lib('modules.mkIf'));
    assert.deepEqual(index.libNames('types.'), ['port']);
    assert.ok(index.libNames().includes('types'));
  });
});

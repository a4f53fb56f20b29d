// An options.json (and the packages.json beside it) is read once into the knowledge cache's rows,
// keyed by the files' path, size and time: a later load reads the rows, a changed file is read
// again, and what is kept is rows (not records) either way.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { loadOptionsJson } from '../../server/src/knowledge/sources/optionsJson.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../test-fixtures/knowledge');

describe('an options.json through the knowledge cache', () => {
  let dir: string;
  let cache: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-options-json-'));
    cache = path.join(dir, 'cache');
    fs.cpSync(FIXTURE, path.join(dir, 'doc'), { recursive: true });
    file = path.join(dir, 'doc', 'options.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = () => {
    const loaded = loadOptionsJson(file, [], cache);
    assert.ok(loaded?.ok, JSON.stringify(loaded));
    return loaded;
  };

  it('is read once, then loaded from the rows, the same options and packages', () => {
    const plain = loadOptionsJson(file, []);
    assert.ok(plain?.ok);
    assert.equal(plain.fromCache, false);
    assert.ok(plain.layer.options && !plain.layer.optionTable, 'without a cache: records');

    const first = load();
    assert.equal(first.fromCache, false);
    assert.ok(first.layer.optionTable && first.layer.packageTable, 'the rows written are what is kept');
    assert.equal(first.layer.options, undefined);
    assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith('.rows')).length, 1);

    const second = load();
    assert.equal(second.fromCache, true);
    const records = new NixosIndex([plain.layer]);
    const rows = new NixosIndex([second.layer]);
    assert.deepEqual(rows.size, records.size);
    const sorted = (index: NixosIndex) => [...index.options()].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.')));
    assert.deepEqual(sorted(rows), sorted(records));
    assert.ok(rows.size.packages > 0);
    for (const name of records.packageNames()) assert.deepEqual(rows.package(name), records.package(name), name);
    assert.deepEqual(rows.renamed(['services', 'fixture', 'old']), records.renamed(['services', 'fixture', 'old']));
  });

  it('is read again when the file changes, and the old rows are removed', () => {
    load();
    const before = fs.readdirSync(cache);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    json['services.added.enable'] = { type: 'boolean', description: 'Added.', declarations: [], readOnly: false, loc: ['services', 'added', 'enable'] };
    fs.writeFileSync(file, JSON.stringify(json));
    const again = load();
    assert.equal(again.fromCache, false);
    assert.equal(new NixosIndex([again.layer]).option(['services', 'added', 'enable'])?.description, 'Added.');
    const after = fs.readdirSync(cache);
    assert.equal(after.length, 1, after.join(' '));
    assert.notDeepEqual(after, before);
    assert.equal(load().fromCache, true);
  });

  it('still loads when the cache cannot be written', () => {
    fs.writeFileSync(cache, 'a file where the folder would be');
    const loaded = load();
    assert.equal(loaded.fromCache, false);
    assert.match(loaded.note ?? '', /Could not write the knowledge cache/);
    assert.ok(loaded.layer.options!.length > 0);
  });
});

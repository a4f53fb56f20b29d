// Runs every test-fixtures/grammar/*.nix file: each assertion line there is a
// scope expectation (convention documented in ./tm.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { checkExpectations, parseFixture, repoRoot, tokenize } from './tm';

const dir = `${repoRoot}test-fixtures/grammar/`;
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.nix')).sort();

describe('grammar fixtures (test-fixtures/grammar)', () => {
  it('has fixture files to run', () => {
    assert.ok(fixtures.length >= 5, `only ${fixtures.length} fixtures found in ${dir}`);
  });

  for (const file of fixtures) {
    it(file, async () => {
      const { source, expectations } = parseFixture(readFileSync(dir + file, 'utf8'));
      assert.ok(expectations.length > 0, `${file} has no assertions`);
      const failures = checkExpectations(await tokenize(source), expectations, source.split('\n'));
      if (failures.length > 0) {
        assert.fail(`${failures.length} of ${expectations.length} assertions failed:\n${failures.join('\n')}`);
      }
    });
  }
});

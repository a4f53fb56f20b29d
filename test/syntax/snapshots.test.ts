// Snapshot tests: every `.nix` file under test-fixtures/syntax/ is parsed and
// its errors and tree (debugTree) compared with the `.snap` file beside it.
// `UPDATE_SNAPSHOTS=1 npx mocha test/syntax/snapshots.test.ts` rewrites them;
// review the diff before keeping it.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { debugTree, lineIndex, parse, printTree } from "../../server/src/syntax/index.js";
import { nixFilesUnder } from "./support.js";

const ROOT = join(import.meta.dirname, "..", "..", "test-fixtures", "syntax");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

/** The snapshot text: errors with 1-based line:col ranges, then the full tree. */
export function snapshot(text: string): string {
  const { tree, errors } = parse(text);
  const li = lineIndex(text);
  const pos = (o: number) => {
    const p = li.positionAt(o);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const lines = ["errors:"];
  if (errors.length === 0) lines.push("  (none)");
  for (const e of errors) lines.push(`  ${pos(e.start)}-${pos(e.end)} ${e.code}: ${e.message}`);
  lines.push("tree:");
  return lines.join("\n") + "\n" + debugTree(tree);
}

describe("syntax snapshots", () => {
  const files = nixFilesUnder(ROOT);

  it("has valid and error fixtures", () => {
    assert.ok(files.filter((f) => f.includes("/valid/")).length >= 8);
    assert.ok(files.filter((f) => f.includes("/errors/")).length >= 25);
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    it(name, () => {
      const text = readFileSync(file, "utf8");
      const { tree, errors } = parse(text);
      assert.equal(printTree(tree), text, "the tree must print back to the input");
      if (name.startsWith("valid/")) assert.deepEqual(errors, [], "a valid fixture must parse without errors");
      else assert.ok(errors.length > 0, "an error fixture must report an error");
      for (const e of errors) {
        assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `error range in bounds: ${JSON.stringify(e)}`);
        assert.match(e.message, /\S/);
      }

      const actual = snapshot(text);
      const snapFile = file.replace(/\.nix$/, ".snap");
      if (UPDATE) {
        writeFileSync(snapFile, actual);
        return;
      }
      assert.ok(existsSync(snapFile), `${relative(process.cwd(), snapFile)} is missing: run UPDATE_SNAPSHOTS=1 npx mocha test/syntax/snapshots.test.ts`);
      const expected = readFileSync(snapFile, "utf8");
      if (actual !== expected) {
        // show the errors part in full (that is what usually changes), the tree as a first differing line
        const a = actual.split("\n"),
          b = expected.split("\n");
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        assert.fail(
          `${name}: snapshot differs at line ${i + 1}\n  expected: ${b[i]}\n  actual:   ${a[i]}\n` +
            `(UPDATE_SNAPSHOTS=1 npx mocha test/syntax/snapshots.test.ts rewrites the snapshots)`,
        );
      }
    });
  }
});

// The corpus (realistic NixOS configurations, flakes, modules, packages,
// overlays, a shell and a library) and the syntax fixtures against real Nix:
// corpus files parse cleanly, round-trip and are accepted by Nix; valid
// fixtures are accepted; error fixtures are rejected on the line we report.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { lineIndex, parse } from "../../server/src/syntax/index.js";
import { nixParseAll, requireNix } from "./nixOracle.js";
import { CORPUS, FIXTURES, corpusFiles, nixFilesUnder, sameErrorPlace } from "./support.js";
import { checkTree } from "./treeCheck.js";

describe("corpus", function () {
  this.timeout(120_000);
  const files = corpusFiles();

  it("has a dozen realistic files", () => {
    assert.ok(files.length >= 12, `${files.length} files`);
    const names = files.map((f) => relative(CORPUS, f)).join(" ");
    for (const kind of ["configuration", "hardware-configuration", "flake", "modules/", "pkgs/", "overlays", "shell", "lib"])
      assert.ok(names.includes(kind), `no ${kind} file in the corpus`);
  });

  for (const file of files) {
    it(`${relative(CORPUS, file)} parses without errors and round-trips`, () => {
      const { errors } = checkTree(readFileSync(file, "utf8"));
      assert.deepEqual(errors, []);
    });
  }

  it("Nix accepts every corpus file, and the concatenation of all of them", async () => {
    requireNix();
    const texts = files.map((f) => readFileSync(f, "utf8"));
    texts.push(`[\n${texts.map((t) => `(${t})\n`).join("")}]\n`);
    const verdicts = await nixParseAll(texts);
    const rejected = verdicts.flatMap((v, i) => (v.ok ? [] : [`${i < files.length ? relative(CORPUS, files[i]!) : "concatenation"}: ${v.message}`]));
    assert.deepEqual(rejected, []);
    assert.deepEqual(parse(texts[texts.length - 1]!).errors, []);
  });
});

describe("syntax fixtures against Nix", function () {
  this.timeout(120_000);
  const root = join(FIXTURES, "syntax");
  const files = nixFilesUnder(root);

  it("valid fixtures are accepted; error fixtures rejected where our first error is", async () => {
    requireNix();
    const texts = files.map((f) => readFileSync(f, "utf8"));
    const verdicts = await nixParseAll(texts);
    const failures: string[] = [];
    files.forEach((file, i) => {
      const name = relative(root, file);
      const v = verdicts[i]!;
      const { errors } = parse(texts[i]!);
      if (name.startsWith("valid/")) {
        if (!v.ok) failures.push(`${name}: Nix rejects it: ${v.message}`);
        return;
      }
      if (v.ok) return void failures.push(`${name}: Nix accepts it`);
      const ourLine = errors[0] ? lineIndex(texts[i]!).positionAt(errors[0].start).line + 1 : 0;
      if (!sameErrorPlace({ line: ourLine, code: errors[0]?.code }, v.line)) failures.push(`${name}: Nix line ${v.line} (${v.message}), ours ${ourLine} (${errors[0]?.message})`);
    });
    assert.deepEqual(failures, []);
  });
});

// Incremental re-parsing must give exactly what a full parse gives: the
// same tree (kinds and ranges, tokens included) and the same errors, after
// any sequence of edits, whether or not token objects had been made before.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { changedSpan, debugTree, parse, reparse, type ParseResult } from "../../server/src/syntax/index.js";
import { corpusFiles } from "./support.js";
import { checkTree } from "./treeCheck.js";

const RUNS = Number(process.env.FC_RUNS ?? 80);

/** Apply one edit the way an editor session would: re-parse when possible, else parse. */
function step(prev: { text: string; result: ParseResult }, next: string): { result: ParseResult; incremental: boolean } {
  const r = reparse(prev.result, prev.text, next);
  return r ? { result: r, incremental: true } : { result: parse(next), incremental: false };
}

function assertSameAsFullParse(text: string, got: ParseResult): void {
  const want = parse(text);
  assert.equal(debugTree(got.tree), debugTree(want.tree));
  assert.deepEqual(got.errors, want.errors);
  checkTree(text, got);
}

/** Offsets just inside string literals of `text` (where people type values). */
function stringInsides(text: string): number[] {
  const out: number[] = [];
  const re = /"([^"\\$\n]*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + 1 + Math.floor(m[1]!.length / 2));
  return out;
}

describe("incremental re-parse", () => {
  it("finds the changed span from the common prefix and suffix", () => {
    assert.deepEqual(changedSpan("abcdef", "abXdef"), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(changedSpan("abc", "abxc"), { start: 2, oldEnd: 2, newEnd: 3 });
    assert.deepEqual(changedSpan("abxc", "abc"), { start: 2, oldEnd: 3, newEnd: 2 });
    assert.deepEqual(changedSpan("aaa", "aaaa"), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(changedSpan("same", "same"), { start: 4, oldEnd: 4, newEnd: 4 });
  });

  it("re-parses one binding when typing inside a value, and the tree equals a full parse", () => {
    const text = '{ pkgs, ... }:\n{\n  networking.hostName = "box";\n  services.openssh.enable = true;\n  users.users.alice = { isNormalUser = true; };\n}\n';
    let cur = { text, result: parse(text) };
    const at = text.indexOf('"box"') + 4;
    const next = text.slice(0, at) + "es" + text.slice(at);
    const r = step(cur, next);
    assert.ok(r.incremental, "typing inside a string value is re-parsed incrementally");
    assertSameAsFullParse(next, r.result);
    cur = { text: next, result: r.result };
    // and deleting it again, then flipping a boolean
    const back = step(cur, text);
    assert.ok(back.incremental);
    assertSameAsFullParse(text, back.result);
    cur = { text, result: back.result };
    const flipped = text.replace("enable = true", "enable = false");
    const f = step(cur, flipped);
    assert.ok(f.incremental);
    assertSameAsFullParse(flipped, f.result);
  });

  it("falls back to a full parse where a binding alone cannot decide", () => {
    const text = "{\n  a = 1;\n  b = { c = 2; };\n  b.d = 3;\n}\n";
    const cases: [string, string][] = [
      ["the name changes (a duplicate could appear)", text.replace("a = 1", "b = 1")],
      ["the value is an attribute set (it merges with b.d)", text.replace("c = 2; }", "c = 2; d = 1; }")],
      ["the value becomes an attribute set", text.replace("a = 1;", "a = { };")],
      ["the edit breaks the binding", text.replace("a = 1;", "a = 1")],
      ["the edit opens a string", text.replace("a = 1;", 'a = "1;')],
      ["the edit reaches past the binding", text.replace("1;\n  b", "1; x = 2;\n  b")],
      ["the edit is after the `;`", text.replace("a = 1;", "a = 1; ")],
      ["the edit adds a duplicate inside the value", text.replace("a = 1;", "a = f { x = 1; x = 2; };")],
    ];
    for (const [why, next] of cases) {
      const r = step({ text, result: parse(text) }, next);
      assert.equal(r.incremental, false, why);
      assertSameAsFullParse(next, r.result);
    }
  });

  it("never re-parses from a tree with errors", () => {
    const text = "{\n  a = 1\n  b = 2;\n}\n";
    const r = step({ text, result: parse(text) }, text.replace("b = 2", "b = 23"));
    assert.equal(r.incremental, false);
  });

  it("keeps token objects made before an edit correct, before and after it", () => {
    const text = '{\n  a = "one";\n  b = "two";\n  c = [ "three" ];\n}\n';
    const first = parse(text);
    // make every token object now (printTree reads them all)
    checkTree(text, first);
    const at = text.indexOf("one") + 1;
    const next = text.slice(0, at) + "xyz" + text.slice(at);
    const r = reparse(first, text, next);
    assert.ok(r);
    assertSameAsFullParse(next, r);
  });

  it("agrees with a full parse over random typing sessions on the corpus", () => {
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    let incremental = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(
          fc.record({
            where: fc.nat(),
            kind: fc.constantFrom("type", "delete", "replace", "anywhere"),
            ins: fc.constantFrom("a", "1", " ", "\n", "x.y", "\"", ";", "}", "${", "b = 2;", "'", "# c", "/*", "-"),
            len: fc.integer({ min: 1, max: 6 }),
            materialize: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (fi, edits) => {
          const text0 = files[fi]!;
          let cur = { text: text0, result: parse(text0) };
          for (const e of edits) {
            const inside = stringInsides(cur.text);
            const at =
              e.kind === "anywhere" || inside.length === 0
                ? e.where % (cur.text.length + 1)
                : inside[e.where % inside.length]!;
            let next: string;
            if (e.kind === "delete") next = cur.text.slice(0, at) + cur.text.slice(Math.min(cur.text.length, at + e.len));
            else if (e.kind === "replace") next = cur.text.slice(0, at) + e.ins + cur.text.slice(Math.min(cur.text.length, at + e.len));
            else next = cur.text.slice(0, at) + e.ins + cur.text.slice(at);
            const r = step(cur, next);
            total++;
            if (r.incremental) incremental++;
            assertSameAsFullParse(next, r.result);
            if (e.materialize) checkTree(next, r.result);
            cur = { text: next, result: r.result };
          }
        },
      ),
      { numRuns: RUNS },
    );
    // the property is only worth something if the incremental path is really taken
    assert.ok(incremental > total / 10, `only ${incremental} of ${total} edits were re-parsed incrementally`);
  });
});

// A line index made from the one before an edit must equal one made afresh,
// whatever the edit does to line breaks (\n, \r\n, a lone \r, pairs split or joined).
import assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../support/fuzz.js";
import { LineIndex, changedSpan } from "../../server/src/syntax/index.js";

const RUNS = runs(300);

describe("line index across edits", () => {
  it("keeps lines before and after an edit, and scans only the edited ones", () => {
    // [before, after]
    const cases: [string, string][] = [
      ["a\nb\nc\n", "a\nbx\nc\n"],
      ["a\nb\nc\n", "a\nb\n\nc\n"],
      ["a\r\nb", "a\rb"], // a pair split
      ["a\rb", "a\r\nb"], // a lone \r joined
      ["a\r\nb", "a\r\r\nb"],
      ["", "x\n"],
      ["x\n", ""],
      ["one\ntwo\r\nthree\rfour", "one\ntwo\r\nthr\nee\rfour"],
    ];
    for (const [before, after] of cases) {
      const s = changedSpan(before, after);
      const got = LineIndex.edited(new LineIndex(before), after, s.start, s.oldEnd, s.newEnd);
      assert.deepEqual(got.lineStarts, new LineIndex(after).lineStarts, JSON.stringify([before, after]));
    }
  });

  it("equals a fresh index after random edits", () => {
    const piece = fc.constantFrom("a", "bc", "\n", "\r", "\r\n", " ", "\n\n");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.array(piece, { maxLength: 4 })), { minLength: 1, maxLength: 6 }), (parts, edits) => {
        let text = parts.join("");
        let index = new LineIndex(text);
        for (const [where, del, ins] of edits) {
          const at = where % (text.length + 1);
          const next = text.slice(0, at) + ins.join("") + text.slice(Math.min(text.length, at + del));
          const s = changedSpan(text, next);
          index = LineIndex.edited(index, next, s.start, s.oldEnd, s.newEnd);
          assert.deepEqual(index.lineStarts, new LineIndex(next).lineStarts);
          text = next;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("line index: line text and Nix positions", () => {
  it("gives a line's text without its break, for \\n, \\r\\n and a lone \\r", () => {
    const index = new LineIndex("a\r\nbc\rd\n\ne");
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((l) => index.lineText(l)), ["a", "bc", "d", "", "e", ""]);
  });

  it("reads Nix's 1-based byte columns as UTF-16 offsets (checked against Buffer)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "é", "€", "🎉", " ", "\n"), { maxLength: 20 }), fc.nat(30), fc.nat(4), (chars, col, line) => {
        const text = chars.join("");
        const index = new LineIndex(text);
        const l = Math.min(line, index.lineCount - 1);
        const lineText = index.lineText(l);
        // Columns at a character's first byte, as Nix gives them.
        const starts = [...lineText].reduce<number[]>((acc, c) => [...acc, acc[acc.length - 1]! + Buffer.byteLength(c)], [0]);
        const byte = starts[Math.min(col, starts.length - 1)]!;
        const expected = index.lineStarts[l]! + Buffer.from(lineText).subarray(0, byte).toString("utf8").length;
        assert.equal(index.nixOffset(l + 1, byte + 1), expected);
      }),
      { numRuns: RUNS },
    );
  });
});

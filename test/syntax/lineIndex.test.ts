// A line index made from the one before an edit must equal one made afresh,
// whatever the edit does to line breaks (\n, \r\n, a lone \r, pairs split or joined).
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineIndex, changedSpan } from "../../server/src/syntax/index.js";

const RUNS = Number(process.env.FC_RUNS ?? 300);

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

// Where the rest of a text lexes as before an edit (syntax/settledTail.ts): the typed `"` whose
// later quotes pair the other way lexes its tail only up to there. Each point is checked against
// the old tree by hand; the property types quotes into files whose lines pair quotes up again in
// many ways (comments, '' strings, block comments over lines, interpolations, paths) and checks
// the incremental parse against the full one.
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "../../server/src/syntax/index.js";
import { settledPoints } from "../../server/src/syntax/settledTail.js";
import { runs } from "../support/fuzz.js";
import { typeAfterQuote, type Typed } from "./support.js";

describe("the points after an edit where the rest lexes as before", () => {
  const old = [
    "{",
    '  a = "x";',
    "  /* a block comment",
    "     over lines */",
    "  b = ''",
    "    two lines",
    "  '';",
    '  c = "${d "e"}";',
    "  f = ./p/${g};",
    "  h = 1;",
    "}",
    "",
  ].join("\n");
  const tree = parse(old);
  const lineBreakAfter = (needle: string) => old.indexOf("\n", old.indexOf(needle));

  it("holds at a line break between bindings past the edit, in the new text's offsets", () => {
    assert.deepEqual(tree.errors, []);
    const at = lineBreakAfter("h = 1;");
    // an edit before: 3 characters typed at offset 1
    const settled = settledPoints(tree.tree, tree.errors, 4, 3);
    assert.equal(settled(at + 3), true);
    // nor the same point before the edit's end
    assert.equal(settledPoints(tree.tree, tree.errors, at + 10, 3)(at + 3), false);
  });

  it("does not hold inside a block comment, a '' string, an interpolation or where no token starts", () => {
    const settled = () => settledPoints(tree.tree, tree.errors, 0, 0);
    assert.equal(settled()(lineBreakAfter("a block comment")), false);
    assert.equal(settled()(lineBreakAfter("b = ''")), false);
    assert.equal(settled()(lineBreakAfter("two lines")), false);
    // `;` then the line break: a whitespace token starts there; one character on, none does
    assert.equal(settled()(lineBreakAfter('a = "x";')), true);
    assert.equal(settled()(lineBreakAfter('a = "x";') + 1), false);
    const inInterp = parse('{\n  c = "${\n  d}";\n}\n');
    assert.equal(settledPoints(inInterp.tree, inInterp.errors, 0, 0)('{\n  c = "${'.length), false);
  });

  it("does not hold at or before an error of the old tree", () => {
    const broken = '{\n  a = 1;\n  b = ;\n  c = 2;\n}\n';
    const r = parse(broken);
    assert.ok(r.errors.length > 0);
    const afterA = broken.indexOf("\n", broken.indexOf("a = 1;"));
    const afterC = broken.indexOf("\n", broken.indexOf("c = 2;"));
    const settled = settledPoints(r.tree, r.errors, 0, 0);
    assert.equal(settled(afterA), false);
    assert.equal(settled(afterC), r.errors.every((e) => e.end < afterC));
  });

  it("gives the full parse while quotes typed open pair up again in many ways", () => {
    const shapes = [
      '  a = "x";',
      '  b = "x # y";',
      '  c = "two\n    lines";',
      '  # a comment with a " quote',
      '  # a comment with "" two',
      '  /* a block " comment\n     over lines */',
      "  d = ''\n    ind \" string\n  '';",
      "  e = ''x''${f}'';",
      '  g = "${h "i"}";',
      "  j = ./p/${k};",
      '  l = { m = "n"; };',
      '  o = [ "p" "q" ];',
      '  r = "\\"";',
      '  s.${"t"} = 1;',
      "  u = x: x;",
      "  v = 1;",
      // read as code once the quotes pair the other way: lexer errors (`$` and `\\` start no token)
      '  y = "echo $HOME";',
      '  z = "a\\\\b";',
    ];
    const typed: Typed = { steps: 0, incremental: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.nat(shapes.length - 1), { maxLength: 20 }),
        fc.array(fc.nat(shapes.length - 1), { maxLength: 30 }),
        fc.array(fc.record({ ins: fc.constantFrom("a", '"', "\n", ";", " = ", "''", "#", "${", "}", "/*", "*/", ""), where: fc.integer({ min: -20, max: 20 }), del: fc.integer({ min: 0, max: 2 }) }), { maxLength: 6 }),
        fc.boolean(),
        (before, after, edits, inList) => {
          // the quote typed in `x = `: the pairing flips into a lexer error on the next line, the
          // comment's quote takes the odd one, and the lines after may pair up as before
          const lines = (xs: number[]) => xs.map((i) => shapes[i]! + "\n").join("");
          // (or as a module in parentheses in an imports list, which is re-parsed alone: reparseParen.ts)
          const open = inList ? "{ config, ... }:\n{\n  imports = [\n  ({ ... }: {\n" : "{ config, ... }:\n{\n";
          const close = inList ? "  })\n  ({ ... }: { z = 1; })\n  ];\n}\n" : "}\n";
          const head = `${open}${lines(before)}  x = `;
          const start = `${head}\n  y = "echo $HOME";\n  # one " quote\n${lines(after)}  w = 2;\n${close}`;
          const quote = head.length;
          typeAfterQuote(start, quote, edits, typed);
        },
      ),
      { numRuns: runs(300) },
    );
    // (the first step of most runs re-parses the run alone, its tail lexed up to a settled point)
    assert.ok(typed.incremental > typed.steps / 10, `only ${typed.incremental} of ${typed.steps} edits were incremental`);
  });
});

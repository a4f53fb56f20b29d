// The recovery for a `"` typed with nothing after it (lexer/lex.ts): when the quotes after it
// pair up the other way round into lexer errors, the string is cut at the end of its line. Each
// case marks with $0 where the quote is typed; real Nix says whether it accepts the text, and an
// incremental re-parse from the text without the quote must give the full parse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { debugTree, parse, reparseInPlace } from "../../server/src/syntax/index.js";
import { corpusFiles, inParentheses, typeAfterQuote, type Typed } from "./support.js";
import { lexPass } from "../../server/src/syntax/lexer/pass.js";
import { nixParse, requireNix } from "./nixOracle.js";
import { runs } from "../support/fuzz.js";

const CUT = 'unterminated string: expected a closing " before the end of the line';

/** The text with a quote typed at $0, and the quote's offset. */
function typed(fixture: string): { before: string; after: string; at: number } {
  const at = fixture.indexOf("$0");
  const before = fixture.slice(0, at) + fixture.slice(at + 2);
  return { before, after: before.slice(0, at) + '"' + before.slice(at), at };
}

describe("a string typed open, its later quotes paired the other way", () => {
  before(requireNix);

  it("is cut at the end of its line when the pairing leaves lexer errors, the rest parsed as before", async () => {
    // (each has an odd quote after it, in a comment: without it a string would be left open at
    // the end, which the first rule cuts; these are the files that end with every string closed)
    const cases = [
      // `$HOME` read as code: `$` starts no token
      '{\n  a = $0\n  b = "x";\n  c = "$HOME/bin";\n  # say "hi\n  d = 1;\n}\n',
      // a path ending in `/` read as code
      '{\n  a = $0\n  b = "x";\n  c = "/var/www/";\n  # say "hi\n  d = [ 1 ];\n}\n',
      // after letters typed into it, in a module in `imports`
      '{\n  imports = [\n    ({ ... }: {\n      x = $0perf-h\n      y = "a";\n      z = "`date`";\n      # the "main one\n      w = 1;\n    })\n  ];\n}\n',
    ];
    for (const fixture of cases) {
      const { before, after, at } = typed(fixture);
      // no string is left open at the end: this is the second rule
      assert.equal(lexPass(after, new Set()).openString, -1, fixture);
      const full = parse(after);
      const cut = full.errors.filter((e) => e.code === "unterminated-string");
      assert.deepEqual(cut.map((e) => [e.start, e.message]), [[at, CUT]], fixture);
      // the line after the quote parses as code again: its binding is in the tree
      const nextLine = after.slice(after.indexOf("\n", at) + 1, after.indexOf("\n", after.indexOf("\n", at) + 1)).trim();
      const name = nextLine.slice(0, nextLine.indexOf(" "));
      assert.match(debugTree(full.tree), new RegExp(`Ident@\\d+\\.\\.\\d+ "${name}"`), fixture);
      // Nix rejects it (it always does: the rule needs a lexer error)
      assert.equal((await nixParse(after)).ok, false, fixture);
      // the keystroke itself is re-parsed locally, to the same tree and errors
      const r = reparseInPlace(parse(before), before, after);
      assert.ok(r, `not incremental: ${fixture}`);
      assert.equal(debugTree(r.parse.tree), debugTree(full.tree));
      assert.deepEqual(r.parse.errors, full.errors);
    }
  });

  it("is re-parsed with its parenthesised module alone when an error outside the run keeps the run from it", () => {
    // the later `a = 3;` is a duplicate, an error three bindings away from the run
    const fixture = '{\n  imports = [\n    ({ ... }: {\n      a = $0\n      b = "x";\n      c = "$HOME";\n      # say "hi\n      d = 1;\n      e = 2;\n      a = 3;\n    })\n  ];\n}\n';
    const { before, after, at } = typed(fixture);
    const full = parse(after);
    assert.deepEqual(full.errors.filter((e) => e.code === "unterminated-string").map((e) => e.start), [at]);
    assert.ok(full.errors.some((e) => e.code === "duplicate-attr"));
    let cur = { text: before, result: parse(before) };
    for (const next of [after, after.replace('= "\n', '= "p\n'), after.replace('= "\n', '= "pe\n'), before]) {
      const r = reparseInPlace(cur.result, cur.text, next);
      // (the quote typed needs the parentheses; the other edits may take a run of bindings)
      assert.ok(r && (next !== after || r.replacedParen), `not re-parsed locally: ${JSON.stringify(next.slice(at - 4, at + 6))}`);
      const want = parse(next);
      assert.equal(debugTree(r.parse.tree), debugTree(want.tree));
      assert.deepEqual(r.parse.errors, want.errors);
      cur = { text: next, result: r.parse };
    }
  });

  it("is re-parsed with its parenthesised module alone while a `{` typed before it is still open", () => {
    // Vim, Emacs, Helix: `settings = { host = "` typed, nothing closed; the module's later
    // bindings go into the new set, and the quotes after it pair up the other way into a `$`
    const fixture = '{\n  imports = [\n    ({ ... }: {\n      a = 1;\n      settings = { host = $0\n      b = "x";\n      c = "$HOME";\n      # say "hi\n      d = 1;\n    })\n  ];\n}\n';
    const { before, after, at } = typed(fixture);
    let cur = { text: before, result: parse(before) };
    for (const next of [after, after.replace('= "\n', '= "l\n'), after.replace('= "\n', '= "lo\n')]) {
      const r = reparseInPlace(cur.result, cur.text, next);
      assert.ok(r?.replacedParen, `not re-parsed in its parentheses: ${JSON.stringify(next.slice(at - 4, at + 6))}`);
      const want = parse(next);
      assert.equal(debugTree(r.parse.tree), debugTree(want.tree));
      assert.deepEqual(r.parse.errors, want.errors);
      assert.ok(want.errors.some((e) => e.code === "unterminated-string" && e.start === at));
      cur = { text: next, result: r.parse };
    }
  });

  it("is never cut in a file Nix accepts, nor where the cut would not lessen the lexer errors", async () => {
    // a string over lines with `=` on its second line, valid: no lexer error, no cut
    const valid = '{\n  a = "x\n  b = 1;";\n  c = "$HOME";\n}\n';
    assert.equal((await nixParse(valid)).ok, true);
    assert.deepEqual(parse(valid).errors, []);
    // the same with a stray `$` after it: cutting the string would leave one open at the end
    const stray = '{\n  a = "x\n  b = 1;";\n  c = $;\n}\n';
    assert.equal((await nixParse(stray)).ok, false);
    const errs = parse(stray).errors;
    assert.deepEqual(errs.filter((e) => e.code === "unterminated-string"), []);
    assert.ok(errs.some((e) => e.message.startsWith("unexpected character '$'")));
  });

  it("agrees with a full parse over random edits around a quote typed open in a file of modules", () => {
    // the flipped pairing gives lexer errors in these modules; the edits move the quote's line
    // end, add errors in the run and out of it, close and reopen strings, so that the kept
    // answers (the tail's first error, the strings known from the whole parse) are tried
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    const text = `{ config, pkgs, ... }:\n{\n  imports = [\n${files.slice(0, 6).map(inParentheses).join("")}  ];\n}\n`;
    const anchors = [...text.matchAll(/^ {6}[a-zA-Z][\w.]* = [^\n]*;$/gm)].map((m) => m.index + m[0].length);
    const typed: Typed = { steps: 0, incremental: 0 };
    fc.assert(
      fc.property(
        fc.nat(anchors.length - 1),
        fc.array(fc.record({ ins: fc.constantFrom("a", '"', "$", "\n", ";", " = ", "/", "''", "#", "${", "}", ""), where: fc.integer({ min: -40, max: 40 }), del: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 10 }),
        (anchor, edits) => {
          const at = anchors[anchor]!;
          const start = text.slice(0, at) + "\n      networking.hostName = " + text.slice(at);
          const quote = at + "\n      networking.hostName = ".length;
          typeAfterQuote(start, quote, edits, typed);
        },
      ),
      { numRuns: runs(20) },
    );
    assert.ok(typed.incremental > typed.steps / 3, `only ${typed.incremental} of ${typed.steps} edits were incremental`);
  });
});

// The recovery for a `"` typed with nothing after it (lexer/lex.ts): when the quotes after it
// pair up the other way round into lexer errors, the string is cut at the end of its line. Each
// case marks with $0 where the quote is typed; real Nix says whether it accepts the text, and an
// incremental re-parse from the text without the quote must give the full parse.
import assert from "node:assert/strict";
import { debugTree, parse, reparseInPlace } from "../../server/src/syntax/index.js";
import { lexPass } from "../../server/src/syntax/lexer/pass.js";
import { nixParse, requireNix } from "./nixOracle.js";

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
});

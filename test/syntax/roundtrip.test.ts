// Property tests: for any text (random strings, random bytes, Nix-token soup,
// corpus files cut and spliced), parse never throws and the tree prints back
// to the exact input. Plus the limits: absurd nesting, a 50 MB file, strings
// open at the end of the file. Set FC_RUNS to run the properties longer.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { runs } from "../support/fuzz.js";
import { MAX_DEPTH, parse, printTree } from "../../server/src/syntax/index.js";
import { corpusFiles } from "./support.js";
import { checkTree } from "./treeCheck.js";

const RUNS = runs(400);
// Pieces of Nix that switch lexer modes or open and close constructs.
const FRAGMENTS = [
  "{", "}", "(", ")", "[", "]", "${", "\"", "''", "'''", "''$", "''\\", "\\", "$", "$${", "'",
  ";", ":", ",", ".", "...", "=", "==", "?", "@", "//", "/*", "*/", "#", "\n", "\r\n", " ", "\t",
  "let", "in", "rec", "inherit", "or", "if", "then", "else", "with", "assert",
  "a", "b-c", "x'", "1", "0.5", ".5", "1e3", "./a", "../b/c", "~/d", "/e", "a/b", "./a/", "<nixpkgs>", "http://x.y/z",
  "+", "-", "*", "/", "++", "<", "<=", ">", "->", "!", "&&", "||", "!=", "ü", "😀", "\uD800", "`",
];

// What the mutations insert: mostly things that open something.
const INSERTS = ["{", "\"", "''", "${", "}", "(", ")", "[", "]", ";", "=", "/*", "#", "\n", "let ", " in ", "\\", "./", "rec "];

const nixSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(""));

interface Mutation {
  at: number;
  del: number;
  ins: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  del: fc.oneof(fc.constant(0), fc.nat(40)),
  ins: fc.oneof(fc.constantFrom(...INSERTS), fc.constant("")),
});

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    t = t.slice(0, at) + m.ins + t.slice(at + m.del);
  }
  return t;
}

describe("parse round-trips any input", function () {
  this.timeout(120_000);
  const corpus = corpusFiles().map((f) => readFileSync(f, "utf8"));

  it("has a corpus to mutate", () => assert.ok(corpus.length >= 10));

  it("random strings (any code point)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => void checkTree(s)), { numRuns: RUNS });
  });

  it("random UTF-16 code units, lone surrogates included", () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit, maxLength: 200 }), (s) => void checkTree(s)), { numRuns: RUNS });
  });

  it("random bytes read as text (UTF-8 with replacements, and Latin-1)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkTree(new TextDecoder().decode(bytes));
        checkTree(Buffer.from(bytes).toString("latin1"));
      }),
      { numRuns: RUNS },
    );
  });

  it("Nix token soup", () => {
    fc.assert(fc.property(nixSoup, (s) => void checkTree(s)), { numRuns: RUNS * 3 });
  });

  it("corpus files with deletions and insertions of { \" '' ${ and friends", () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
        checkTree(mutate(corpus[i]!, ms));
      }),
      { numRuns: RUNS },
    );
  });

  it("every prefix of a corpus file (typing from the top)", () => {
    const text = corpus.find((t) => t.includes("mkOption")) ?? corpus[0]!;
    for (let n = 0; n <= text.length; n += 7) checkTree(text.slice(0, n));
  });
});

describe("limits", function () {
  this.timeout(180_000);

  for (const [open, close] of [
    ["(", ")"],
    ["[", "]"],
    ["{", "}"],
    ["{ a = ", "; }"],
    ["let a = 1; in ", ""],
    ["\"${", "}\""],
    ["-", ""],
    ["!", ""],
    ["x: ", ""],
    ["if a then ", " else b"],
    ["a.b or ", ""],
    ["a -> ", ""],
    ["[ (", ") ]"],
  ] as const) {
    it(`100 000 nested ${JSON.stringify(open)}: an error, not a crash`, () => {
      const n = 100_000;
      const text = open.repeat(n) + "x" + close.repeat(n);
      const r = checkTree(text);
      const e = r.errors.find((x) => x.code === "nested-too-deeply");
      assert.ok(e, `no nested-too-deeply error; got ${JSON.stringify(r.errors.slice(0, 3))}`);
      assert.match(e.message, /nested too deeply/);
      // one error for the whole runaway construct, not one per level
      assert.ok(r.errors.length <= 3, `${r.errors.length} errors`);
    });
  }

  it(`deep but reasonable nesting parses cleanly`, () => {
    // MAX_DEPTH counts parser recursion (a few units per bracket), keeping the JS stack safe
    assert.ok(MAX_DEPTH >= 256);
    for (const [open, close, n] of [
      ["(", ")", 150],
      ["[ ", " ]", 150],
      ["{ a = ", "; }", 100],
      ["x: ", "", 400],
      ["[ { a = ", "; } ]", 50],
    ] as const) {
      const text = open.repeat(n) + "1" + close.repeat(n);
      assert.deepEqual(checkTree(text).errors, [], `${n} x ${open}`);
    }
  });

  it("a 50 MB file parses", () => {
    const body = corpusFiles()
      .map((f) => `(${readFileSync(f, "utf8")})\n`)
      .join("");
    const copies = Math.ceil(50e6 / body.length);
    const text = `[\n${body.repeat(copies)}]\n`;
    assert.ok(text.length >= 50e6);
    const { tree, errors } = parse(text);
    assert.deepEqual(errors, []);
    assert.equal(tree.end, text.length);
    // lossless without building one 50 MB string: compare the top-level pieces
    let at = 0;
    for (const c of tree.children) {
      assert.equal(c.start, at);
      at = c.end;
    }
    assert.equal(at, text.length);
  });

  for (const text of ['"abc', "''abc", '"a ${', "''a ${x", '"a\\', "''a ''$", "'''", '"${"${"', "x: \"", "{ a = ''"]) {
    it(`string open at the end of the file: ${JSON.stringify(text)}`, () => {
      const r = checkTree(text);
      assert.ok(r.errors.some((e) => e.code === "unterminated-string"), JSON.stringify(r.errors));
      assert.equal(printTree(r.tree), text);
    });
  }
});

describe("nodes kept as numbers until read", () => {
  // A one-name attribute path once had its end searched for like an indented string's closing
  // `''`: a wrong range when one came later, an endless loop when none did.
  for (const text of ["{ a = 1; b = ''x''; }", "let a = \"s\"; b = ''t''; in a", "{ a = { b = 1; }; }", "{ a = 1; }"]) {
    it(`${JSON.stringify(text)}: ranges nest and touch once every node is made`, () => {
      assert.deepEqual(checkTree(text).errors, []);
    });
  }
});

// Editing a document version by version (as the server does: each version's
// tree is updated in place from the previous one, and its analysis carried
// over when the tree kept its shape) must give exactly what analysing each
// text from scratch gives: the same diagnostics, fixes included, and the same
// name resolution.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { runs } from "../support/fuzz.js";
import { DocumentState, diagnosticsOf } from "../../server/src/ide/analysisHost.js";
import type { Analysis } from "../../server/src/analysis/index.js";
import { corpusFiles, inParentheses } from "../syntax/support.js";

const RUNS = runs(60);

/** What an analysis says, as plain data: every definition and reference with its range and target. */
function summary(a: Analysis | undefined): unknown {
  if (!a) return undefined;
  return {
    definitions: a.definitions.map((d) => [d.name, d.kind, d.range.start, d.range.end, d.references.length]),
    references: a.references.map((r) => [
      r.name,
      r.range.start,
      r.range.end,
      r.resolution.kind,
      r.resolution.kind === "local" ? r.resolution.definition.range.start : undefined,
    ]),
    withs: a.withs.map((w) => [w.node.start, w.node.end, w.references.length]),
  };
}

function assertLikeFresh(state: DocumentState): void {
  const fresh = new DocumentState("test", state.version, state.text, false);
  assert.deepEqual(diagnosticsOf(state), diagnosticsOf(fresh));
  assert.deepEqual(summary(state.analysis), summary(fresh.analysis));
}

/** Offsets inside literals, comments and variables, where an edit keeps the tree's shape. */
function freeTextSpots(text: string): number[] {
  const out: number[] = [];
  // (regex, offset in the match: negative counts from its end)
  const spots: [RegExp, number][] = [
    [/"[a-z -]+"/g, 1],
    [/# [^\n]+/g, 1],
    [/\b[0-9]+\b/g, 1],
    [/= [a-z][A-Za-z0-9]*;/g, 3],
    // just before the `;` of a simple value: a typed " z" makes an application, a new reference
    [/= [^;{}\n"]+;/g, -1],
  ];
  for (const [re, skip] of spots) {
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(skip >= 0 ? m.index + skip : m.index + m[0].length + skip);
  }
  return out.sort((a, b) => a - b);
}

/** Offsets just after the `= ` of a binding: a value put there opens scopes before the old value. */
function valueStarts(text: string): number[] {
  const out: number[] = [];
  const re = /[A-Za-z0-9_"] = /g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[0].length);
  return out;
}

describe("analysis across incremental edits", () => {
  it("carries the analysis over a literal edit, moving every range after it", () => {
    const text = 'let\n  name = "web";\n  port = 80;\nin\n{ services.x = { inherit name port; }; unused = y; }\n';
    let state = new DocumentState("test", 1, text, false);
    const first = state.analysis!;
    assert.ok(diagnosticsOf(state).some((d) => d.code === "undefined-variable"));
    const at = text.indexOf("web") + 1;
    const next = text.slice(0, at) + "server" + text.slice(at);
    state = new DocumentState("test", 2, next, false, state.basis);
    const second = state.analysis!;
    assert.equal(second, first, "the same analysis object, rebased");
    assertLikeFresh(state);
    // a variable renamed where it is used: the reference alone is resolved again
    const renamed = next.replace("= y;", "= name;");
    state = new DocumentState("test", 3, renamed, false, state.basis);
    assert.equal(state.analysis, first);
    assert.ok(!diagnosticsOf(state).some((d) => d.code === "undefined-variable"));
    assertLikeFresh(state);
    // and back to an undefined one
    state = new DocumentState("test", 4, next, false, state.basis);
    assert.equal(state.analysis, first);
    assertLikeFresh(state);
  });

  it("redoes only the edited value when the tree changed shape inside it, scopes and all", () => {
    const text = 'with pkgs;\nlet\n  port = 80;\n  tools = [ git ];\nin\n{ a = [ "x" ]; b = port; c = map toString [ 1 ]; }\n';
    let state = new DocumentState("test", 1, text, false);
    const first = state.analysis!;
    // each step edits the text of the one before
    const steps: [string, string][] = [
      ['[ "x" ]', '[ "x" port ]'], // a new reference to a let binding
      ['[ "x" port ]', '[ "x" port (f 1) ]'], // a with-scoped one
      ["[ git ]", "[ git vim ]"], // inside a let binding's value
      ["b = port;", "b = port + 1;"],
      ["b = port + 1;", 'b = "${toString port}";'],
      ['[ "x" port (f 1) ]', '[ "x" ]'],
    ];
    let cur = text;
    for (const [i, [from, to]] of steps.entries()) {
      assert.ok(cur.includes(from));
      cur = cur.replace(from, to);
      state = new DocumentState("test", i + 2, cur, false, state.basis);
      assert.equal(state.analysis, first, `carried over at step ${i}`);
      assertLikeFresh(state);
    }
    // values that open scopes and define names: what the old one defined goes, the new one's comes in its place
    const scopedSteps: [string, string][] = [
      ['b = "${toString port}";', "b = x: port;"], // a lambda (its argument unused)
      ["b = x: port;", "b = { x ? port, ... }@args: x;"], // a pattern, a default, an `@` name
      ["b = { x ? port, ... }@args: x;", "b = let y = port; z = 1; in y;"], // a let, one binding unused
      ["b = let y = port; z = 1; in y;", "b = with lib; [ y ];"], // a with, its name only known at run time
      ["b = with lib; [ y ];", "b = with lib; let q = 2; in [ q (x: x) ];"],
      ["tools = [ git vim ];", "tools = p: with p; [ git vim port ];"], // in a let binding's value
      ["b = with lib; let q = 2; in [ q (x: x) ];", "b = 1;"],
    ];
    for (const [i, [from, to]] of scopedSteps.entries()) {
      assert.ok(cur.includes(from), from);
      cur = cur.replace(from, to);
      state = new DocumentState("test", 20 + i, cur, false, state.basis);
      assert.equal(state.analysis, first, `carried over at scoped step ${i}`);
      assertLikeFresh(state);
    }
    // a value that is a `rec` set can take in its neighbours' attributes: their whole list is redone
    const recValued = cur.replace("b = 1;", "b = rec { y = 1; z = y; };");
    state = new DocumentState("test", 99, recValued, false, state.basis);
    assert.equal(state.analysis, first);
    assertLikeFresh(state);
    const merged = recValued.replace("b = rec { y = 1; z = y; };", "b = rec { y = 1; z = y; }; b.w = y;");
    state = new DocumentState("test", 100, merged, false, state.basis);
    assert.equal(state.analysis, first);
    assertLikeFresh(state);
    const y = state.analysis!.references.find((r) => r.range.start === merged.indexOf("b.w = y") + 6);
    assert.equal(y?.resolution.kind === "local" && y.resolution.definition.range.start, merged.indexOf("y = 1"), "b.w's y is the rec set's");
    assertLikeFresh(state);
  });

  it("carries the analysis over while a new binding is typed into a set, broken syntax and all", () => {
    const text = "{ config, pkgs, lib, ... }:\nwith lib;\nlet\n  port = 80;\nin\n{\n  networking.hostName = \"box\";\n  users.users.alice = { isNormalUser = true; };\n}\n";
    const at = text.indexOf("  users");
    const typed = "  services.nginx = { enable = true; listen = port; };\n  environment.systemPackages = [ pkgs.firefox mkForce ];\n  inherit port;\n";
    let state = new DocumentState("test", 1, text, false);
    let carried = 0;
    for (let k = 1; k <= typed.length; k++) {
      const before = state.analysis!;
      state = new DocumentState("test", k + 1, text.slice(0, at) + typed.slice(0, k) + text.slice(at), false, state.basis);
      if (state.analysis === before) carried++;
      assertLikeFresh(state);
    }
    // (the set's bindings define no variables, so only the edited run is resolved again; while
    // the `{` is open the whole file is parsed: a brace decides over the whole text)
    assert.ok(carried > typed.length * 0.65, `only ${carried} of ${typed.length} analyses were carried over`);
    assert.ok(diagnosticsOf(state).every((d) => d.code !== "undefined-variable"));
  });

  it("settles again the let bindings an edit can make dead or alive, chains included", () => {
    const text = "let\n  a = 1;\n  b = a;\n  c = b;\n  d = 2;\n  e = d;\nin\n{ x = c; y = e; z = 3; }\n";
    let state = new DocumentState("test", 1, text, false);
    const first = state.analysis!;
    const unused = () => diagnosticsOf(state).filter((d) => d.code === "unused-let").map((d) => state.text.slice(d.start, d.end));
    assert.deepEqual(unused(), []);
    // each step edits the text of the one before; what is dead after it
    const steps: [string, string, string[]][] = [
      ["x = c;", "x = 4;", ["a", "b", "c"]], // the body stops using c: b and a with it
      ["c = b;", "c = 5;", ["a", "b", "c"]], // inside a dead binding: still all dead
      ["x = 4;", "x = c;", ["a", "b"]], // c alive again, but it no longer uses b
      ["c = 5;", "c = b;", []],
      ["e = d;", "e = 6;", ["d"]],
      ["z = 3;", "z = d;", []],
    ];
    let cur = text;
    for (const [i, [from, to, dead]] of steps.entries()) {
      assert.ok(cur.includes(from));
      cur = cur.replace(from, to);
      state = new DocumentState("test", i + 2, cur, false, state.basis);
      assert.equal(state.analysis, first, `carried over at step ${i}`);
      assert.deepEqual(unused(), dead, `step ${i}`);
      assertLikeFresh(state);
    }
  });

  it("resolves again only the scope of a lambda whose parameter is renamed", () => {
    const text = "{\n  f = x: x + 1;\n  g = 2;\n}\n";
    let state = new DocumentState("test", 1, text, false);
    const first = state.analysis!;
    const next = text.replace("x: x", "y: x");
    state = new DocumentState("test", 2, next, false, state.basis);
    assert.equal(state.analysis, first, "carried over");
    assert.ok(diagnosticsOf(state).some((d) => d.code === "undefined-variable"));
    assertLikeFresh(state);
    state = new DocumentState("test", 3, text, false, state.basis);
    assert.ok(!diagnosticsOf(state).some((d) => d.code === "undefined-variable"));
    assertLikeFresh(state);
  });

  it("resolves again only the scope whose defining name is renamed: inherit, let, formals, rec", () => {
    // each name gets a character typed after it, then taken back, then is renamed to a name
    // it then shadows or is shadowed by; `outer` (a let around it all) stays as it was
    const text = [
      "{ config, lib, pkgs, ... }:",
      "let",
      "  outer = 1;",
      "in",
      "{",
      "  a = let",
      "    inherit (lib) types mkIf;",
      "    cfg = config.services.web;",
      "    port = cfg.port or outer;",
      "  in mkIf cfg.enable { type = types.str; p = port; };",
      "  b = rec { x = 1; y = x + outer; inherit (pkgs) hello; z = hello; };",
      "  c = { u ? 1, v }@w: u + v + w.k + outer;",
      "  d = q: with lib; q + mkIf + outer;",
      "  e = let { one = 1; body = one + outer; };",
      "  f = rec { inherit outer; g = outer; };",
      "}",
      "",
    ].join("\n");
    const names: [string, string][] = [
      ["inherit (lib) types", "mkIf"],
      ["cfg =", "port"],
      ["port =", "cfg"],
      ["x = 1", "y"],
      ["inherit (pkgs) hello", "x"],
      ["{ u ", "v"],
      ["v }", "u"],
      ["@w", "outer"],
      ["q:", "lib"],
      ["one =", "body"],
      ["inherit outer", "g"],
      ["{ config", "lib"],
      ["outer =", "lib"],
    ];
    let state = new DocumentState("test", 1, text, false);
    diagnosticsOf(state);
    let version = 1;
    let carried = 0;
    let steps = 0;
    const edit = (next: string) => {
      const before = state.analysis;
      state = new DocumentState("test", ++version, next, false, state.basis);
      steps++;
      if (state.analysis === before) carried++;
      assertLikeFresh(state);
    };
    for (const [spot, other] of names) {
      const at = text.indexOf(spot);
      assert.ok(at >= 0, spot);
      const m = /[A-Za-z_][\w'-]*/.exec(text.slice(at).replace(/^(inherit \([a-z]+\) |inherit |\{ |@)/, (x) => " ".repeat(x.length)))!;
      const start = at + m.index;
      const end = start + m[0].length;
      edit(text.slice(0, end) + "x" + text.slice(end));
      edit(text);
      edit(text.slice(0, start) + other + text.slice(end));
      edit(text);
    }
    // every rename but those of the file's outermost lambda and let (whose scope is the whole file) is carried
    assert.ok(carried >= steps - 8, `only ${carried} of ${steps} renames carried the analysis over`);
  });

  it("agrees with a fresh analysis over random renames of every kind of name on the corpus", () => {
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    const identRe = /[A-Za-z_][\w'-]*/g;
    let carried = 0;
    let asked = 0;
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(fc.record({ where: fc.nat(), how: fc.constantFrom("append", "drop", "other", "back"), pick: fc.nat() }), { minLength: 1, maxLength: 12 }),
        (fi, edits) => {
          const original = files[fi]!;
          let text = original;
          let state = new DocumentState("test", 1, text, false);
          diagnosticsOf(state);
          let version = 1;
          for (const e of edits) {
            const idents = [...text.matchAll(identRe)];
            if (idents.length === 0) return;
            const m = idents[e.where % idents.length]!;
            const start = m.index;
            const end = start + m[0].length;
            if (e.how === "back") text = original;
            else if (e.how === "append") text = text.slice(0, end) + "x" + text.slice(end);
            else if (e.how === "drop") text = text.slice(0, end - 1) + text.slice(end);
            else text = text.slice(0, start) + idents[e.pick % idents.length]![0] + text.slice(end);
            const before = state.analysis;
            state = new DocumentState("test", ++version, text, false, state.basis);
            asked++;
            if (state.analysis === before) carried++;
            assertLikeFresh(state);
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(carried > asked / 3, `only ${carried} of ${asked} analyses were carried over`);
  });

  it("agrees with a fresh analysis over random typing sessions on the corpus", () => {
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    let carried = 0;
    let asked = 0;
    let scopedCarried = 0;
    let scopedAsked = 0;
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(
          fc.record({
            where: fc.nat(),
            free: fc.boolean(),
            // free edits type what keeps the shape (mostly); the others anything, anywhere
            ins: fc.constantFrom("a", "7", " ", "\n", "-", "x y", "\"", "${", "b", "_", "# note"),
            letter: fc.constantFrom("a", "7", " ", "z", " z", " + 1", " ++ [ x ]"),
            // or, when set, put before a binding's value what opens scopes and defines names
            scoped: fc.option(
              fc.constantFrom("x: ", "lib: with lib; ", "let q = 1; u = q; in ", "{ pkgs ? 1, ... }@args: ", "y: let inherit (y) z; in ", "with { a = 1; }; ", "rec { r = 1; s = r; } // "),
              { freq: 3 },
            ),
            del: fc.integer({ min: 0, max: 3 }),
            ask: fc.boolean(),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (fi, edits) => {
          let text = files[fi]!;
          let state = new DocumentState("test", 1, text, false);
          diagnosticsOf(state);
          let version = 1;
          for (const e of edits) {
            const starts = e.scoped !== null ? valueStarts(text) : [];
            const spots = starts.length > 0 ? starts : freeTextSpots(text);
            const inserting = e.free || starts.length > 0;
            const at = inserting && spots.length > 0 ? spots[e.where % spots.length]! : e.where % (text.length + 1);
            const typed = starts.length > 0 ? e.scoped! : e.free ? e.letter : e.ins;
            text = text.slice(0, at) + typed + text.slice(Math.min(text.length, at + (inserting ? 0 : e.del)));
            const before = state.basis === state ? state.analysis : undefined;
            state = new DocumentState("test", ++version, text, false, state.basis);
            // sometimes a version is skipped, as when typing outruns the server
            if (e.ask) {
              if (e.free && starts.length === 0) asked++;
              if (e.free && starts.length === 0 && before && state.analysis === before) carried++;
              if (starts.length > 0) scopedAsked++;
              if (starts.length > 0 && before && state.analysis === before) scopedCarried++;
              assertLikeFresh(state);
            }
          }
          assertLikeFresh(state);
        },
      ),
      { numRuns: RUNS },
    );
    // worth something only if analyses really were carried over (typing in literals, comments and names; a random edit that breaks the syntax stops it until mended)
    assert.ok(carried > asked / 5, `only ${carried} of ${asked} analyses were carried over`);
    // a value opening scopes is redone alone (but for the `rec` sets, and after an edit that broke the syntax)
    assert.ok(scopedCarried > scopedAsked / 4, `only ${scopedCarried} of ${scopedAsked} analyses were carried over a scoped value`);
  });

  it("agrees with a fresh analysis while modules in parentheses are edited alone, broken braces and all", () => {
    // (the shape of bench/lsp.ts's file: modules inlined into one `imports`, each re-parsed alone)
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    let redone = 0;
    let asked = 0;
    fc.assert(
      fc.property(
        fc.array(fc.nat(files.length - 1), { minLength: 2, maxLength: 3 }),
        fc.array(
          fc.record({
            where: fc.nat(),
            ins: fc.constantFrom("{", "\n      x = {", "}", "(", ")", "let q = 1; in ", "x: ", "with pkgs; ", "rec {", "y", " z", "\"", ";", "a = b;"),
            del: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (picked, edits) => {
          let text = `{ config, pkgs, ... }:\n{\n  imports = [\n${picked.map((i) => inParentheses(files[i]!)).join("")}  ];\n}\n`;
          let state = new DocumentState("test", 1, text, false);
          diagnosticsOf(state);
          let version = 1;
          for (const e of edits) {
            const at = e.where % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
            const before = state.basis === state ? state.analysis : undefined;
            state = new DocumentState("test", ++version, text, false, state.basis);
            asked++;
            if (before && state.analysis === before) redone++;
            assertLikeFresh(state);
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(redone > asked / 5, `only ${redone} of ${asked} analyses were carried over`);
  });
  it("carries the analysis over a string typed with nothing auto-closed, no keystroke parsed whole, as a fresh analysis gives", () => {
    // (a `"` typed with nothing auto-closed would pair the file's later quotes the other way into
    // lexer errors: it is cut at the end of its line, syntax/lexer/lex.ts, and each keystroke
    // re-parses its run of bindings)
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    const text = `{ config, pkgs, ... }:\n{\n  imports = [\n${files.slice(0, 4).map(inParentheses).join("")}  ];\n}\n`;
    const anchors = [...text.matchAll(/^ {6}[a-zA-Z][\w.]* = [^\n]*;$/gm)].map((m) => m.index + m[0].length);
    const at = anchors[Math.floor(anchors.length * 0.3)]!;
    const typed = '\n      networking.hostName = "perf-h";';
    let state = new DocumentState("test", 1, text, false);
    diagnosticsOf(state);
    let version = 1;
    let carried = 0;
    // a tree never seen before is a whole parse: none (the opening quote's was one before the cut)
    const trees = new Set<unknown>([state.parse.tree]);
    let whole = 0;
    const edit = (next: string) => {
      const before = state.basis === state ? state.analysis : undefined;
      state = new DocumentState("test", ++version, next, false, state.basis);
      if (before && state.analysis === before && state.parse.errors.length > 0) carried++;
      if (!trees.has(state.parse.tree)) whole++;
      trees.add(state.parse.tree);
      assertLikeFresh(state);
    };
    for (let k = 1; k <= typed.length; k++) edit(text.slice(0, at) + typed.slice(0, k) + text.slice(at));
    for (let k = typed.length - 1; k >= 0; k--) edit(text.slice(0, at) + typed.slice(0, k) + text.slice(at));
    // "perf-h" typed and backspaced with the quote open
    assert.ok(carried >= 10, `only ${carried} analyses were carried over while the quote was open`);
    assert.equal(whole, 0, "whole parses");
  });
  it("agrees with a fresh analysis over random sessions of quotes typed and taken back, trees kept and taken back", () => {
    // each edit is undone now and then, so that a tree kept from before a whole parse is taken back
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(fc.record({ where: fc.nat(), ins: fc.constantFrom('"', '"', "a", "b c", ";", '"x";', "{", "\n"), undo: fc.boolean() }), { minLength: 2, maxLength: 10 }),
        (fileIndex, edits) => {
          let text = `{ ... }:\n{\n  imports = [\n${inParentheses(files[fileIndex]!)}${inParentheses(files[(fileIndex + 1) % files.length]!)}  ];\n}\n`;
          let state = new DocumentState("test", 1, text, false);
          diagnosticsOf(state);
          let version = 1;
          for (const e of edits) {
            const at = e.where % (text.length + 1);
            const before = text;
            text = text.slice(0, at) + e.ins + text.slice(at);
            state = new DocumentState("test", ++version, text, false, state.basis);
            assertLikeFresh(state);
            if (e.undo) {
              text = before;
              state = new DocumentState("test", ++version, text, false, state.basis);
              assertLikeFresh(state);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// Editing a document version by version (as the server does: each version's
// tree is updated in place from the previous one, and its analysis carried
// over when the tree kept its shape) must give exactly what analysing each
// text from scratch gives: the same diagnostics, fixes included, and the same
// name resolution.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { DocumentState, diagnosticsOf } from "../../server/src/lsp/documents.js";
import type { Analysis } from "../../server/src/analysis/index.js";
import { corpusFiles } from "../syntax/support.js";

const RUNS = Number(process.env.FC_RUNS ?? 60);

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

/** Offsets inside literals and comments, where an edit keeps the tree's shape. */
function freeTextSpots(text: string): number[] {
  const out: number[] = [];
  for (const re of [/"[a-z -]+"/g, /# [^\n]+/g, /\b[0-9]+\b/g]) {
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + 1);
  }
  return out.sort((a, b) => a - b);
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
    // a change of name is not a literal edit: analysed afresh
    const renamed = next.replace("= y;", "= yy;");
    state = new DocumentState("test", 3, renamed, false, state.basis);
    assert.notEqual(state.analysis, first);
    assertLikeFresh(state);
  });

  it("agrees with a fresh analysis over random typing sessions on the corpus", () => {
    const files = corpusFiles().map((f) => readFileSync(f, "utf8"));
    let carried = 0;
    let asked = 0;
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(
          fc.record({
            where: fc.nat(),
            free: fc.boolean(),
            ins: fc.constantFrom("a", "7", " ", "\n", "-", "x y", "\"", "${", "b", "_", "# note"),
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
            const spots = freeTextSpots(text);
            const at = e.free && spots.length > 0 ? spots[e.where % spots.length]! : e.where % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
            const before = state.basis === state ? state.analysis : undefined;
            state = new DocumentState("test", ++version, text, false, state.basis);
            // sometimes a version is skipped, as when typing outruns the server
            if (e.ask) {
              asked++;
              if (before && state.analysis === before) carried++;
              assertLikeFresh(state);
            }
          }
          assertLikeFresh(state);
        },
      ),
      { numRuns: RUNS },
    );
    // worth something only if analyses really were carried over
    assert.ok(carried > asked / 10, `only ${carried} of ${asked} analyses were carried over`);
  });
});

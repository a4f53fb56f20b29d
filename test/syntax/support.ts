// Shared by the syntax tests: where the corpus and fixtures are.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { debugTree, parse, reparse, type ParseResult } from "../../server/src/syntax/index.js";

export const FIXTURES = join(import.meta.dirname, "..", "..", "test-fixtures");
export const CORPUS = join(FIXTURES, "corpus");

/** The `.nix` files under `dir`, recursively, in a stable order. */
export function nixFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...nixFilesUnder(p));
    else if (e.name.endsWith(".nix")) out.push(p);
  }
  return out;
}

export function corpusFiles(): string[] {
  return nixFilesUnder(CORPUS);
}

/**
 * Whether our first error sits where Nix's does (docs/parser.md, "Agreement with
 * Nix"): on Nix's line, or anywhere when Nix names no position (`line` 0). Two
 * kinds are more precise than Nix, and must be so in the direction that says
 * so: an unterminated string is reported at its opening quote, on or before the
 * line where Nix, having run past it, fails; a dynamic name in a `let` at the
 * name, on or after the line of the `let` keyword Nix points at.
 */
export function sameErrorPlace(ours: { line: number; code: string | undefined }, nixLine: number): boolean {
  if (nixLine === 0 || ours.line === nixLine) return true;
  if (ours.line <= 0) return false;
  if (ours.code === "unterminated-string") return ours.line < nixLine;
  if (ours.code === "dynamic-attr-in-let") return ours.line > nixLine;
  return false;
}

/** A module inlined into an `imports` list, in parentheses, as bench/lsp.ts's big file holds them. */
export function inParentheses(module: string): string {
  return `    (\n${module.trimEnd().split("\n").map((l) => (l === "" ? l : `    ${l}`)).join("\n")}\n    )\n`;
}

/** Incremental parses seen while typing: how many edits, and how many re-parsed incrementally. */
export interface Typed {
  steps: number;
  incremental: number;
}

/**
 * A `"` typed at `quote` in `start`, then `edits` made after it, each re-parsed incrementally
 * from the text before and checked against a full parse (tree and errors); counts into `typed`.
 */
export function typeAfterQuote(start: string, quote: number, edits: ReadonlyArray<{ where: number; ins: string; del: number }>, typed: Typed): void {
  let cur: { text: string; result: ParseResult } = { text: start, result: parse(start) };
  const step = (next: string) => {
    const r = reparse(cur.result, cur.text, next);
    typed.steps++;
    if (r) typed.incremental++;
    const result = r ?? parse(next);
    const want = parse(next);
    assert.equal(debugTree(result.tree), debugTree(want.tree));
    assert.deepEqual(result.errors, want.errors);
    cur = { text: next, result };
  };
  step(start.slice(0, quote) + '"' + start.slice(quote));
  for (const e of edits) {
    const p = Math.max(0, Math.min(cur.text.length, quote + 1 + e.where));
    step(cur.text.slice(0, p) + e.ins + cur.text.slice(Math.min(cur.text.length, p + e.del)));
  }
}

// Shared by the syntax tests: where the corpus and fixtures are.
import { readdirSync } from "node:fs";
import { join } from "node:path";

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

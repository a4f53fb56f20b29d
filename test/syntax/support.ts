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

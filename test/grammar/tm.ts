/**
 * Tokenizes Nix with the engine VS Code itself uses (vscode-textmate on
 * vscode-oniguruma's WASM) and checks scope expectations given as data.
 *
 * Fixture convention (test-fixtures/grammar/*.nix), modelled on VS Code's
 * grammar tests. An assertion line is a `#` comment whose first non-blank
 * character after `#` is `^` or `<`:
 *
 *     if x then y else z
 *   # ^^ keyword.control.nix
 *   #      ^ - keyword.control.nix
 *     a
 *   #<- variable.other.nix
 *
 * - `^^^` marks the columns it sits under, in the closest source line above.
 * - `<-` / `<---` marks columns 0.. (one per `-`), for text in column 0.
 * - Each listed scope must be present on every marked column; a scope after
 *   `-` must be absent. A scope matches a token scope equal to it or any more
 *   specific one (`constant.numeric` matches `constant.numeric.float.nix`),
 *   as theme selectors do.
 * Assertion lines are removed before tokenizing, so they can sit inside
 * strings and comments without changing what is tested.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Textmate from 'vscode-textmate';
import type * as Oniguruma from 'vscode-oniguruma';

// Both packages are CommonJS webpack bundles whose ESM default/named interop
// differs between loaders, so load them with require and type them statically.
const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate') as typeof Textmate;
const oniguruma = require('vscode-oniguruma') as typeof Oniguruma;

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const grammarPath = `${repoRoot}syntaxes/nix.tmLanguage.json`;

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

let grammarPromise: Promise<Textmate.IGrammar> | undefined;

/** Loads the grammar once per process (loadWASM may only run once). */
export function loadGrammar(): Promise<Textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(`${repoRoot}node_modules/vscode-oniguruma/release/onig.wasm`);
    const onigLib = oniguruma.loadWASM(wasm).then(() => ({
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (s: string) => oniguruma.createOnigString(s),
    }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) =>
        scopeName === 'source.nix'
          ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
          : null,
    });
    const grammar = await registry.loadGrammar('source.nix');
    if (!grammar) throw new Error('source.nix grammar did not load');
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes `source` line by line, carrying the rule stack across lines. */
export async function tokenize(source: string): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  return source.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, Math.min(t.endIndex, line.length)),
      start: t.startIndex,
      end: t.endIndex,
      scopes: t.scopes,
    }));
  });
}

/** Theme-selector style match: `a.b` matches `a.b` and `a.b.c`, not `a.bc`. */
export function scopeMatches(expected: string, actual: string): boolean {
  return actual === expected || actual.startsWith(`${expected}.`);
}

export function hasScope(tok: Token, expected: string): boolean {
  return tok.scopes.some((s) => scopeMatches(expected, s));
}

export function tokenAt(line: Token[], column: number): Token | undefined {
  return line.find((t) => t.start <= column && column < t.end);
}

export interface Expectation {
  line: number; // 0-based line in the stripped source
  from: number; // first column
  to: number; // last column + 1
  present: string[];
  absent: string[];
  fixtureLine: number; // 1-based line of the assertion in the fixture file
}

const ASSERTION = /^(\s*)#(\s*)(\^+|<-*)(.*)$/;

/** Splits a fixture into source (assertion lines removed) and expectations. */
export function parseFixture(text: string): { source: string; expectations: Expectation[] } {
  const sourceLines: string[] = [];
  const expectations: Expectation[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = ASSERTION.exec(raw);
    if (!m) {
      sourceLines.push(raw);
      return;
    }
    if (sourceLines.length === 0) throw new Error(`line ${i + 1}: assertion before any source line`);
    const [, lead, gap, marker, rest] = m as unknown as [string, string, string, string, string];
    const from = marker.startsWith('<') ? 0 : lead.length + 1 + gap.length;
    const to = marker.startsWith('<') ? Math.max(1, marker.length - 1) : from + marker.length;
    const [presentPart, absentPart = ''] = rest.split(/\s-\s/);
    const words = (s: string | undefined) => (s ?? '').trim().split(/\s+/).filter(Boolean);
    const present = words(presentPart);
    const absent = words(absentPart);
    if (present.length + absent.length === 0) throw new Error(`line ${i + 1}: assertion without scopes`);
    expectations.push({ line: sourceLines.length - 1, from, to, present, absent, fixtureLine: i + 1 });
  });
  return { source: sourceLines.join('\n'), expectations };
}

/** Returns a readable message for every failed expectation (empty = all pass). */
export function checkExpectations(tokens: Token[][], expectations: Expectation[], sourceLines: string[]): string[] {
  const failures: string[] = [];
  for (const e of expectations) {
    const line = tokens[e.line] ?? [];
    for (let col = e.from; col < e.to; col++) {
      const tok = tokenAt(line, col);
      const where = `fixture line ${e.fixtureLine}, column ${col} of ${JSON.stringify(sourceLines[e.line])}`;
      if (!tok) {
        failures.push(`${where}: no token`);
        break;
      }
      const missing = e.present.filter((s) => !hasScope(tok, s));
      const unwanted = e.absent.filter((s) => hasScope(tok, s));
      if (missing.length || unwanted.length) {
        failures.push(
          `${where}: token ${JSON.stringify(tok.text)} has [${tok.scopes.join(', ')}]` +
            (missing.length ? `; missing ${missing.join(', ')}` : '') +
            (unwanted.length ? `; unexpected ${unwanted.join(', ')}` : ''),
        );
        break; // one message per assertion is enough
      }
    }
  }
  return failures;
}

/** Tokens overlapping the `nth` occurrence of `needle` on one line (for table tests). */
export function tokensFor(tokens: Token[][], source: string, needle: string, nth = 0): Token[] {
  const lines = source.split(/\r?\n/);
  let seen = 0;
  for (let l = 0; l < lines.length; l++) {
    let idx = (lines[l] ?? '').indexOf(needle);
    while (idx >= 0) {
      if (seen++ === nth) {
        const end = idx + needle.length;
        return (tokens[l] ?? []).filter((t) => t.start < end && idx < t.end);
      }
      idx = (lines[l] ?? '').indexOf(needle, idx + 1);
    }
  }
  throw new Error(`${JSON.stringify(needle)} #${nth} not found in ${JSON.stringify(source)}`);
}

/** Debug aid: a compact dump of tokens and their innermost scopes. */
export function dump(tokens: Token[][]): string {
  return tokens
    .map((line, i) => `${i}: ` + line.map((t) => `${JSON.stringify(t.text)}=${t.scopes.slice(1).join(' ')}`).join(' | '))
    .join('\n');
}

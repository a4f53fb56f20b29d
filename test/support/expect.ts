// Expectations written inline that update themselves, after rust-analyzer's expect-test: a test
// writes what it expects as expect`...`; when the actual text differs, UPDATE_EXPECT=1 rewrites
// that literal in the test file instead of failing. The tag finds its own literal from the stack.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Expect {
  /** The expected text, with the literal's indentation taken off. */
  readonly text: string;
  /** Passes when `actual` is the expected text; else fails, or rewrites the literal under UPDATE_EXPECT=1. */
  assertEq(actual: string): void;
}

interface Site {
  file: string;
  /** 1-based, as in stack traces. */
  line: number;
  column: number;
}

/**
 * An inline expectation. Starting the literal with a newline gives the multi-line form: that
 * newline, the last line (the closing indentation) and the common indentation are not part of it.
 */
export function expect(strings: TemplateStringsArray, ...values: never[]): Expect {
  if (values.length > 0) throw new Error('expect`...` takes no ${} substitutions');
  const site = callerSite();
  const text = strings.raw[0]!.startsWith('\n') ? trimIndent(strings[0]!) : strings[0]!;
  return {
    text,
    assertEq(actual: string): void {
      if (actual === text) return;
      if (updating()) {
        rewrite(site, actual);
        return;
      }
      assert.equal(actual, text, `expectation at ${site.file}:${site.line} differs (UPDATE_EXPECT=1 rewrites it)`);
    },
  };
}

const updating = (): boolean => {
  const v = process.env.UPDATE_EXPECT;
  return v !== undefined && v !== '' && v !== '0';
};

export function trimIndent(cooked: string): string {
  let s = cooked.startsWith('\n') ? cooked.slice(1) : cooked;
  const last = s.lastIndexOf('\n');
  if (/^[ \t]*$/.test(s.slice(last + 1))) s = last < 0 ? '' : s.slice(0, last);
  const lines = s.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Where expect`...` was written: the first stack frame outside this file. */
function callerSite(): Site {
  const here = fileURLToPath(import.meta.url);
  for (const frame of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (file === here) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  throw new Error('expect`...`: no caller in the stack');
}

// ---- rewriting literals

/** Per file: its text when first rewritten (stack positions refer to it) and the patches since. */
const patched = new Map<string, { original: string; patches: { start: number; end: number; delta: number }[] }>();

function rewrite(site: Site, actual: string): void {
  let state = patched.get(site.file);
  if (!state) {
    state = { original: readFileSync(site.file, 'utf8'), patches: [] };
    patched.set(site.file, state);
  }
  const { original, patches } = state;
  const at = offsetOf(original, site.line, site.column);
  const tag = /expect\s*`/y;
  tag.lastIndex = at;
  if (!tag.test(original)) throw new Error(`expect\`...\` not found at ${site.file}:${site.line}:${site.column}`);
  const open = tag.lastIndex - 1;
  const close = templateEnd(original, open);

  const lineStart = original.lastIndexOf('\n', at) + 1;
  const indent = /^[ \t]*/.exec(original.slice(lineStart))![0];
  const literal = '`' + render(actual, indent) + '`';

  // Where the literal sits now, after the patches made earlier in this run.
  const shift = patches.filter((p) => p.end <= open).reduce((sum, p) => sum + p.delta, 0);
  const current = readFileSync(site.file, 'utf8');
  const start = open + shift;
  const end = close + 1 + shift;
  writeFileSync(site.file, current.slice(0, start) + literal + current.slice(end));
  patches.push({ start: open, end: close + 1, delta: literal.length - (close + 1 - open) });
  console.log(`    UPDATE_EXPECT: rewrote the expectation at ${site.file}:${site.line}`);
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

/** The offset of the backtick closing the template that opens at `open`. */
function templateEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '`') return i;
    else if (c === '$' && text[i + 1] === '{') throw new Error('expect`...` with ${} cannot be rewritten');
  }
  throw new Error('expect`...` is not closed');
}

const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/** The literal's body: inline for one line, else the multi-line form indented under `indent`. */
export function render(actual: string, indent: string): string {
  if (!actual.includes('\n') && !actual.includes('\r')) return escape(actual);
  const lines = actual.split('\n');
  const form = (f: (l: string) => string): string => '\n' + lines.map((l) => (l === '' ? '' : `${indent}  ${f(l)}`)).join('\n') + `\n${indent}`;
  // Text the multi-line form cannot carry (a shared indentation, a carriage return) goes inline, escaped.
  if (!actual.includes('\r') && trimIndent(form((l) => l)) === actual) return form(escape);
  return escape(actual).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

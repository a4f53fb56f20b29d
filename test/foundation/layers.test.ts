// The core (syntax, analysis, knowledge, ide) does no IO and knows nothing of
// VS Code or LSP: it imports only itself, and reaches for no IO through
// globals either. The server, the CLI and tests give it text and take its data.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/src');
const CORE = ['syntax', 'analysis', 'knowledge', 'ide'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** What IO looks like without an import: the globals a core module must not touch. */
const IO_GLOBALS = /\b(process\.|require\(|import\(|fetch\(|XMLHttpRequest|WebSocket|setTimeout\(|setInterval\(|Bun\.|Deno\.)/;

describe('layers', () => {
  const files = CORE.flatMap((d) => sources(path.join(SRC, d)));

  it('finds the core modules', () => {
    assert.ok(files.length > 20, `only ${files.length} files`);
  });

  it('keeps the core free of IO, VS Code and LSP: it imports only core modules', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(f), spec)) : spec;
        const top = target.split(path.sep)[0]!;
        if (!spec.startsWith('.') || !CORE.includes(top)) bad.push(`${path.relative(SRC, f)} imports ${spec}`);
      }
      const io = IO_GLOBALS.exec(text.replace(/\/\/.*$/gm, ''));
      if (io) bad.push(`${path.relative(SRC, f)} uses ${io[1]}`);
    }
    assert.deepEqual(bad, []);
  });
});

// The language server's start against a bare Node and against another build, in one run: each
// round runs `node -e 0`, then each build's server from spawn to its first diagnostics and on to
// the ones with the NixOS checks (bench/lsp.ts firstDiagnostics), the builds' order turning each
// round; the ratios are medians of each round's ratio to that round's bare Node. Each build
// keeps its own code cache. Not part of `npm run bench`; after `npm run build`:
//   node --import tsx bench/serverStart.ts [OTHER/dist/cli.cjs ...]
// (this checkout's dist/cli.cjs first; ROUNDS=21 by default, after 2 untimed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstDiagnostics } from './lsp';
import * as lsp from './lsp';
import { loadNote, runProcess } from './pairs';
import { median } from './stats';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const scripts = [path.resolve(import.meta.dirname, '../dist/cli.cjs'), ...process.argv.slice(2).map((s) => path.resolve(s))];
const caches = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-server-start-'));
const sides = scripts.map(() => ({ first: [] as number[], nixos: [] as number[], cpu: [] as number[], ratio: [] as number[], ratioNixos: [] as number[] }));
const loadBefore = loadNote();
try {
  for (let round = -2; round < ROUNDS; round++) {
    const t = performance.now();
    runProcess(process.execPath, ['-e', '0']);
    const bare = performance.now() - t;
    for (let k = 0; k < scripts.length; k++) {
      const i = (k + Math.max(round, 0)) % scripts.length;
      const ms = await firstDiagnostics({ XDG_CACHE_HOME: path.join(caches, String(i)) }, scripts[i]);
      if (round < 0) continue;
      const side = sides[i]!;
      side.first.push(ms);
      side.nixos.push(lsp.lastWithNixosMs);
      side.cpu.push(lsp.lastServerCpuMs);
      side.ratio.push(ms / bare);
      side.ratioNixos.push(lsp.lastWithNixosMs / bare);
    }
  }
} finally {
  fs.rmSync(caches, { recursive: true, force: true });
}
console.log(`${ROUNDS} rounds after 2 untimed; ${loadBefore} before, ${loadNote()} after. Input: ${lsp.FIRST_INPUT}.\n`);
console.log('| Build | first diagnostics, ms | vs `node -e 0` | with the NixOS checks, ms | vs `node -e 0` | server CPU to first diagnostics, ms |');
console.log('|---|---:|---:|---:|---:|---:|');
scripts.forEach((script, i) => {
  const s = sides[i]!;
  console.log(`| ${script} | ${median(s.first).toFixed(1)} | ${median(s.ratio).toFixed(2)}x | ${median(s.nixos).toFixed(1)} | ${median(s.ratioNixos).toFixed(2)}x | ${median(s.cpu).toFixed(1)} |`);
});

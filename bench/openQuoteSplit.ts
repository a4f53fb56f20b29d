// In process: the one keystroke of "a string value typed with nothing auto-closed" that still
// parses the whole 10 000-line realConfiguration (the opening `"`), at 30 places, split into
// the parse (the failed incremental tries included), the analysis, the collector's pauses
// inside the analysis, the diagnostics, their conversion to LSP and their JSON. Each place gets
// its own AnalysisHost whose previous version was diagnosed, as in the server.
// `node --import tsx bench/openQuoteSplit.ts` (tsx about doubles the analysis, partly with its
// re-export getters: for figures, bundle it with esbuild and run that); CPU=1 for process CPU time.
import { PerformanceObserver } from 'node:perf_hooks';
import { realConfiguration } from './bigConfiguration';
import { AnalysisHost } from '../server/src/ide/analysisHost.js';
import { embeddedIndex } from '../server/src/knowledge/embedded.js';
import { toDiagnostic } from '../server/src/lsp/toProto.js';

const now = process.env.CPU ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const index = embeddedIndex();
const base = realConfiguration();
const ends: number[] = [];
for (const m of base.matchAll(/^ {6}[a-zA-Z][\w.]* = [^\n]*;$/gm)) if (m.index > base.length * 0.1 && m.index < base.length * 0.9) ends.push(m.index + m[0].length);
const pauses: Array<{ start: number; ms: number }> = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) pauses.push({ start: e.startTime, ms: e.duration }); }).observe({ entryTypes: ['gc'] });
const paused = (from: number, to: number) => pauses.filter((g) => g.start >= from && g.start < to).reduce((s, g) => s + g.ms, 0);

const rows = new Map<string, number[]>();
const add = (k: string, v: number) => rows.set(k, [...(rows.get(k) ?? []), v]);
const prefix = '\n      networking.hostName = ';
const places = 30;
for (let i = 0; i < places; i++) {
  const at = ends[Math.floor((ends.length * ((i * 7) % places)) / places)]!;
  const before = base.slice(0, at) + prefix + base.slice(at);
  const after = base.slice(0, at) + prefix + '"' + base.slice(at);
  const host = new AnalysisHost(undefined, () => index);
  const s0 = host.get({ uri: 'file:///bench.nix', version: 1, getText: () => before });
  void s0.diagnostics;
  void s0.lines;
  const s = host.get({ uri: 'file:///bench.nix', version: 2, getText: () => after });
  let t = now();
  void s.parse;
  add('parse (incremental tries, then whole)', now() - t);
  t = now();
  const w = performance.now();
  void s.analysis;
  add('analysis', now() - t);
  const w2 = performance.now();
  t = now();
  const found = s.diagnostics;
  add('diagnostics', now() - t);
  t = now();
  const lsp = found.map((d) => toDiagnostic(s.lines, d, 'file:///bench.nix'));
  add('to LSP (line index included)', now() - t);
  t = now();
  JSON.stringify(lsp);
  add('JSON', now() - t);
  add('diagnostics published (count)', found.length);
  // (the observer reports a turn later)
  await new Promise((r) => setTimeout(r, 5));
  add('of the analysis: collector pauses', paused(w, w2));
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
console.log(`| The opening \`"\` at ${places - 5} places (5 warm-up places dropped) | p50 | p90 | min |`);
console.log('|---|---:|---:|---:|');
for (const [k, v] of rows) {
  const xs = v.slice(5);
  console.log(`| ${k} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 90).toFixed(2)} | ${Math.min(...xs).toFixed(2)} |`);
}

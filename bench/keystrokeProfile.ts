// In process: the keystroke kinds of bench/lsp.ts typed into the 10 000-line realConfiguration
// through AnalysisHost (no LSP, no stdio), with the time of the parse, the analysis and the
// diagnostics apart, and whether the parse was incremental. For profiles:
// `node --cpu-prof --import tsx bench/keystrokeProfile.ts [kind]`.
// Under tsx every read of another module's export goes through a getter: in-process times are
// 2-3x the bundled server's (computeDiagnostics 2.5 ms against 0.8), so compare only runs alike.
// RUNS=N: the same seeded keystrokes typed in N fresh processes, each step's times the least of
// the N (on a shared machine the tails are mostly others' load: a step slow in every run is ours).
import { realConfiguration } from './bigConfiguration';
import { AnalysisHost } from '../server/src/ide/analysisHost.js';
import { embeddedIndex } from '../server/src/knowledge/embedded.js';
import { editorKeys, editorText } from '../test/support/editorKeys';
import { seeded } from '../test/support/seeded';
import { reparseInPlace, lex, SyntaxKind } from '../server/src/syntax/index.js';
import { PerformanceObserver } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { SERVER_NODE_ARGS } from '../server/src/protocol/serverProcess';

if (process.env.RUNS && !process.env.DUMP) {
  // the children run with the server's Node options: the collector's young generation sized as the server's
  const runs: Sample[][] = [];
  let labels: string[] = [];
  for (let r = 0; r < Number(process.env.RUNS); r++) {
    const child = spawnSync(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', process.argv[1]!, ...process.argv.slice(2)], { env: { ...process.env, DUMP: '1' }, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (child.status !== 0) throw new Error(child.stderr);
    const steps = JSON.parse(child.stdout.slice(child.stdout.indexOf('\u0000') + 1)) as Array<Sample & { label: string }>;
    labels = steps.map((x) => x.label);
    runs.push(steps);
  }
  const least = new Map<string, Sample[]>();
  labels.forEach((label, i) => {
    const xs = runs.map((run) => run[i]!);
    const best = xs.reduce((a, b) => (b.total < a.total ? b : a));
    const list = least.get(label) ?? [];
    list.push(best);
    least.set(label, list);
  });
  report(least);
  process.exit(0);
}

const kind = process.argv[2] ?? 'all';
// CPU=1: the process's CPU time (the collector's helper threads included) instead of the wall
// clock, for a machine others load
// ALLOC=1: KB allocated instead of ms (the heap's growth; run with a young generation large enough
// that no collection falls in a keystroke, e.g. node --max-semi-space-size=256 --min-semi-space-size=256)
const now = process.env.ALLOC ? () => getHeapStatistics().used_heap_size / 1024 : process.env.CPU ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const index = embeddedIndex();
const base = realConfiguration();
const host = new AnalysisHost(undefined, () => index);
const uri = 'file:///bench.nix';
let version = 1;
let text = base;
const trees = new WeakSet<object>();
trees.add(host.get({ uri, version, getText: () => text }).parse.tree);
host.get({ uri, version, getText: () => text }).diagnostics;

interface Sample { total: number; parse: number; analysis: number; diags: number; full: boolean; what: string; t0: number; wall: number; gc: number }
// Collector pauses, put on the keystroke they fell in (SLOWEST shows them): a tail is either work or a pause.
const pauses: Array<{ start: number; ms: number }> = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) pauses.push({ start: e.startTime, ms: e.duration }); }).observe({ entryTypes: ['gc'] });
// a whole parse makes a tree never seen before (an incremental one updates one, or takes back one kept)
const out = new Map<string, Sample[]>();
function step(label: string, next: string, what = ''): void {
  text = next;
  const s = host.get({ uri, version: ++version, getText: () => text });
  const t0 = now();
  const w0 = performance.now();
  s.parse;
  const t1 = now();
  const full = !trees.has(s.parse.tree);
  trees.add(s.parse.tree);
  s.analysis;
  const t2 = now();
  s.diagnostics;
  const t3 = now();
  const w3 = performance.now();
  const list = out.get(label) ?? [];
  list.push({ total: t3 - t0, parse: t1 - t0, analysis: t2 - t1, diags: t3 - t2, full, what, t0: w0, wall: w3 - w0, gc: 0 });
  out.set(label, list);
}
function typePlain(label: string, offset: number, typed: string): void {
  const start = text;
  for (let k = 1; k <= typed.length; k++) step(label, start.slice(0, offset) + typed.slice(0, k) + start.slice(offset), JSON.stringify(typed.slice(0, k)));
  for (let k = typed.length - 1; k >= 0; k--) step(label, start.slice(0, offset) + typed.slice(0, k) + start.slice(offset), 'back to ' + JSON.stringify(typed.slice(0, k)));
}
function typeEditor(label: string, offset: number, keys: string): void {
  const start = text;
  const changes = editorKeys(start, offset, keys);
  let cur = start;
  for (const ch of changes) {
    cur = editorText(cur, [ch]);
    step(label, cur, JSON.stringify(ch.text));
  }
  step(label + ' (undo)', start);
}
const ends: number[] = [];
for (const m of base.matchAll(/^ {6}[a-zA-Z][\w.]* = [^\n]*;$/gm)) if (m.index > base.length * 0.1 && m.index < base.length * 0.9) ends.push(m.index + m[0].length);
const at = [ends[Math.floor(ends.length * 0.3)]!, ends[Math.floor(ends.length * 0.7)]!];
const setKeys = '\nservices.perf = {\nenable = true;\nsettings = { port = 8080; host = "localhost"; };→;';
void reparseInPlace;
for (const end of at) {
  if (kind === 'all' || kind === 'string') typePlain('string plain', end, '\n      networking.hostName = "perf-host";');
  if (kind === 'all' || kind === 'stringAuto') typeEditor('string auto', end, '\nnetworking.hostName = "perf-host";');
  if (kind === 'all' || kind === 'set') {
    const typedDoc = editorText(text, editorKeys(text, end, setKeys));
    typePlain('set plain', end, typedDoc.slice(end, end + typedDoc.length - text.length));
  }
  if (kind === 'all' || kind === 'setAuto') typeEditor('set auto', end, setKeys);
}
if (kind === 'all' || kind === 'delete') {
  // as bench/lsp.ts deletes: a one-line module binding taken out, then put back (not timed)
  const random = seeded(17);
  const lines: Array<[number, number]> = [];
  for (const m of base.matchAll(/^ {6}[a-zA-Z][\w.]* = [^\n]*;$/gm)) if (m.index > base.length * 0.1 && m.index < base.length * 0.9) lines.push([m.index, m.index + m[0].length + 1]);
  const picked: Array<[number, number]> = [];
  while (picked.length < Number(process.env.DELETES ?? 100) && lines.length > 0) picked.push(lines.splice(Math.floor(random() * lines.length), 1)[0]!);
  for (const [s, e] of picked) {
    const start = text;
    step('delete', start.slice(0, s) + start.slice(e), JSON.stringify(start.slice(s, e - 1).trim()));
    step('delete (restore)', start);
  }
}
if (kind === 'all' || kind === 'rename') {
  // as bench/lsp.ts renames: a character added at the end of a seeded identifier (the lexer's
  // tokens, middle 80 % of the file), then removed; `what` says whether the analysis was carried
  const random = seeded(16);
  const tokens = lex(text);
  const ids: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const s = tokens.starts[i]!;
    if (tokens.kinds[i] === SyntaxKind.Ident && s > text.length * 0.1 && s < text.length * 0.9) ids.push(tokens.starts[i + 1]!);
  }
  const picked: number[] = [];
  while (picked.length < Number(process.env.RENAMES ?? 100) && ids.length > 0) picked.push(ids.splice(Math.floor(random() * ids.length), 1)[0]!);
  for (const end of picked.sort((x, y) => x - y)) {
    const start = text;
    const word = /[\w'-]*$/.exec(start.slice(Math.max(0, end - 40), end))![0];
    for (const next of [start.slice(0, end) + 'x' + start.slice(end), start]) {
      const before = host.get({ uri, version, getText: () => text }).analysis;
      step('rename', next, word);
      const after = host.get({ uri, version, getText: () => text }).analysis;
      out.get('rename')!.at(-1)!.what += after === before ? ' (carried)' : ' (fresh)';
    }
  }
}
await new Promise((r) => setTimeout(r, 50));
for (const xs of out.values()) for (const x of xs) for (const g of pauses) if (g.start >= x.t0 && g.start < x.t0 + x.wall) x.gc += g.ms;
if (process.env.DUMP) {
  // for the parent (RUNS): every step in order, after a NUL
  const steps: Array<Sample & { label: string; at: number }> = [];
  for (const [label, xs] of out) for (const x of xs) steps.push({ ...x, label, at: x.t0 });
  steps.sort((x, y) => x.at - y.at);
  process.stdout.write('\u0000' + JSON.stringify(steps));
} else report(out);

function report(out: Map<string, Sample[]>): void {
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
for (const [label, xs] of out) {
  const f = (k: 'total' | 'parse' | 'analysis' | 'diags' | 'gc') => `${pct(xs.map((x) => x[k]), 50).toFixed(2)}/${pct(xs.map((x) => x[k]), 99).toFixed(2)}`;
  if (process.env.SLOWEST) for (const x of [...xs].sort((a, b) => b.total - a.total).slice(0, Number(process.env.SLOWEST))) console.log('   ', x.total.toFixed(1), x.full ? 'FULL' : 'incr', x.parse.toFixed(1), x.analysis.toFixed(1), x.diags.toFixed(1), 'gc', x.gc.toFixed(1), x.what);
  console.log(`${label.padEnd(22)} full parses ${xs.filter((x) => x.full).length}`);
  console.log(`${label.padEnd(22)} n=${String(xs.length).padStart(4)} total ${f('total')}  parse ${f('parse')}  analysis ${f('analysis')}  diags ${f('diags')}  of which collector pauses ${f('gc')}  (p50/p99 ms)`);
}
}

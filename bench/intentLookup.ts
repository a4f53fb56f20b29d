// What Ask's lookups cost at full size, against an earlier checkout (BENCH_KNOWLEDGE_BEFORE=DIR,
// built; default: none, only "now"). Latency: every fixture request, understood and planned by
// each code's `ask` in alternating pairs on the same index, CPU time per request (the index of
// bench/intent.ts, records; and the generated 20 000 / 120 000 of bench/knowledge.ts as cache
// rows, as a server holds a live index). Memory: a fresh process loads the rows, answers every
// request once, and reports its resident size before and after (that is the lookup tables' cost).
// Run: `node --import tsx bench/intentLookup.ts`; the child: `... --child ROOT DIR KEY`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NixosIndex } from '../server/src/knowledge/nixosIndex';
import { readCache, writeCache } from '../server/src/knowledge/sources/cache';
import { baseWorkspace, loadCases } from '../test/intent/harness';
import { everydayNames } from '../test/intent/support';
import { fullSizeIndex } from './intent';
import { generate } from './knowledge';
import { median } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Ask = typeof import('../server/src/intent/index').ask;
const askOf = async (root: string): Promise<Ask> => ((await import(pathToFileURL(path.join(root, 'server/src/intent/index.ts')).href)) as { ask: Ask }).ask;

function requests() {
  const wss = new Map(['flat', 'nested', 'modular', 'flake'].map((b) => [b, baseWorkspace(b)]));
  return loadCases().map((c) => ({ text: c.ask, ws: wss.get(c.base)! }));
}

function cpuOf(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

if (process.argv[2] === '--child') {
  const [root, dir, key] = process.argv.slice(3);
  const ask = await askOf(root!);
  const gc = (globalThis as { gc?: () => void }).gc;
  const index = new NixosIndex([readCache(dir!, key!)!]);
  gc?.();
  const loaded = process.memoryUsage().rss;
  const t0 = performance.now();
  for (const r of requests()) ask(r.text, { files: r.ws.files, root: r.ws.root }, index);
  const firstPass = performance.now() - t0;
  gc?.();
  console.log(JSON.stringify({ loaded, asked: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, firstPass }));
} else {
  const before = process.env.BENCH_KNOWLEDGE_BEFORE;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-intent-'));
  try {
    const layer = generate().layer;
    layer.everydayNames = everydayNames();
    writeCache(dir, 'bench', layer);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
    console.log('| Resident, fresh process (tsx), rows index of 20 000 / 120 000 | loaded | after every request once | first pass |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [label, root] of [['now', ROOT], ...(before ? [['before', before]] : [])] as const) {
      const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, dir, 'bench'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      try {
        const m = JSON.parse(line) as { loaded: number; asked: number; firstPass: number };
        console.log(`| ${label} | ${mb(m.loaded)} | ${mb(m.asked)} (+${mb(m.asked - m.loaded)}) | ${(m.firstPass / 1000).toFixed(1)} s |`);
      } catch {
        console.log(`| ${label} | failed: ${(child.stderr || line).slice(0, 300)} | | |`);
      }
    }
    const now = await askOf(ROOT);
    const old = before ? await askOf(before) : undefined;
    const rs = requests();
    for (const [label, index] of [['records (bench/intent.ts full size)', fullSizeIndex()], ['rows (20 000 / 120 000, from the cache)', new NixosIndex([readCache(dir, 'bench')!])]] as const) {
      const a: number[] = [];
      const b: number[] = [];
      // a warm-up pass of each, then 2 rounds of alternating pairs
      for (const r of rs) {
        now(r.text, { files: r.ws.files, root: r.ws.root }, index);
        old?.(r.text, { files: r.ws.files, root: r.ws.root }, index);
      }
      for (let round = 0; round < 2; round++) {
        rs.forEach((r, i) => {
          const runNow = () => a.push(cpuOf(() => now(r.text, { files: r.ws.files, root: r.ws.root }, index)));
          const runOld = () => old && b.push(cpuOf(() => old(r.text, { files: r.ws.files, root: r.ws.root }, index)));
          if ((i + round) % 2 === 0) (runNow(), runOld());
          else (runOld(), runNow());
        });
      }
      const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
      const fmt = (xs: number[]) => `${median(xs).toFixed(2)} / ${q(xs, 0.95).toFixed(2)} / ${q(xs, 0.99).toFixed(2)} ms, total ${(xs.reduce((s, x) => s + x, 0) / 1000).toFixed(1)} s`;
      console.log(`\n${label}, CPU per request (${rs.length} requests x 2, alternating), median / p95 / p99:`);
      console.log(`  now:    ${fmt(a)}`);
      if (old) console.log(`  before: ${fmt(b)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

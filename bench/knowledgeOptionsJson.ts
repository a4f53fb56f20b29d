// The options.json route at full size (20 000 options, 120 000 packages: what the flake's vsix
// ships for the pinned nixpkgs, or a user's nixHumanity.knowledge.optionsJson): the built server
// (dist/cli.cjs lsp, plain Node) in an untrusted folder whose `result/share/doc/nixos/` holds the
// generated options.json and packages.json. Measured: `initialized` to the options.json source
// ready, the server's CPU time until then, and its resident memory a moment later; for a first
// start (the JSON read, and now written as rows to the knowledge cache) and the next start (from
// the cache). Also how long a hover sent right after `initialized` waits for its answer (while a
// first read runs: on the main thread before 2026-12-07, on a worker thread since) and the peak
// resident (VmHWM). With BENCH_KNOWLEDGE_BEFORE=DIR (a built earlier checkout) the same for that code,
// alternating. Run: `node --import tsx bench/knowledgeOptionsJson.ts [--runs N]`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, HoverRequest, InitializedNotification, InitializeRequest, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { KnowledgeLayer } from '../server/src/knowledge/model';
import { KNOWLEDGE_STATE } from '../server/src/protocol/messages';
import { generate } from './knowledge';
import { median } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The layer as the manual's options.json and nix-env's packages.json. */
export function writeManualFiles(layer: KnowledgeLayer, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const literal = (text: string | undefined) => (text === undefined ? undefined : { _type: 'literalExpression', text });
  const options: Record<string, unknown> = {};
  for (const o of layer.options ?? []) {
    options[o.path.join('.')] = { declarations: o.declarations, description: o.description, type: o.type.text, default: literal(o.default), example: literal(o.example), readOnly: o.readOnly, loc: o.path };
  }
  fs.writeFileSync(path.join(dir, 'options.json'), JSON.stringify(options));
  const packages: Record<string, unknown> = {};
  for (const p of layer.packages ?? []) {
    packages[p.attrPath] = { name: p.name, pname: p.pname, version: p.version, meta: { description: p.description, homepage: p.homepage, license: p.licenses, unfree: p.unfree, mainProgram: p.mainProgram } };
  }
  fs.writeFileSync(path.join(dir, 'packages.json'), JSON.stringify(packages));
}

const ticks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ms at 100 Hz
};
const status = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const rss = (pid: number) => status(pid, 'VmRSS');

interface Start {
  ms: number;
  cpu: number;
  rss: number;
  /** The highest resident the process reached. */
  peak: number;
  /** A hover sent right after `initialized`: until its answer. */
  hover: number;
  detail: string;
}

/** One start of the server at `root` in `folder` (its cache under `cache`). */
async function start(root: string, folder: string, cache: string): Promise<Start> {
  const env = { ...process.env, XDG_CACHE_HOME: cache };
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.cjs'), 'lsp', '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest('workspace/configuration', () => []);
  let started = 0;
  try {
    const ready = new Promise<{ ms: number; cpu: number; detail: string }>((resolve) =>
      connection.onNotification(KNOWLEDGE_STATE, (p) => {
        const s = p.sources.find((x) => x.source === 'options.json');
        if (s && s.state !== 'loading') resolve({ ms: performance.now() - started, cpu: ticks(child.pid!), detail: `${s.state}: ${s.detail} (${s.options} options, ${s.packages} packages)` });
      }),
    );
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: pathToFileURL(folder).href, capabilities: {}, initializationOptions: { trusted: false } });
    started = performance.now();
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = pathToFileURL(path.join(folder, 'configuration.nix')).href;
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }).then(() => performance.now() - started);
    const r = await ready;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { ...r, hover, rss: rss(child.pid!), peak: status(child.pid!, 'VmHWM') };
  } finally {
    connection.dispose();
    child.kill();
  }
}

export async function benchOptionsJson(runs = 3): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-optionsjson-'));
  try {
    const folder = path.join(dir, 'ws');
    writeManualFiles(generate().layer, path.join(folder, 'result', 'share', 'doc', 'nixos'));
    const size = (f: string) => `${(fs.statSync(path.join(folder, 'result/share/doc/nixos', f)).size / 1024 / 1024).toFixed(0)} MB`;
    const roots: Array<[string, string]> = [['now', ROOT]];
    if (process.env.BENCH_KNOWLEDGE_BEFORE) roots.push(['before', process.env.BENCH_KNOWLEDGE_BEFORE]);
    const results = new Map<string, { first: Start[]; next: Start[] }>(roots.map(([label]) => [label, { first: [], next: [] }]));
    for (let i = 0; i < runs; i++) {
      // alternating: each code's first start (a fresh cache), then its next start
      for (const [label, root] of i % 2 === 0 ? roots : [...roots].reverse()) {
        const cache = path.join(dir, `cache-${label}-${i}`);
        results.get(label)!.first.push(await start(root, folder, cache));
        results.get(label)!.next.push(await start(root, folder, cache));
      }
    }
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(`options.json ${size('options.json')}, packages.json ${size('packages.json')}; ${runs} runs each, medians; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
    console.log('| code, start | `initialized` to ready (wall) | server CPU until ready | resident | peak resident | a hover sent at `initialized` answered after |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [label] of roots) {
      for (const which of ['first', 'next'] as const) {
        const xs = results.get(label)![which];
        console.log(`| ${label}, ${which} start | ${median(xs.map((x) => x.ms)).toFixed(0)} ms | ${median(xs.map((x) => x.cpu)).toFixed(0)} ms | ${mb(median(xs.map((x) => x.rss)))} | ${mb(median(xs.map((x) => x.peak)))} | ${median(xs.map((x) => x.hover)).toFixed(0)} ms |`);
      }
      console.log(`|   (${results.get(label)!.next[0]!.detail.slice(0, 160)}) | | | | | |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--runs');
  await benchOptionsJson(at > 0 ? Number(process.argv[at + 1]) : 3);
}

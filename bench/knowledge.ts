// The NixOS knowledge index at full size: 20 000 options and 120 000 packages, generated at the
// sizes real nixpkgs has (seeded, so every run sees the same data): loading from the disk cache,
// option and package lookups, completion children, did-you-mean, and resident memory with both
// indexes loaded (measured in a fresh process). Run alone with `node --import tsx bench/knowledge.ts`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KnowledgeLayer, OptionInfo, PackageInfo } from '../server/src/knowledge/model';
import { NixosIndex } from '../server/src/knowledge/nixosIndex';
import { cacheFile, knowledgeCacheDir, readCache, writeCache } from '../server/src/knowledge/sources/cache';
import { createProtocolConnection, InitializedNotification, InitializeRequest, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { KNOWLEDGE_STATE } from '../server/src/protocol/messages';
import { evaluateOptions, OPTIONS_WALKER } from '../server/src/system/liveKnowledge';
import { realConfiguration } from './bigConfiguration';
import { AnalysisHost } from '../server/src/ide/analysisHost';
import { embeddedIndex } from '../server/src/knowledge/embedded';
import { alternate } from './pairs';
import { median } from './stats';
import { seeded } from '../test/support/seeded';

export const OPTIONS = 20_000;
export const PACKAGES = 120_000;

/** The data is the same on every run. */
const random = seeded;

const SYLLABLES = ['ka', 'lo', 'mi', 'net', 'srv', 'ssh', 'db', 'web', 'pro', 'xy', 'gra', 'fa', 'na', 'cli', 'lib', 'py', 'go', 'rs', 'ql', 'do', 'ck', 'er', 'ix', 'on'];
const WORDS = ['the', 'service', 'which', 'port', 'listen', 'enable', 'whether', 'files', 'user', 'group', 'path', 'configuration', 'extra', 'options', 'passed', 'daemon', 'server', 'client', 'default', 'network', 'address', 'package', 'to', 'use', 'for', 'of', 'and', 'a', 'is', 'when', 'set'];
const TYPES = ['boolean', 'string', 'signed integer', 'null or string', 'list of string', 'list of package', 'package', 'path', '16 bit unsigned integer; between 0 and 65535 (both inclusive)', 'one of "info", "debug", "warn"', 'attribute set of string', 'strings concatenated with "\\n"'];

/** The data at realistic sizes: option paths 3-6 levels (some through `<name>`), descriptions of ~40 words, packages with ~10-word descriptions. */
export function generate(): { layer: KnowledgeLayer; optionPaths: string[][]; packageNames: string[] } {
  const rnd = random(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const name = (parts: number) => Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const tops = ['services', 'programs', 'networking', 'boot', 'hardware', 'security', 'virtualisation', 'systemd', 'users', 'environment', 'nix', 'i18n', 'fileSystems', 'xdg'];
  const options: OptionInfo[] = [];
  const seen = new Set<string>();
  while (options.length < OPTIONS) {
    const top = pick(tops);
    const module = name(2 + Math.floor(rnd() * 2));
    const path = [top, module];
    if (rnd() < 0.15) path.push('<name>');
    if (rnd() < 0.4) path.push(name(2));
    path.push(rnd() < 0.3 ? 'enable' : name(2 + Math.floor(rnd() * 2)));
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    const text = pick(TYPES);
    options.push({
      path,
      type: { kind: text === 'boolean' ? 'bool' : 'str', text },
      description: sentence(20 + Math.floor(rnd() * 40)),
      default: rnd() < 0.7 ? (text === 'boolean' ? 'false' : `"${name(2)}"`) : undefined,
      example: rnd() < 0.3 ? `"${name(3)}"` : undefined,
      declarations: [`nixos/modules/${top}/${module}.nix`],
      readOnly: false,
      source: 'live',
    });
  }
  const packages: PackageInfo[] = [];
  const names = new Set<string>();
  while (packages.length < PACKAGES) {
    const base = name(2 + Math.floor(rnd() * 3));
    const attrPath = rnd() < 0.35 ? `${pick(['python3Packages', 'haskellPackages', 'perlPackages', 'nodePackages', 'rPackages'])}.${base}` : base;
    if (names.has(attrPath)) continue;
    names.add(attrPath);
    const unfree = rnd() < 0.03;
    const version = `${Math.floor(rnd() * 10)}.${Math.floor(rnd() * 30)}.${Math.floor(rnd() * 10)}`;
    packages.push({
      attrPath,
      name: `${base}-${version}`,
      pname: base,
      version,
      description: sentence(6 + Math.floor(rnd() * 10)),
      homepage: `https://${base}.example.org/`,
      licenses: [unfree ? { shortName: 'unfree', free: false } : { spdxId: 'MIT', shortName: 'mit', free: true }],
      unfree,
      mainProgram: rnd() < 0.5 ? base : undefined,
      source: 'live',
    });
  }
  return {
    layer: { source: 'live', options, packages },
    optionPaths: options.map((o) => o.path.map((p) => (p === '<name>' ? 'alice' : p))),
    packageNames: packages.map((p) => p.attrPath),
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/** p50 and p99 in ms of `fn` over each input, every call timed on its own. */
function latency<T>(inputs: readonly T[], fn: (x: T) => unknown, warm: readonly T[] = inputs.slice(0, 50)): { p50: number; p99: number; cpu: number } {
  for (const x of warm) fn(x);
  // (and the CPU time of all the calls, per call: on a loaded machine the steadier figure)
  const cpu = process.cpuUsage();
  const samples = inputs.map((x) => {
    const start = performance.now();
    fn(x);
    return performance.now() - start;
  });
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), cpu: (used.user + used.system) / 1000 / inputs.length };
}

/** A typo: one letter changed in a random level (or in the name). */
function misspell(text: string, rnd: () => number): string {
  const i = Math.floor(rnd() * text.length);
  if (text[i] === '.') return text;
  return text.slice(0, i) + (text[i] === 'x' ? 'y' : 'x') + text.slice(i + 1);
}

interface Memory {
  before: number;
  after: number;
  heap: number;
  external: number;
  used: number;
}

/**
 * bench/knowledgeMemory.ts in a fresh process: bundled by esbuild as dist's bundles are and run
 * by plain Node (what the server is), and under tsx (how earlier runs measured it).
 */
async function memoryChildren(cacheDir: string, key: string, root = ROOT): Promise<{ node?: Memory; tsx?: Memory; error?: string }> {
  // (another checkout gets this entry copied in: the same measurement of its own code)
  const entry = path.join(root, 'bench', 'knowledgeMemory.ts');
  if (root !== ROOT) fs.copyFileSync(path.join(ROOT, 'bench', 'knowledgeMemory.ts'), entry);
  const bundle = path.join(cacheDir, `memory-${path.basename(root)}.cjs`);
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
  const run = (args: string[]) => {
    const child = spawnSync(process.execPath, ['--expose-gc', ...args, cacheDir, key], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr.slice(0, 300));
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as Memory;
  };
  try {
    return { node: run([bundle]), tsx: run(['--import', 'tsx', entry]) };
  } catch (error) {
    return { error: String(error) };
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STANDIN_NIXPKGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-fixtures/nixos-standin/nixpkgs');
const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' };

/**
 * The two ways to read a live system's options, on the stand-in NixOS: walking `options` with
 * nix-instantiate (what the live source does), and building `system.build.manual.optionsJSON`
 * (its output deleted before each build, so each is a first build, as for a new nixpkgs).
 */
async function benchLiveRoutes(dir: string): Promise<void> {
  const config = path.join(dir, 'configuration.nix');
  fs.writeFileSync(config, '{ ... }: { networking.hostName = "bench"; }\n');
  const target = { kind: 'channels' as const, includes: [`nixpkgs=${STANDIN_NIXPKGS}`], nixosConfig: config };
  const walk: number[] = [];
  const bare: number[] = [];
  const build: number[] = [];
  const expr = `(import ${STANDIN_NIXPKGS}/nixos { configuration = ${config}; }).config.system.build.manual.optionsJSON`;
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    const r = await evaluateOptions(target, { env: NIX_ENV });
    if (!r.ok) throw new Error(r.reason);
    walk.push(performance.now() - start);
    const direct = performance.now();
    spawnSync('nix-instantiate', ['--eval', '--strict', '--json', '-I', `nixpkgs=${STANDIN_NIXPKGS}`, '--argstr', 'configuration', config, '-E', OPTIONS_WALKER], { env: NIX_ENV });
    bare.push(performance.now() - direct);
    const before = performance.now();
    const built = spawnSync('nix-build', ['-E', expr, '--no-out-link'], { env: NIX_ENV, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
    build.push(performance.now() - before);
    spawnSync('nix-store', ['--delete', built.stdout.trim()], { env: NIX_ENV });
  }
  console.log('\nReading a live system\'s options, stand-in NixOS (median of 6):\n');
  console.log('| Route | median |');
  console.log('| --- | ---: |');
  console.log(`| walk \`options\` (nix-instantiate --eval --strict --json) | ${median(bare).toFixed(0)} ms |`);
  console.log(`| the same through evaluateOptions (the watchdog's Node start-up included) | ${median(walk).toFixed(0)} ms |`);
  console.log(`| build \`system.build.manual.optionsJSON\` (nix-build, first build) | ${median(build).toFixed(0)} ms |`);
}

/**
 * One keystroke's diagnostics on the 10 000-line configuration that also installs an unfree
 * package without allowing it (the unfree-package check and its fix), against the same file
 * installing a free one, in alternating pairs: what the unfree check costs a keystroke.
 */
async function benchUnfreeKeystroke(): Promise<void> {
  const typist = (pkg: string) => {
    const host = new AnalysisHost(undefined, () => embeddedIndex());
    let text = realConfiguration().replace('  imports = [', `  environment.systemPackages = [ pkgs.${pkg} ];\n  imports = [`);
    let version = 1;
    const at: number[] = [];
    for (let i = text.indexOf('description = "'); i >= 0 && at.length < 40; i = text.indexOf('description = "', i + 1)) at.push(i + 15);
    let k = 0;
    const diagnostics = () => host.get({ uri: `file:///${pkg}.nix`, version, getText: () => text }).diagnostics;
    const codes = diagnostics().map((d) => d.code);
    return {
      codes,
      key: () => {
        const pos = at[k % at.length]! + Math.floor(k / at.length);
        k++;
        text = text.slice(0, pos) + 'x' + text.slice(pos);
        for (let j = 0; j < at.length; j++) if (at[j]! > pos) at[j]!++;
        version++;
        diagnostics();
      },
    };
  };
  const unfree = typist('vscode');
  const free = typist('git');
  if (!unfree.codes.includes('unfree-package') || free.codes.includes('unfree-package')) throw new Error('the unfree file should have an unfree-package diagnostic, the free one none');
  const r = await alternate(unfree.key, free.key, 200, 20);
  console.log('\nOne keystroke\'s diagnostics, 10 000-line configuration with an unfree package not allowed, against a free one (alternating, 200 pairs):\n');
  console.log('| file | median |');
  console.log('| --- | ---: |');
  console.log(`| installs \`pkgs.vscode\` (unfree-package reported) | ${r.ours.toFixed(2)} ms |`);
  console.log(`| installs \`pkgs.git\` (reference) | ${r.reference.toFixed(2)} ms |`);
  console.log(`| ratio (median of pair ratios) | ${r.ratio.toFixed(2)} |`);
}


function rss(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/**
 * The built server (dist/cli.cjs lsp --stdio, plain Node) in a trusted folder whose live
 * evaluation is in the disk cache (the generated index, under the key the server works out):
 * how long from `initialized` until the live source is ready from the cache, and its resident
 * memory then, against the same server in an untrusted folder (no live layer).
 */
async function benchServerMemory(layer: KnowledgeLayer, root = ROOT, write: typeof writeCache = writeCache): Promise<{ loadMs: number; rss: number; rssWithout: number; detail: string }> {
  const cli = path.join(root, 'dist/cli.cjs');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-server-'));
  const env = { ...NIX_ENV, NIX_PATH: `nixpkgs=${STANDIN_NIXPKGS}`, XDG_CACHE_HOME: path.join(dir, 'cache') };
  try {
    const config = path.join(dir, 'configuration.nix');
    fs.writeFileSync(config, '{ ... }: { networking.hostName = "bench"; }\n');
    const run = async (trusted: boolean) => {
      const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      connection.onRequest('workspace/configuration', () => []);
      let started = 0;
      const ready = new Promise<{ ms: number; detail: string }>((resolve) =>
        connection.onNotification(KNOWLEDGE_STATE, (p) => {
          const live = p.sources.find((x) => x.source === 'live');
          if (live && live.state !== 'loading') resolve({ ms: performance.now() - started, detail: `${live.state}: ${live.detail}` });
        }),
      );
      connection.listen();
      await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { trusted } });
      started = performance.now();
      await connection.sendNotification(InitializedNotification.type, {});
      const r = await ready;
      // a moment for what the load left to settle, then the resident size
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const bytes = rss(child.pid!);
      connection.dispose();
      child.kill();
      return { ...r, bytes };
    };
    // The server evaluates the stand-in once and caches it under the key it works out (its
    // version is package.json's, its key sees the folder and search path); the generated index
    // then takes that file's place, so the next start loads it.
    const seeded = await run(true);
    const cacheDir = knowledgeCacheDir(env);
    const written = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.rows')) : [];
    if (written.length !== 1) throw new Error(`the server cached ${written.length} results (${seeded.detail})`);
    const failed = write(cacheDir, written[0]!.slice(0, -'.rows'.length), layer);
    if (failed) throw new Error(failed);
    const withLive = await run(true);
    const without = await run(false);
    if (!/from the cache/.test(withLive.detail)) throw new Error(`the server did not load the cache: ${withLive.detail}`);
    return { loadMs: withLive.ms, rss: withLive.bytes, rssWithout: without.bytes, detail: withLive.detail };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An earlier checkout's cache load and memory, measured as ours is (its own cache format and code). */
/** Loads an index from its cache five times: the last index, and each load's wall and CPU ms. */
function loadFiveTimes(load: () => NixosIndex): { index: NixosIndex; loads: number[]; cpu: number[] } {
  const loads: number[] = [];
  const cpu: number[] = [];
  let index!: NixosIndex;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    index = load();
    const used = process.cpuUsage(startCpu);
    loads.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { index, loads, cpu };
}

async function benchBefore(root: string, layer: KnowledgeLayer, dir: string, measure: (index: NixosIndex) => Array<[string, { p50: number; p99: number; cpu: number } | string]>) {
  const cache = (await import(pathToFileURL(path.join(root, 'server/src/knowledge/sources/cache.ts')).href)) as typeof import('../server/src/knowledge/sources/cache');
  const { NixosIndex: OldIndex } = (await import(pathToFileURL(path.join(root, 'server/src/knowledge/nixosIndex.ts')).href)) as typeof import('../server/src/knowledge/nixosIndex');
  const oldDir = path.join(dir, 'before');
  cache.writeCache(oldDir, 'bench', layer);
  const { index, loads, cpu } = loadFiveTimes(() => new OldIndex([cache.readCache(oldDir, 'bench')!]));
  return {
    root,
    rows: measure(index),
    loadMs: median(loads),
    loadCpu: median(cpu),
    memory: await memoryChildren(oldDir, 'bench', root),
    server: await benchServerMemory(layer, root, cache.writeCache).catch((error: unknown) => String(error)),
  };
}

export async function benchKnowledge(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-knowledge-'));
  try {
    const { layer, optionPaths, packageNames } = generate();
    const key = 'bench';
    writeCache(dir, key, layer);
    const cacheBytes = fs.statSync(cacheFile(dir, key)).size;

    // Wall time, and the CPU time this process spent (user + system, all threads): on a shared
    // machine the second says what the load costs when the wall clock also counts waiting.
    const { index, loads, cpu } = loadFiveTimes(() => new NixosIndex([readCache(dir, key)!]));

    const rnd = random(99);
    const sample = <T>(xs: readonly T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(rnd() * xs.length)]!);
    const optionQueries = sample(optionPaths, 10_000);
    const packageQueries = sample(packageNames, 10_000);
    const prefixes = sample(optionPaths, 5_000).map((p) => p.slice(0, 1 + Math.floor(rnd() * (p.length - 1))));
    const wrongOptions = sample(optionPaths, 200).map((p) => misspell(p.join('.'), rnd).split('.'));
    const wrongPackages = sample(packageNames, 200).map((p) => misspell(p, rnd));
    const wrongTop = [...new Set(sample(packageNames.filter((p) => !p.includes('.')), 400).map((p) => misspell(p, rnd)))];

    const measure = (index: NixosIndex): Array<[string, { p50: number; p99: number; cpu: number } | string]> => [
      ['option(path), through <name> levels', latency(optionQueries, (p) => index.option(p))],
      ['package(attrPath)', latency(packageQueries, (p) => index.package(p))],
      ['children(prefix) for completion', latency(prefixes, (p) => index.children(p))],
      ['nearestOptions (did-you-mean)', latency(wrongOptions, (p) => index.nearestOptions(p))],
      ['nearestPackages (did-you-mean)', latency(wrongPackages, (p) => index.nearestPackages(p))],
      // (remembered per name: warmed on other names, so each measured call is a first one)
      ['nearPackages (unknown-package as you type, first time per name)', latency(wrongTop.slice(50), (p) => index.nearPackages(p, 2), wrongTop.slice(0, 50))],
      ['searchOptions("enable port")', latency(['enable port', 'listen address', 'extra options'], (q) => index.searchOptions(q))],
    ];
    const rows = measure(index);

    const memory = await memoryChildren(dir, key);
    const server = await benchServerMemory(layer).catch((error: unknown) => String(error));
    // BENCH_KNOWLEDGE_BEFORE: a built checkout of an earlier commit, measured alike in this run
    const before = process.env.BENCH_KNOWLEDGE_BEFORE ? await benchBefore(process.env.BENCH_KNOWLEDGE_BEFORE, layer, dir, measure) : undefined;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

    console.log(`${OPTIONS} options, ${PACKAGES} packages; cache file ${mb(cacheBytes)}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
    console.log('| Measure | p50 | p99 | CPU per call |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| load from the disk cache (read, parse, index; median of 5) | ${median(loads).toFixed(0)} ms | | ${median(cpu).toFixed(0)} ms |`);
    for (const [label, r] of rows) {
      if (typeof r === 'string') continue;
      const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
      console.log(`| ${label} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpu)} |`);
    }
    for (const [label, m] of [['plain Node, bundled', memory.node], ['tsx', memory.tsx]] as const) {
      if (m) console.log(`| resident memory with both indexes (fresh process, ${label}) | ${mb(m.after)} | +${mb(m.after - m.before)} over the empty process (heap ${mb(m.heap)}, outside it ${mb(m.external)}) | ${mb(m.used)} after a did-you-mean of each |`);
    }
    if (memory.error) console.log(`| resident memory | failed: ${memory.error} | |`);
    if (typeof server === 'string') console.log(`| the built server | failed: ${server.slice(0, 200)} | |`);
    else {
      console.log(`| the built server (dist/cli.cjs lsp), trusted folder, live index from the cache: resident | ${mb(server.rss)} | untrusted (no live index) ${mb(server.rssWithout)} | |`);
      console.log(`| the built server: \`initialized\` to the live source ready from the cache | ${server.loadMs.toFixed(0)} ms | (finding <nixpkgs> with nix-instantiate included) | |`);
    }
    if (before) {
      console.log(`\nThe same, ${before.root} (an earlier commit's checkout, built), in this run:\n`);
      console.log('| Measure | value |');
      console.log('| --- | ---: |');
      console.log(`| load from its disk cache (median of 5) | ${before.loadMs.toFixed(0)} ms wall, ${before.loadCpu.toFixed(0)} ms CPU |`);
      for (const [label, r] of before.rows) {
        if (typeof r === 'string') continue;
        const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
        console.log(`| ${label} | p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}, CPU per call ${fmt(r.cpu)} |`);
      }
      for (const [label, m] of [['plain Node, bundled', before.memory.node], ['tsx', before.memory.tsx]] as const) {
        if (m) console.log(`| resident memory with both indexes (fresh process, ${label}) | ${mb(m.after)} (+${mb(m.after - m.before)}, heap ${mb(m.heap)}); ${mb(m.used)} after a did-you-mean of each |`);
      }
      if (before.memory.error) console.log(`| resident memory | failed: ${before.memory.error} |`);
      if (typeof before.server === 'string') console.log(`| the built server | failed: ${before.server.slice(0, 200)} |`);
      else console.log(`| the built server, trusted, live index from the cache: resident | ${mb(before.server.rss)} (untrusted ${mb(before.server.rssWithout)}) |`);
    }
    await benchLiveRoutes(dir);
    await benchUnfreeKeystroke();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--unfree') await benchUnfreeKeystroke();
else if (process.argv[2] === '--server') console.log(await benchServerMemory(generate().layer));
else if (process.argv[2] === '--memory') console.log(await memoryChildren(...(() => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-mem-')); writeCache(d, 'bench', generate().layer); return [d, 'bench'] as const; })()));
else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchKnowledge();

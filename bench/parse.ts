// Parser throughput: a multi-megabyte file made of the corpus (a list of
// every corpus file, repeated), lexed and parsed in-process, against
// `nix-instantiate --parse` on the same file; how time grows with input size;
// and a 10 000-line file, the size of a big hand-written module.
// The parser measured is the one that ships: server/src/syntax bundled by esbuild as dist/ is
// (one module, SyntaxKind's constants inlined), not the sources run through tsx, which loads each
// file as its own module and reads every SyntaxKind member as a property of an imported object
// (a row shows that too, for comparison with runs before 2026-12-07).
// Run alone with `node --import tsx bench/parse.ts`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import * as fromSource from '../server/src/syntax/index.js';
import { table } from './pairs';
import { median, timeMedian } from './stats';

type Syntax = typeof fromSource;

/** server/src/syntax as the bundles hold it (esbuild.mjs's settings), built into `dir`. */
function shippedSyntax(dir: string): { file: string; syntax: Syntax } {
  const file = path.join(dir, 'syntax.cjs');
  esbuild.buildSync({
    entryPoints: [path.join(import.meta.dirname, '..', 'server/src/syntax/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    outfile: file,
    logLevel: 'warning',
  });
  return { file, syntax: loadSyntax(file) };
}
function loadSyntax(file: string): Syntax {
  return createRequire(import.meta.url)(file) as Syntax;
}

/** Alternating runs of ours and Nix's parser on the big file. */
const PAIRS = 11;

const CORPUS = path.join(import.meta.dirname, '..', 'test-fixtures', 'corpus');
const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' };

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusFiles(p));
    else if (e.name.endsWith('.nix')) out.push(p);
  }
  return out;
}

/** One copy of the corpus as list elements: `(file1)\n(file2)\n...`. */
function corpusBody(): string {
  return corpusFiles(CORPUS)
    .map((f) => `(${fs.readFileSync(f, 'utf8')})\n`)
    .join('');
}

/** A valid Nix file of at least `bytes` characters: `[ (corpus) (corpus) ... ]`. */
function bigFile(body: string, bytes: number): string {
  return `[\n${body.repeat(Math.max(1, Math.ceil(bytes / body.length)))}]\n`;
}


function mb(chars: number): number {
  return chars / 1e6;
}

export async function benchParse(): Promise<void> {
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-syntax-'));
  try {
    await benchWith(shippedSyntax(built));
  } finally {
    fs.rmSync(built, { recursive: true, force: true });
  }
}

async function benchWith({ file: bundle, syntax }: { file: string; syntax: Syntax }): Promise<void> {
  const { SyntaxNode, lex, parse } = syntax;
  const body = corpusBody();
  // Token objects are made when a node's children are first read; the
  // analysis reads them all, so show that cost too.
  const allTokens = (text: string) => {
    let n = 0;
    const stack: fromSource.SyntaxNode[] = [parse(text).tree];
    while (stack.length > 0) {
      for (const c of stack.pop()!.children) {
        if (c instanceof SyntaxNode) stack.push(c);
        else n++;
      }
    }
    return n;
  };

  // A 10 000-line file, measured first (on a small heap), printed last:
  // whole corpus files in a list, topped up with short list lines.
  const files = corpusFiles(CORPUS).map((f) => fs.readFileSync(f, 'utf8'));
  const parts: string[] = [];
  let lines = 2; // `[` and `]`
  for (let i = 0; ; i++) {
    const t = `(${files[i % files.length]!})\n`;
    const n = t.split('\n').length - 1;
    if (lines + n > 10_000) break;
    parts.push(t);
    lines += n;
  }
  parts.push('[ 1 2 3 ]\n'.repeat(10_000 - lines));
  const tenK = `[\n${parts.join('')}]`;
  if (parse(tenK).errors.length > 0) throw new Error('the 10 000-line file does not parse');
  const tenKMs = timeMedian(() => parse(tenK), 30, 20);
  const tenKFullMs = timeMedian(() => allTokens(tenK), 30, 20);

  const big = bigFile(body, 5e6);
  // (keep no tree alive between measurements: a big live heap slows every later GC)
  const firstError = parse(big).errors[0];
  if (firstError) throw new Error(`the benchmark file does not parse: ${firstError.message}`);

  // Throughput against Nix on the same multi-megabyte file.
  const lexMs = timeMedian(() => lex(big), 7, 3);
  const parseMs = timeMedian(() => parse(big), 7, 3);
  const fullMs = timeMedian(() => allTokens(big), 5, 3);
  const sourceMs = timeMedian(() => fromSource.parse(big), 7, 3);
  // Against Nix: the same file read from disk and parsed, alternating with nix-instantiate run
  // by run, so a change in the machine's load hits both sides alike.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-parse-'));
  let nix: { nixMs: number; oursMs: number; pairRatio: number; pairs: number } | undefined;
  let nixParse: { importMs: number; trivialMs: number; ratio: number } | undefined;
  try {
    const file = path.join(dir, 'big.nix');
    fs.writeFileSync(file, big);
    const nixRun = (args: string[]) => {
      // its printed tree goes to /dev/null: Nix still prints it, and our heap stays as small as for our side
      const r = spawnSync('nix-instantiate', args, { env: NIX_ENV, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.error || r.status !== 0) throw new Error(`nix-instantiate failed (run npm run setup:system?): ${r.error?.message ?? r.stderr}`);
    };
    const runNix = () => nixRun(['--parse', file]);
    // Nix's parse alone: `import` of the file evaluated to its first constructor (a list: its
    // elements stay unevaluated thunks), minus a trivial evaluation, which has the same start-up
    // and exit and no file; neither prints more than `null`.
    const runNixImport = () => nixRun(['--eval', '-E', `builtins.seq (import ${file}) null`]);
    const runNixTrivial = () => nixRun(['--eval', '-E', 'builtins.seq [ ] null']);
    const runOurs = () => parse(fs.readFileSync(file, 'utf8'));
    runNix();
    runNixImport();
    runNixTrivial();
    runOurs();
    const nixSamples: number[] = [];
    const ourSamples: number[] = [];
    const ratios: number[] = [];
    const importSamples: number[] = [];
    const trivialSamples: number[] = [];
    const parseRatios: number[] = [];
    const time = (fn: () => unknown) => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    };
    for (let i = 0; i < PAIRS; i++) {
      const n = time(runNix);
      const o = time(runOurs);
      const imp = time(runNixImport);
      const triv = time(runNixTrivial);
      nixSamples.push(n);
      ourSamples.push(o);
      ratios.push(n / o);
      importSamples.push(imp);
      trivialSamples.push(triv);
      parseRatios.push((imp - triv) / o);
    }
    nixParse = { importMs: median(importSamples), trivialMs: median(trivialSamples), ratio: median(parseRatios) };
    nix = { nixMs: median(nixSamples), oursMs: median(ourSamples), pairRatio: median(ratios), pairs: PAIRS };
  } catch (error) {
    console.log(`(nix-instantiate not measured: ${(error as Error).message})\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const size = mb(big.length);
  const rows = [
    [`${size.toFixed(1)} MB file (${big.split('\n').length.toLocaleString('en')} lines, the corpus repeated)`, 'median ms', 'MB/s'],
    ['lex only', lexMs.toFixed(1), (size / (lexMs / 1000)).toFixed(1)],
    ['lex + parse (tree, errors, checks)', parseMs.toFixed(1), (size / (parseMs / 1000)).toFixed(1)],
    ['lex + parse, then all children read (token objects made)', fullMs.toFixed(1), (size / (fullMs / 1000)).toFixed(1)],
    ['lex + parse, the sources run through tsx (not what ships)', sourceMs.toFixed(1), (size / (sourceMs / 1000)).toFixed(1)],
  ];
  if (nix !== undefined) {
    rows.push(['read the file + lex + parse, alternating with Nix below', nix.oursMs.toFixed(1), (size / (nix.oursMs / 1000)).toFixed(1)]);
    rows.push(['nix-instantiate --parse (process, read, parse, print)', nix.nixMs.toFixed(1), (size / (nix.nixMs / 1000)).toFixed(1)]);
    rows.push([`ratio nix-instantiate / ours (median of ${nix.pairs} pairs)`, `${nix.pairRatio.toFixed(2)}x`, '']);
  }
  if (nixParse !== undefined) {
    rows.push(["nix-instantiate --eval -E 'builtins.seq (import FILE) null'", nixParse.importMs.toFixed(1), '']);
    rows.push(["nix-instantiate --eval -E 'builtins.seq [ ] null' (start-up and exit alone)", nixParse.trivialMs.toFixed(1), '']);
    rows.push(['Nix\'s parse alone (the two above subtracted, round by round)', (nixParse.importMs - nixParse.trivialMs).toFixed(1), (size / ((nixParse.importMs - nixParse.trivialMs) / 1000)).toFixed(1)]);
    rows.push([`ratio Nix's parse alone / ours (median of ${PAIRS} rounds; over 1: ours faster; aim 1.5x)`, `${nixParse.ratio.toFixed(2)}x`, '']);
  }
  table(rows);

  // Scaling: time per MB should stay flat from 1x to 10x. Each size in a fresh process (this
  // script with --scale), so no size inherits the heap an earlier one grew. CPU time too (the
  // process's, all threads): on a loaded machine wall time also counts the waits for a core.
  const scaling = [['input (each in a fresh process)', 'MB', 'first parse ms', 'median ms (5 more)', 'ms per MB (median)', 'CPU ms per MB (median)']];
  for (const factor of [1, 2, 5, 10]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--scale', String(factor), bundle], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scaling ${factor}x failed: ${r.stderr}`);
    const { bytes, first, ms, cpuMs } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { bytes: number; first: number; ms: number; cpuMs: number };
    scaling.push([`${factor}x`, mb(bytes).toFixed(1), first.toFixed(1), ms.toFixed(1), (ms / mb(bytes)).toFixed(1), (cpuMs / mb(bytes)).toFixed(1)]);
  }
  table(scaling);

  table([
    ['10 000-line file (corpus files in a list)', 'KB', 'median ms'],
    ['lex + parse', (tenK.length / 1000).toFixed(0), tenKMs.toFixed(2)],
    ['lex + parse, then all children read', (tenK.length / 1000).toFixed(0), tenKFullMs.toFixed(2)],
  ]);
  if (tenK.split('\n').length !== 10_000) throw new Error(`the 10 000-line file has ${tenK.split('\n').length} lines`);
}

/** One size of the scaling table, in this (fresh) process: prints its JSON line. */
function scaleOnce(factor: number, bundle: string): void {
  const { parse } = loadSyntax(bundle);
  const text = bigFile(corpusBody(), factor * 1e6);
  const t = performance.now();
  parse(text);
  const first = performance.now() - t;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    const w = performance.now();
    parse(text);
    wall.push(performance.now() - w);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  console.log(JSON.stringify({ bytes: text.length, first, ms: median(wall), cpuMs: median(cpu) }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = process.argv.indexOf('--scale');
  if (scale > 0) scaleOnce(Number(process.argv[scale + 1]), process.argv[scale + 2]!);
  else await benchParse();
}

// Parser throughput: a multi-megabyte file made of the corpus (a list of
// every corpus file, repeated), lexed and parsed in-process, against
// `nix-instantiate --parse` on the same file; how time grows with input size;
// and a 10 000-line file, the size of a big hand-written module.
// Run alone with `node --import tsx bench/parse.ts`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SyntaxNode, lex, parse } from '../server/src/syntax/index.js';
import { median, timeMedian } from './stats';

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

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log();
}

export async function benchParse(): Promise<void> {
  const body = corpusBody();
  // Token objects are made when a node's children are first read; the
  // analysis reads them all, so show that cost too.
  const allTokens = (text: string) => {
    let n = 0;
    const stack: SyntaxNode[] = [parse(text).tree];
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
  // Against Nix: the same file read from disk and parsed, alternating with nix-instantiate run
  // by run, so a change in the machine's load hits both sides alike.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-parse-'));
  let nix: { nixMs: number; oursMs: number; pairRatio: number; pairs: number } | undefined;
  try {
    const file = path.join(dir, 'big.nix');
    fs.writeFileSync(file, big);
    const runNix = () => {
      // its printed tree goes to /dev/null: Nix still prints it, and our heap stays as small as for our side
      const r = spawnSync('nix-instantiate', ['--parse', file], { env: NIX_ENV, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.error || r.status !== 0) throw new Error(`nix-instantiate --parse failed (run npm run setup:system?): ${r.error?.message ?? r.stderr}`);
    };
    const runOurs = () => parse(fs.readFileSync(file, 'utf8'));
    runNix();
    runOurs();
    const nixSamples: number[] = [];
    const ourSamples: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      let t = performance.now();
      runNix();
      const n = performance.now() - t;
      t = performance.now();
      runOurs();
      const o = performance.now() - t;
      nixSamples.push(n);
      ourSamples.push(o);
      ratios.push(n / o);
    }
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
  ];
  if (nix !== undefined) {
    rows.push(['read the file + lex + parse, alternating with Nix below', nix.oursMs.toFixed(1), (size / (nix.oursMs / 1000)).toFixed(1)]);
    rows.push(['nix-instantiate --parse (process, read, parse, print)', nix.nixMs.toFixed(1), (size / (nix.nixMs / 1000)).toFixed(1)]);
    rows.push([`ratio nix-instantiate / ours (median of ${nix.pairs} pairs)`, `${nix.pairRatio.toFixed(2)}x`, '']);
  }
  table(rows);

  // Scaling: time per MB should stay flat from 1x to 10x.
  const scaling = [['input', 'MB', 'median ms', 'ms per MB']];
  for (const factor of [1, 2, 5, 10]) {
    const text = bigFile(body, factor * 1e6);
    const ms = timeMedian(() => parse(text), factor >= 10 ? 5 : factor >= 5 ? 7 : 9, 2);
    scaling.push([`${factor}x`, mb(text.length).toFixed(1), ms.toFixed(1), (ms / mb(text.length)).toFixed(1)]);
  }
  table(scaling);

  table([
    ['10 000-line file (corpus files in a list)', 'KB', 'median ms'],
    ['lex + parse', (tenK.length / 1000).toFixed(0), tenKMs.toFixed(2)],
    ['lex + parse, then all children read', (tenK.length / 1000).toFixed(0), tenKFullMs.toFixed(2)],
  ]);
  if (tenK.split('\n').length !== 10_000) throw new Error(`the 10 000-line file has ${tenK.split('\n').length} lines`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchParse();

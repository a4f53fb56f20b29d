// Alternating pairs: our side and its reference run one after the other, round by round, so a
// change in the machine's load (it is shared) hits both alike; the ratio is the median of the
// rounds' ratios, with each side's median beside it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median } from './stats';

export interface PairResult {
  ours: number;
  reference: number;
  /** Median over the rounds of ours / reference. */
  ratio: number;
  rounds: number;
  /** Each round's time of the reference side (ms), in order. */
  referenceSamples: number[];
}

/**
 * `ours` and `reference` run in alternation, each timed whole; a side that resolves to a number
 * gives its own time instead (ms: a part of what it ran, timed inside).
 */
export async function alternate(ours: () => unknown, reference: () => unknown, rounds: number, warmup = 2): Promise<PairResult> {
  for (let i = 0; i < warmup; i++) {
    await reference();
    await ours();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // the order flips each round: neither side always runs right after the other
    const first = i % 2 === 0;
    for (const side of first ? [0, 1] : [1, 0]) {
      const t = performance.now();
      const own = await (side === 0 ? ours() : reference());
      (side === 0 ? a : b).push(typeof own === 'number' ? own : performance.now() - t);
    }
  }
  return { ours: median(a), reference: median(b), ratio: median(a.map((x, i) => x / b[i]!)), rounds, referenceSamples: b };
}

/** Runs a command to its end; throws on failure (the reference must really have run). */
export function runProcess(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  if (r.error || r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
}

export function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log();
}

/** The machine's load average now (the benchmarks share two cores with other work). */
export function loadNote(): string {
  try {
    const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one} (1 min), ${five} (5 min)`;
  } catch {
    return 'load unknown';
  }
}

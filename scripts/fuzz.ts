// `npm run fuzz`: the wide search CI does not make. Runs every property test file (each test file
// calling fc.assert) over fresh random seeds at many times its usual runs, one mocha process per
// file and seed, and prints a table: seeds tried, time, and for each failure the command that
// reproduces it. Options:
//   --scale <x>     runs of each property times x (FC_SCALE; default 10)
//   --seeds <n>     seeds per file (default 3)
//   --minutes <m>   stop starting new runs after m minutes (default: no limit)
//   <text>...       only the files whose path holds one of these
// Exits 1 when any run failed. One run at a time: the machine is shared.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Options { scale: number; seeds: number; minutes: number; only: string[] }

function parseArgs(argv: string[]): Options {
  const o: Options = { scale: 10, seeds: 3, minutes: Infinity, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--scale') o.scale = value();
    else if (a === '--seeds') o.seeds = Math.round(value());
    else if (a === '--minutes') o.minutes = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a} (--scale, --seeds, --minutes)`);
    else o.only.push(a);
  }
  return o;
}

/** Test files under test/ that run a property (e2e left out: it drives a browser, no fast-check). */
function propertyFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'e2e') walk(p);
      } else if (e.name.endsWith('.test.ts') && readFileSync(p, 'utf8').includes('fc.assert(')) {
        found.push(path.relative(root, p));
      }
    }
  };
  walk(path.join(root, 'test'));
  return found.sort();
}

interface Outcome { ok: boolean; seconds: number; output: string }

let running: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // the whole group: mocha's bin starts a second node (for its node-options) that a signal to
    // the first one alone leaves running
    if (running?.pid !== undefined) {
      try {
        process.kill(-running.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

function runOnce(file: string, seed: number, scale: number): Promise<Outcome> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FC_SEED: String(seed), FC_SCALE: String(scale) };
    delete env.FC_RUNS;
    delete env.CI;
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '0', '--reporter', 'dot', file], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running = child;
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      running = undefined;
      resolve({ ok: code === 0, seconds: Number(process.hrtime.bigint() - started) / 1e9, output });
    });
  });
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const files = propertyFiles().filter((f) => o.only.length === 0 || o.only.some((s) => f.includes(s)));
  if (files.length === 0) throw new Error(`no property test file matches ${o.only.join(', ')}`);
  const deadline = Date.now() + o.minutes * 60_000;
  const rows: { file: string; seeds: number[]; seconds: number; failed: number[] }[] = files.map((file) => ({ file, seeds: [], seconds: 0, failed: [] }));
  const failures: string[] = [];
  console.log(`fuzz: ${files.length} files, ${o.seeds} seeds each, runs x${o.scale}`);
  // round by round, so a time limit still covers every file
  for (let round = 0; round < o.seeds && Date.now() < deadline; round++) {
    for (const row of rows) {
      if (Date.now() >= deadline) break;
      // fast-check's seeds are 32-bit integers
      const seed = (Math.random() * 0x1_0000_0000) | 0;
      const r = await runOnce(row.file, seed, o.scale);
      row.seeds.push(seed);
      row.seconds += r.seconds;
      const repro = `FC_SEED=${seed} FC_SCALE=${o.scale} npx mocha --timeout 0 ${row.file}`;
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${row.file} seed ${seed} (${r.seconds.toFixed(1)} s)`);
      if (!r.ok) {
        row.failed.push(seed);
        failures.push(`${repro}\n${r.output.trim()}`);
      }
    }
  }
  console.log('\n| file | seeds | failed | seconds |\n| --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.file} | ${row.seeds.length} | ${row.failed.length} | ${row.seconds.toFixed(0)} |`);
  for (const f of failures) console.log(`\n--- reproduce with: ${f}`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);

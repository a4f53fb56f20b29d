// Would a V8 start-up snapshot (Node 20's `--build-snapshot`) bring the language server's start
// nearer a bare Node? Builds snapshots of the CLI and server bundle (bench/snapshotEntry.ts):
// one with the modules loaded, one with the embedded knowledge read and a configuration analysed
// three times as well; then times spawn to the first diagnostics of a 500-line file (as
// bench/lsp.ts) for each, the shipped start (launcher and code cache, warm) and `node -e 0`, in
// alternating rounds, wall time and the server's CPU time. Not part of `npm run bench`; run it
// with `node --import tsx bench/startupSnapshot.ts` after `npm run build`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { firstDiagnostics } from './lsp';
import * as lsp from './lsp';
import { loadNote, runProcess, table } from './pairs';
import { median } from './stats';
import { SERVER_NODE_ARGS } from '../server/src/protocol/serverProcess';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-snapshot-'));
try {
  const entry = path.join(dir, 'entry.cjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench/snapshotEntry.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    define: { __NIX_HUMANITY_VERSION__: '"bench"' },
    // the knowledge data read from dist/data/, as the shipped bundle reads it (esbuild.mjs)
    plugins: [
      {
        name: 'knowledge-data-as-file',
        setup(build) {
          build.onLoad({ filter: /[\\/]knowledge[\\/]data[\\/][^\\/]+\.json$/ }, (args) => ({
            contents: `export default () => require('node:fs').readFileSync(${JSON.stringify(path.join(root, 'dist/data', path.basename(args.path)))}, 'utf8');`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  // A snapshot is refused unless the V8 options it was built with are the ones it starts with
  // ("built with a different version of V8 or with different V8 configurations", and the process
  // exits): built with the options the client starts the server with.
  const build = (name: string, warm: number): string => {
    const blob = path.join(dir, `${name}.blob`);
    const r = spawnSync(process.execPath, [...SERVER_NODE_ARGS, '--snapshot-blob', blob, '--build-snapshot', entry], {
      env: { ...process.env, SNAPSHOT_WARM: String(warm), SNAPSHOT_WARM_FILE: path.join(root, 'test-fixtures/corpus/configuration-server.nix') },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`building the snapshot failed: ${r.stderr}`);
    return blob;
  };
  const blobs = { modules: build('modules', 0), warm: build('warm', 3) };
  const cache = { XDG_CACHE_HOME: path.join(dir, 'cache') };
  const sides: Array<[string, () => Promise<number> | number]> = [
    ['`node -e 0`', () => (runProcess(process.execPath, ['-e', '0']), 0)],
    ['as shipped: launcher and code cache (warm)', () => ((process.env.BENCH_SERVER_NODE_ARGS = ''), firstDiagnostics(cache))],
    ['snapshot: modules loaded', () => ((process.env.BENCH_SERVER_NODE_ARGS = `--snapshot-blob ${blobs.modules}`), firstDiagnostics({}))],
    ['snapshot: modules, knowledge read, analysis run 3 times', () => ((process.env.BENCH_SERVER_NODE_ARGS = `--snapshot-blob ${blobs.warm}`), firstDiagnostics({}))],
  ];
  const wall = sides.map((): number[] => []);
  const cpu = sides.map((): number[] => []);
  for (let round = 0; round < ROUNDS + 2; round++) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const t = performance.now();
      await sides[i]![1]();
      // (the first two rounds untimed: the code cache is written in them)
      if (round < 2) continue;
      wall[i]!.push(performance.now() - t);
      cpu[i]!.push(i === 0 ? NaN : lsp.lastServerCpuMs);
    }
  }
  const rows = [['Server start (spawn to first diagnostics, 500-line file)', 'wall, median ms', '/ `node -e 0` (median of rounds)', 'server CPU, median ms', 'snapshot size']];
  sides.forEach(([name], i) => {
    const ratio = median(wall[i]!.map((w, k) => w / wall[0]![k]!));
    const blob = i === 2 ? blobs.modules : i === 3 ? blobs.warm : undefined;
    rows.push([name, median(wall[i]!).toFixed(1), `${ratio.toFixed(2)}x`, i === 0 ? '' : median(cpu[i]!).toFixed(1), blob ? `${(fs.statSync(blob).size / 1e6).toFixed(1)} MB` : '']);
  });
  console.log(`${ROUNDS} rounds, the sides in alternating order, after 2 untimed rounds; ${loadNote()} at the end.\n`);
  table(rows);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

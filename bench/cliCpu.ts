// CPU time (user + system) of whole CLI processes, which a shared machine's load moves far less
// than wall time: `--help` and `check` of the corpus's configuration-server.nix from this
// checkout's build, and from another build when OTHER names a checkout with its dist/ built (to
// compare two builds), and `node -e 0`. Each side runs in batches of 10 processes (the children's
// CPU time comes in 10 ms ticks: a batch gives 1 ms), the batches in alternating order, after one
// untimed round that writes the code caches; the median batch is printed.
// Not part of `npm run bench`; run it with `node --import tsx bench/cliCpu.ts` after
// `npm run build` (ROUNDS=N, default 8; STDOUT=pipe).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadNote, table } from './pairs';
import { median } from './stats';

const BATCH = 10;
// STDOUT=pipe: the output goes to a pipe (as into `| jq` or an editor), not /dev/null
const toPipe = process.env.STDOUT === 'pipe';
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, 'test-fixtures/corpus/configuration-server.nix');

/** CPU time the finished children of this process have used, in ms (/proc/self/stat cutime + cstime). */
function childrenCpuMs(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-cli-cpu-'));
try {
  const builds: Array<[string, string]> = [['this build', root]];
  if (process.env.OTHER) builds.push([`OTHER (${process.env.OTHER})`, path.resolve(process.env.OTHER)]);
  const sides: Array<{ name: string; args: string[]; env: NodeJS.ProcessEnv }> = [{ name: '`node -e 0`', args: ['-e', '0'], env: process.env }];
  builds.forEach(([name, checkout], i) => {
    const cli = path.join(checkout, 'dist/cli.cjs');
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' there first`);
    const env = { ...process.env, XDG_CACHE_HOME: path.join(dir, `cache-${i}`) };
    sides.push({ name: `\`--help\`, ${name}`, args: [cli, '--help'], env });
    sides.push({ name: `\`check configuration.nix\`, ${name}`, args: [cli, 'check', file], env });
  });
  const samples = sides.map((): number[] => []);
  for (let round = 0; round <= ROUNDS; round++) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const before = childrenCpuMs();
      for (let k = 0; k < BATCH; k++) spawnSync(process.execPath, sides[i]!.args, { env: sides[i]!.env, stdio: toPipe ? ['ignore', 'pipe', 'pipe'] : 'ignore' });
      if (round > 0) samples[i]!.push((childrenCpuMs() - before) / BATCH);
    }
  }
  const bare = median(samples[0]!);
  console.log(`${ROUNDS} rounds of batches of ${BATCH} processes, alternating, after one untimed round, output to ${toPipe ? 'a pipe' : '/dev/null'}; ${loadNote()} at the end.\n`);
  table([['Process', 'CPU ms, median batch', 'over `node -e 0`, ms'], ...sides.map((s, i) => [s.name, median(samples[i]!).toFixed(1), i === 0 ? '' : (median(samples[i]!) - bare).toFixed(1)])]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

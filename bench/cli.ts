// The CLI as people run it: whole processes, each against the Nix command that does the same
// job, in alternating pairs (bench/pairs.ts). `nix-humanity` is `node dist/cli.cjs` (the
// launcher of the built bundle; `npm run build` first), started as a shell would start it. The
// compile cache (server/src/cli/launcher.ts, one per command) is warm: the untimed rounds of each
// row made it, as the first run of a command after an install does; a row without it shows what
// that first run costs.
// Run alone with `node --import tsx bench/cli.ts`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { alternate, loadNote, runProcess, table, type PairResult } from './pairs';
import { buildSystems, GENERATIONS } from './generations';
import { firstDiagnostics } from './lsp';
import * as lsp from './lsp';
import { median } from './stats';

const ROUNDS = 21;
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.cjs');
const NIX_ENV = { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' };
const node = process.execPath;

export async function benchCli(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-bench-cli-'));
  const cache = path.join(dir, 'cache');
  const env = { ...NIX_ENV, XDG_CACHE_HOME: cache };
  const noCache = { ...env, NIX_HUMANITY_NO_COMPILE_CACHE: '1' };
  try {
    const rows: string[][] = [['Command (input)', 'ours, median ms', 'reference, median ms', 'ours / reference (median of rounds)', 'aim']];
    const row = (name: string, r: PairResult, aim: string) => rows.push([name, r.ours.toFixed(1), r.reference.toFixed(1), `${r.ratio.toFixed(2)}x`, aim]);
    const ours = (args: string[], e = env) => () => runProcess(node, [cli, ...args], { env: e });

    row('`nix-humanity --help` vs `nix --help`', await alternate(ours(['--help']), () => runProcess('nix', ['--help'], { env }), ROUNDS), '1.5x');
    row('`nix-humanity --help`, no compile cache, vs `nix --help`', await alternate(ours(['--help'], noCache), () => runProcess('nix', ['--help'], { env }), ROUNDS), '');

    // one typical configuration.nix of the corpus (152 lines): our checks vs Nix's parse
    const file = path.join(dir, 'configuration.nix');
    fs.copyFileSync(path.join(root, 'test-fixtures/corpus/configuration-server.nix'), file);
    row(
      '`nix-humanity check configuration.nix` (corpus configuration-server.nix) vs `nix-instantiate --parse`',
      await alternate(ours(['check', file]), () => runProcess('nix-instantiate', ['--parse', file], { env }), ROUNDS),
      '1.5x',
    );

    // 500 generations of real store paths (bench/generations.ts builds them)
    const systems = buildSystems(dir);
    const profile = path.join(dir, 'system');
    for (let n = 1; n <= GENERATIONS; n++) fs.symlinkSync(systems[n - 1]!, `${profile}-${n}-link`);
    fs.symlinkSync(`system-${GENERATIONS}-link`, profile);
    row(
      `\`nix-humanity generations --json\` (${GENERATIONS} generations) vs \`nix-env --list-generations\``,
      await alternate(ours(['generations', '--profile', profile, '--json']), () => runProcess('nix-env', ['-p', profile, '--list-generations'], { env }), ROUNDS),
      '1.5x',
    );
    row('`node -e 0` vs `nix --help` (Node\'s own start, for scale)', await alternate(() => runProcess(node, ['-e', '0']), () => runProcess('nix', ['--help'], { env }), ROUNDS), '');

    // The same commands against a bare Node, paired in the same way: what they add to Node's own
    // start (a ratio across rows would mix moments of a shared machine's load).
    const bare = () => runProcess(node, ['-e', '0']);
    row('`nix-humanity --help` vs `node -e 0`', await alternate(ours(['--help']), bare, ROUNDS), '');
    row('`nix-humanity check configuration.nix` vs `node -e 0`', await alternate(ours(['check', file]), bare, ROUNDS), '');
    row(`\`nix-humanity generations --json\` (${GENERATIONS} generations) vs \`node -e 0\``, await alternate(ours(['generations', '--profile', profile, '--json']), bare, ROUNDS), '');

    // the language server: spawn to the first diagnostics of a 500-line file, vs a bare Node, and
    // on to the diagnostics with the NixOS checks, which it publishes once its knowledge is read
    // (and the server's own CPU time, steadier than wall time on a shared machine; the 2 untimed rounds dropped)
    const cpus: number[] = [];
    const nixos: number[] = [];
    const server = await alternate(
      async () => {
        const ms = await firstDiagnostics({ XDG_CACHE_HOME: cache });
        cpus.push(lsp.lastServerCpuMs);
        nixos.push(lsp.lastWithNixosMs);
        return ms;
      },
      () => runProcess(node, ['-e', '0']),
      ROUNDS,
    );
    row(`language server: spawn to first diagnostics (${lsp.FIRST_INPUT}) vs \`node -e 0\``, server, '1.5x');
    // (the same rounds: each against the bare Node of its round)
    const withNixos = nixos.slice(2);
    row(
      'language server: the same, to the diagnostics with the NixOS checks, vs `node -e 0`',
      { ours: median(withNixos), reference: server.reference, ratio: median(withNixos.map((x, i) => x / server.referenceSamples[i]!)), rounds: ROUNDS, referenceSamples: server.referenceSamples },
      '',
    );
    const serverCpu = median(cpus.slice(2));

    console.log(`Each row: ${ROUNDS} rounds, the two sides alternating (order flipped each round), after 2 untimed rounds; ${loadNote()} at the end.\n`);
    table(rows);
    console.log(`The language server's CPU time (all its threads) to the first diagnostics: ${serverCpu.toFixed(1)} ms, median.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchCli();

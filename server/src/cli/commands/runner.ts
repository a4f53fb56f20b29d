// `nix-humanity __runner DIR`: the operation runner the language server starts for an operation
// the person asked for in the editor (system/detached/host.ts). Internal: not listed in --help.
// Its input (the run, with its settings' environment) comes on standard input, never in argv or
// a file. A signal cancels the run as it does for `rebuild` (cli/main.ts).
import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { hostRun, listenEarly, type EarlyListener } from '../../system/detached/host';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preloadProcesses, runProcess, runProcessStreaming } from '../../system/exec';
import { RUNNER_COMMAND, RUNNER_LOG, STATE_FILE, type RunnerInput } from '../../system/detached/state';

const MAX_INPUT = 16 * 1024 * 1024;
/** A runner whose input has not come within this long has time to warm up. */
const WARM_AFTER_MS = 50;

export const runnerCommand: CliCommand = {
  name: RUNNER_COMMAND,
  hidden: true,
  summary: 'Run an editor operation apart from the language server (internal)',
  usage: `Usage: nix-humanity ${RUNNER_COMMAND} DIR [SOCKET] < input.json

Internal: started by the language server. Runs one operation, keeps its
events in DIR and serves them on its socket, so that the operation survives
a window reload. Given SOCKET (the run's socket), it listens there while it
waits for its input.`,
  async run(args, io) {
    const [dir, socket] = args;
    if (!dir || args.length > 2) throw new UsageError(`${RUNNER_COMMAND} needs the run's folder`);
    // Started ahead, it waits here for its run: meanwhile the process machinery loads.
    preloadProcesses();
    const early = socket ? await listenAhead(socket) : undefined;
    // Still without its input after a moment (a runner started ahead, the dialog being read): a
    // first process started now is one fewer cold start in the run.
    let waiting = true;
    setTimeout(() => void warmProcesses(() => waiting), WARM_AFTER_MS).unref();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      // A run's input is a few kilobytes: anything this big is not one.
      if (size > MAX_INPUT) throw new UsageError('the input on standard input is too large');
      chunks.push(chunk as Buffer);
    }
    waiting = false;
    if (chunks.length === 0) {
      // no code cache from this run (cli/launcher.ts): it ran none of a run's code
      (globalThis as Record<symbol, unknown>)[Symbol.for('nix-humanity.noCodeCache')] = true;
      if (socket) stopListening(early, socket, dir);
      // Not used (the person did not confirm, or its server went): its folder goes, if still empty of a run.
      if (!fs.existsSync(path.join(dir, STATE_FILE))) {
        fs.rmSync(path.join(dir, RUNNER_LOG), { force: true });
        try {
          fs.rmdirSync(dir);
        } catch {
          // not empty: not ours to remove
        }
      }
      return 0;
    }
    let input: RunnerInput;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunnerInput;
    } catch {
      throw new UsageError('the input on standard input is not JSON');
    }
    if (input.dir !== dir || typeof input.socket !== 'string' || (socket !== undefined && input.socket !== socket) || typeof input.token !== 'string' || !input.params?.plan) throw new UsageError('the input does not describe a run in this folder');
    const result = await hostRun(input, io.signal, early);
    return result.ok ? 0 : 1;
  },
};

/** Listening early is a head start only: without it the run listens once its input is there. */
async function listenAhead(socket: string): Promise<EarlyListener | undefined> {
  try {
    return await listenEarly(socket);
  } catch {
    return undefined;
  }
}

/** A runner not used: its socket goes, and the private folder a long path put it in. */
function stopListening(early: EarlyListener | undefined, socket: string, dir: string): void {
  early?.close();
  fs.rmSync(socket, { force: true });
  const folder = path.dirname(socket);
  if (folder !== dir && path.basename(folder).startsWith('nh-run-')) {
    try {
      fs.rmdirSync(folder);
    } catch {
      // not empty: not ours to remove
    }
  }
}

/**
 * Starts a harmless process (`nix-instantiate --version`) each way exec.ts starts processes, one after
 * the other while `idle()` holds: a process with time now (a runner waiting for its run) then has
 * the one-off costs of a first start behind it (execa's and this module's code run cold, the
 * output files, the stream machinery) when the real ones come: 4 ms less CPU in a runner's run
 * (14 against 18 ms, 12 runs). Fails quietly: it is a head start only.
 */
async function warmProcesses(idle: () => boolean): Promise<void> {
  if (idle()) await runProcessStreaming('nix-instantiate', ['--version'], { timeoutMs: 5000, onLine: () => undefined }).catch(() => undefined);
  if (idle()) await runProcess('nix-instantiate', ['--version'], { timeoutMs: 5000 }).catch(() => undefined);
}

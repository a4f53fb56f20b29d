// `nix-humanity __runner DIR`: the operation runner the language server starts for an operation
// the person asked for in the editor (system/detached/host.ts). Internal: not listed in --help.
// Its input (the run, with its settings' environment) comes on standard input, never in argv or
// a file. A signal cancels the run as it does for `rebuild` (cli/main.ts).
import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { hostRun } from '../../system/detached/host';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preloadProcesses } from '../../system/exec';
import { RUNNER_COMMAND, RUNNER_LOG, STATE_FILE, type RunnerInput } from '../../system/detached/state';

const MAX_INPUT = 16 * 1024 * 1024;

export const runnerCommand: CliCommand = {
  name: RUNNER_COMMAND,
  hidden: true,
  summary: 'Run an editor operation apart from the language server (internal)',
  usage: `Usage: nix-humanity ${RUNNER_COMMAND} DIR < input.json

Internal: started by the language server. Runs one operation, keeps its
events in DIR and serves them on its socket, so that the operation survives
a window reload.`,
  async run(args, io) {
    const [dir] = args;
    if (!dir || args.length !== 1) throw new UsageError(`${RUNNER_COMMAND} needs the run's folder`);
    // Started ahead, it waits here for its run: meanwhile the process machinery loads.
    preloadProcesses();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      // A run's input is a few kilobytes: anything this big is not one.
      if (size > MAX_INPUT) throw new UsageError('the input on standard input is too large');
      chunks.push(chunk as Buffer);
    }
    if (chunks.length === 0) {
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
    if (input.dir !== dir || typeof input.socket !== 'string' || typeof input.token !== 'string' || !input.params?.plan) throw new UsageError('the input does not describe a run in this folder');
    const result = await hostRun(input, io.signal);
    return result.ok ? 0 : 1;
  },
};

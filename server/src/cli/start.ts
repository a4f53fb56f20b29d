import { dispatch } from './dispatch';
import type { CliIO } from './io';
import type { CancelSignal } from '../protocol/rebuild';

// The system modules the signal and error handlers call are required when a handler runs, not
// at start: `--help`, `check` and `generations` never load them (execa and the rebuild runner
// among them). A module a command has loaded is the same one then, with the processes, locks and
// operations it holds; one no command loaded holds none, and is set up empty.
const exec = () => require('../system/exec') as typeof import('../system/exec');
const lock = () => require('../system/rebuild/lock') as typeof import('../system/rebuild/lock');
const redact = () => require('../system/rebuild/redact') as typeof import('../system/rebuild/redact');
const runner = () => require('../system/rebuild/runner') as typeof import('../system/rebuild/runner');
const session = () => require('../system/rebuild/session') as typeof import('../system/rebuild/session');

// Binds the CLI to the process: everything testable lives in dispatch(). main.ts calls this at
// once; a start-up snapshot (bench/snapshotEntry.ts) calls it when a process starts from one.
export function startCli(argv: readonly string[]): void {
  const controller = new AbortController();

  // SIGINT (Ctrl-C), SIGTERM (kill, a service manager) and SIGHUP (the terminal closed) alike: the
  // first one cancels a running rebuild or rollback cleanly (its processes stopped, its lock and GC
  // root removed, the result written and recorded); a second one, or one arriving when there is
  // nothing to cancel, stops at once: every process started here killed, the locks released, the
  // records written, then exit with 128 + the signal's number. Without handlers a fatal signal
  // skips every 'exit' handler and leaves the builds running.
  const SIGNAL_NUMBERS: Record<CancelSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  let received = 0;
  for (const name of Object.keys(SIGNAL_NUMBERS) as CancelSignal[]) {
    process.on(name, () => {
      received += 1;
      if (received === 1 && runner().runningOperations() > 0) {
        controller.abort(new (session().CancelledBySignal)(name));
        return;
      }
      // Nothing to cancel cleanly (check, the language server, diff's processes, which stop with
      // it), or asked twice.
      exec().stopAllNow();
      runner().stopOperationsNow(name);
      lock().releaseHeldLocks();
      process.exit(128 + SIGNAL_NUMBERS[name]);
    });
  }

  // Once the terminal is gone (SIGHUP), writing to it fails (EIO, EPIPE): the operation still ends
  // cleanly and records its result; the output has nowhere to go.
  const quiet = (stream: NodeJS.WriteStream) => stream.on('error', () => undefined);
  quiet(process.stdout);
  quiet(process.stderr);
  const write = (stream: NodeJS.WriteStream, text: string) => {
    try {
      stream.write(text);
    } catch {
      // the terminal is gone
    }
  };

  const io: CliIO = {
    stdout: (text) => write(process.stdout, text),
    stderr: (text) => write(process.stderr, text),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  };

  dispatch(argv.slice(), io).then(
    (code) => {
      // The language server keeps the process alive itself; other commands end with their code.
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      write(process.stderr, `nix-humanity: ${redact().redactSecrets(message)}\n`);
      process.exitCode = 1;
    },
  );
}

import { dispatch } from './dispatch';
import type { CliIO } from './io';
import { DescriptorOut } from '../system/fdOut';
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
  // cleanly and records its result; the output has nowhere to go. Output goes to the descriptors
  // (system/fdOut.ts): building process.stdout or stderr loads the stream modules (and `net` for a
  // pipe), which `--help`, `check` and the language server's start do without. Whatever else
  // builds them gets the same quiet handler when it does.
  const quiet = (stream: NodeJS.WriteStream) => stream.on('error', () => undefined);
  onFirstUse('stdout', quiet);
  onFirstUse('stderr', quiet);
  const out = { stdout: new DescriptorOut('stdout', () => undefined), stderr: new DescriptorOut('stderr', () => undefined) };
  const write = (name: 'stdout' | 'stderr', text: string) => out[name].write(text);

  const io: CliIO = {
    stdout: (text) => write('stdout', text),
    stderr: (text) => write('stderr', text),
    get isTTY() {
      return Boolean(process.stdout.isTTY);
    },
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
      write('stderr', `nix-humanity: ${redact().redactSecrets(message)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Calls `setUp` with process[name] when something first reads it (at once if Node's getter cannot be wrapped). */
function onFirstUse(name: 'stdout' | 'stderr', setUp: (stream: NodeJS.WriteStream) => void): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  const get = own?.get;
  if (!get || !own.configurable) {
    setUp(process[name]);
    return;
  }
  let done = false;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() {
      const stream = get.call(process) as NodeJS.WriteStream;
      if (!done) {
        done = true;
        setUp(stream);
      }
      return stream;
    },
  });
}

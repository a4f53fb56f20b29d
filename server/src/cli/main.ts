import { dispatch } from './dispatch';
import type { CliIO } from './io';

// The process entry point: everything testable lives in dispatch(); this only binds it to the process.
const controller = new AbortController();
let interrupted = 0;
process.on('SIGINT', () => {
  // First Ctrl-C cancels the running operation cleanly; a second one gives up at once.
  interrupted += 1;
  if (interrupted > 1) process.exit(130);
  controller.abort();
});

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
};

dispatch(process.argv.slice(2), io).then(
  (code) => {
    // The language server keeps the process alive itself; other commands end with their code.
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nix-humanity: ${message}\n`);
    process.exitCode = 1;
  },
);

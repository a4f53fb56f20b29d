// What a CLI command may touch of the outside world, passed in so tests can run commands in-process.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal: commands may then draw a live progress line. */
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C, so long operations can cancel cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** Internal (started by the language server): not listed in --help. */
  hidden?: boolean;
  /** One line, shown in `nix-humanity --help`. */
  summary: string;
  /** Full usage text, shown by `nix-humanity help NAME` and `NAME --help`. */
  usage: string;
  /** Returns the process exit code. Usage errors throw UsageError. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A mistake in how the command was called: reported in one line with the help hint, exit 2. */
export class UsageError extends Error {}

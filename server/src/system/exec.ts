// The one place in the code base that starts processes. Always an argument array, never a shell.
import { execa, type ResultPromise } from 'execa';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Text written to the process's standard input. */
  input?: string;
  /** Aborting kills the process (and, with `group`, everything it started). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: string;
  cancelled: boolean;
  timedOut: boolean;
}

/** Runs a command to completion and collects its output. Never throws for a failing command. */
export async function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const child: ResultPromise = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.env === undefined,
    input: options.input,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
  });
  const result = await child;
  const spawnError = result.failed && result.exitCode === undefined && !result.isCanceled && !result.timedOut
    ? result.originalMessage ?? result.shortMessage
    : undefined;
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    spawnError,
    cancelled: Boolean(result.isCanceled),
    timedOut: Boolean(result.timedOut),
  };
}

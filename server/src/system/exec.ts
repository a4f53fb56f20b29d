// The one place in the code base that starts processes. Always an argument array, never a shell.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResultPromise } from 'execa';

// execa is loaded on the first process started: the CLI's commands that start none (check,
// generations, --help) and the language server's start-up do not pay for loading it.
let loadedExeca: typeof import('execa').execa | undefined;
async function execaFn(): Promise<typeof import('execa').execa> {
  return (loadedExeca ??= (await import('execa')).execa);
}

/** Loads the process machinery now (a process that will start processes soon, and has time now). */
export function preloadProcesses(): void {
  void execaFn();
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Text written to the process's standard input. */
  input?: string;
  /**
   * Aborting kills the process and everything it started (its process group, and every
   * descendant found: SIGTERM, then SIGKILL after a grace period), as the timeout does.
   */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** What the process group gets when this process exits while it runs (default SIGTERM). An
   * evaluation has nothing to clean up and may not heed SIGTERM mid-evaluation: SIGKILL. */
  exitSignal?: NodeJS.Signals;
  /**
   * Start the command under a small Node watchdog that kills it (its whole process group) when
   * this process disappears, even by SIGKILL, where no exit handler runs. For long background
   * work such as an evaluation; costs one Node start-up.
   */
  dieWithParent?: boolean;
  /**
   * Run at the lowest CPU priority (nice 19, inherited by what it starts: a single-user Nix's
   * builders): background work such as a build ahead, which must not slow the person's editor.
   */
  lowPriority?: boolean;
}

/** The watchdog: runs argv[1..] in its own group, and kills that group once its parent is gone. */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const parent = process.ppid;
const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => { process.stderr.write('nix-humanity-watchdog: ' + error.code + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
const check = setInterval(() => {
  if (process.ppid !== parent) { try { process.kill(-process.pid, 'SIGKILL'); } catch { process.exit(1); } }
}, 250);
check.unref();
`;

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: string;
  cancelled: boolean;
  timedOut: boolean;
  /** The signal that ended the process, when one did (exitCode is then -1): say "killed by SIGKILL". */
  signal?: NodeJS.Signals;
  /** Set when some of the output may be missing: the temporary folder ran out of room while the
   * process wrote to it. A sentence saying so. */
  outputCut?: string;
}

/** "exit code N", or "killed by SIGNAL" when a signal ended it. */
export function describeExit(result: Pick<RunResult, 'exitCode' | 'signal'>): string {
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
}

/**
 * Runs a command to completion and collects its output. Never throws for a failing command.
 * The process gets its own process group, so that a cancel or the timeout stops what it
 * started too (a formatter behind a wrapper script, say), not the script alone.
 */
export async function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  if (options.dieWithParent) {
    const watched = await runProcess(process.execPath, ['-e', WATCHDOG, '--', command, ...args], { ...options, dieWithParent: false });
    const missing = /^nix-humanity-watchdog: (\w+)$/m.exec(watched.stderr);
    if (watched.exitCode === 127 && missing) return { ...watched, stderr: '', spawnError: `spawn ${command} ${missing[1]}` };
    return watched;
  }
  const execa = loadedExeca ?? (await execaFn());
  const child: ResultPromise = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.env === undefined,
    input: options.input,
    detached: true,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
  });
  if (child.pid !== undefined) running.set(child.pid, { detached: true, exitSignal: options.exitSignal ?? 'SIGTERM' });
  const stop = stopper(child, true, options, 3000);
  let result: Awaited<ResultPromise>;
  try {
    result = await child;
  } finally {
    if (child.pid !== undefined) running.delete(child.pid);
    await stop.settled();
  }
  const spawnError = result.failed && result.exitCode === undefined && result.signal === undefined && !stop.cancelled && !stop.timedOut
    ? result.originalMessage ?? result.shortMessage
    : undefined;
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    spawnError,
    ...(result.signal && !stop.cancelled && !stop.timedOut ? { signal: result.signal as NodeJS.Signals } : {}),
    cancelled: stop.cancelled,
    timedOut: stop.timedOut,
  };
}

/**
 * Stops `child`'s whole tree (killProcessTree) when `options.signal` aborts or its timeout
 * passes, and says which it was. `settled()`, once the child has exited, stops listening and
 * waits for a kill under way to finish.
 */
function stopper(
  child: ResultPromise,
  detached: boolean,
  options: Pick<RunOptions, 'signal' | 'timeoutMs'>,
  graceMs: number,
): { readonly cancelled: boolean; readonly timedOut: boolean; settled(): Promise<void> } {
  let killing: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const state = {
    cancelled: false,
    timedOut: false,
    async settled() {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (killing) await killing;
    },
  };
  const kill = () => {
    if (killing || child.pid === undefined) return;
    killing = killProcessTree(child.pid, detached, exited, graceMs);
  };
  const onAbort = () => {
    state.cancelled = true;
    kill();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    state.timedOut = true;
    kill();
  }, options.timeoutMs);
  return state;
}

export type OutputStream = 'stdout' | 'stderr';

export interface StreamLine {
  stream: OutputStream;
  line: string;
}

export interface StreamOptions extends RunOptions {
  /** Called for every complete line (without its newline), in the order the lines arrive per stream. */
  onLine?: (line: StreamLine) => void;
  /** Start the process in its own process group, so the whole tree can be signalled (default true).
   * Off for a command that must read a password from the terminal (sudo without askpass). */
  detached?: boolean;
  /** How long a cancelled tree gets between SIGTERM and SIGKILL (default 3000 ms). */
  killGraceMs?: number;
  /** Keep stdout/stderr in the result (default false: a build log can be large). */
  collect?: boolean;
  /** stdout and stderr into one output, in exactly the order the process wrote them; every line is
   * then reported as `stdout` (and collected there). For callers that treat both alike. */
  merge?: boolean;
}

export type StreamEvent = { type: 'line'; stream: OutputStream; line: string } | { type: 'exit'; result: RunResult };

/** How often output written to the temporary files is read while the process runs: as often as
 * the rebuild sends progress at most, so a step shorter than this (a no-change build) is never
 * woken up for it at all (each wake-up costs this process CPU time that Nix could have used). */
export const OUTPUT_POLL_MS = 100;

/**
 * Runs a command and reports its output line by line. Aborting `signal` (or the timeout) kills the
 * whole process tree: the process group, and every descendant found before the kill, including
 * ones that started their own session (Nix puts each builder in its own session).
 *
 * The output goes to unlinked temporary files, read every OUTPUT_POLL_MS and at the exit, rather
 * than to pipes: with a pipe every line the process writes (Nix writes each internal-json line
 * separately) wakes this process and runs Node's stream machinery, competing with the process for
 * the CPU; a file costs nothing until it is read, never makes the writer wait, and keeps the exact
 * order of a merged stdout and stderr. Pipes remain the fallback when no temporary file can be made.
 */
export async function runProcessStreaming(command: string, args: readonly string[], options: StreamOptions = {}): Promise<RunResult> {
  // Through coreutils' nice, so the priority holds from the first instruction and for everything
  // the command starts (setting it after the spawn would race the command's own children).
  if (options.lowPriority) [command, args] = ['nice', ['-n', '19', command, ...args]];
  const execa = loadedExeca ?? (await execaFn());
  const detached = options.detached ?? true;
  const collected: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  const deliver = (stream: OutputStream, line: string) => {
    if (options.collect) collected[stream].push(line);
    options.onLine?.({ stream, line });
  };
  // A temporary folder short of room would cut the output (Nix's writes to it fail, and it goes
  // on without them): then pipes, which hold nothing on disk.
  const folder = options.env?.TMPDIR || temporaryFolder();
  const outFile = roomForOutput(folder) ? OutputFile.open(folder) : undefined;
  const errFile = outFile && !options.merge ? OutputFile.open(folder) : outFile;
  if (outFile && !errFile) outFile.close();
  const files = outFile && errFile ? (outFile === errFile ? [outFile] : [outFile, errFile]) : undefined;
  // The tree kill below is ours (execa's `cleanup` skips detached processes); execa starts the
  // process, with output into the files (or, without them, pipes left unbuffered, so a long build
  // log streams instead of piling up).
  // A file descriptor number goes to spawn as is (execa's types only list 1 to 9; any fd works).
  const output = files ? { stdout: outFile!.fd as 3, stderr: errFile!.fd as 3 } : { stdout: 'pipe' as const, stderr: 'pipe' as const };
  let child: ResultPromise;
  try {
    child = execa(command, args, {
      cwd: options.cwd,
      env: options.env,
      extendEnv: options.env === undefined,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
      ...output,
      detached,
      buffer: false,
      reject: false,
      encoding: 'utf8',
    });
  } catch (error) {
    for (const f of files ?? []) f.close();
    throw error;
  }
  const closed = Promise.resolve(child).then((result) => ({
    code: result.exitCode ?? null,
    signal: result.signal as NodeJS.Signals | undefined,
    spawnError:
      result.failed && result.exitCode === undefined && result.signal === undefined
        ? (result.originalMessage ?? result.shortMessage)
        : undefined,
  }));
  if (child.pid !== undefined) running.set(child.pid, { detached, exitSignal: options.exitSignal ?? 'SIGTERM' });
  // Who belongs to the tree, now and then: when the process dies of a signal that was not ours
  // (SIGKILL by the OOM killer, kill -9), what it started (a builder in its own session) is
  // re-parented and no longer found through it; these are stopped then.
  const tracker = child.pid !== undefined ? new TreeTracker(child.pid) : undefined;
  const scanning = tracker ? setInterval(() => tracker.scan(), TREE_SCAN_MS) : undefined;
  scanning?.unref();
  /** The temporary folder ran low while the process wrote: the files are given back their room as read. */
  let lowOnRoom = false;
  /** ...and some output may be lost doing it. */
  let mayBeCut = false;
  const readers = files
    ? []
    : (['stdout', 'stderr'] as const).map((stream) => readLines(child[stream], (line) => deliver(options.merge ? 'stdout' : stream, line)));
  const drain = () => {
    outFile?.drain((line) => deliver('stdout', line));
    if (errFile !== outFile) errFile?.drain((line) => deliver('stderr', line));
  };
  let poll: NodeJS.Timeout | undefined;
  let polls = 0;
  const tick = () => {
    drain();
    // The temporary folder filling up while the process writes: from then on, empty each file
    // once it has been read (what was read is delivered; the room is given back), every 10 ms.
    // A write landing between the last read and the truncation is lost: say that it may be.
    if (!lowOnRoom && ++polls % SPACE_CHECK_POLLS !== 0) return;
    if (!lowOnRoom && roomForOutput(folder, LOW_WATER_BYTES)) return;
    if (!lowOnRoom) {
      lowOnRoom = true;
      clearInterval(poll);
      poll = setInterval(tick, 10);
    }
    if (outFile?.reclaim((line) => deliver('stdout', line))) mayBeCut = true;
    if (errFile !== outFile && errFile?.reclaim((line) => deliver('stderr', line))) mayBeCut = true;
    // Completely full at some point: the writer's lines of that moment were refused.
    if (!roomForOutput(folder, 64 * 1024)) mayBeCut = true;
  };
  if (files) poll = setInterval(tick, OUTPUT_POLL_MS);

  const stop = stopper(child, detached, options, options.killGraceMs ?? 3000);

  let code: number | null;
  let spawnError: string | undefined;
  let killedBy: NodeJS.Signals | undefined;
  try {
    ({ code, spawnError, signal: killedBy } = await closed);
    if (child.pid !== undefined) running.delete(child.pid);
    if (scanning) clearInterval(scanning);
    // Died of a signal that was not ours: nothing it started may outlive it.
    if (killedBy && !stop.cancelled && !stop.timedOut) await tracker?.sweep(options.killGraceMs ?? 3000);
    await Promise.all(readers);
    await stop.settled();
  } finally {
    if (scanning) clearInterval(scanning);
    if (poll) clearInterval(poll);
    // Everything the process wrote is in the files once it has exited: the last lines, then done.
    try {
      if (files) {
        drain();
        outFile!.finish((line) => deliver('stdout', line));
        if (errFile !== outFile) errFile!.finish((line) => deliver('stderr', line));
      }
    } finally {
      for (const f of files ?? []) f.close();
    }
  }
  return {
    exitCode: code ?? -1,
    stdout: collected.stdout.join('\n'),
    stderr: collected.stderr.join('\n'),
    ...(spawnError !== undefined && !stop.cancelled && !stop.timedOut ? { spawnError } : {}),
    cancelled: stop.cancelled,
    timedOut: stop.timedOut,
    ...(killedBy && !stop.cancelled && !stop.timedOut ? { signal: killedBy } : {}),
    ...(mayBeCut ? { outputCut: `The temporary folder ${folder} (TMPDIR) ran out of room while ${path.basename(command)} wrote its output there, so some lines of it may be missing.` } : {}),
  };
}

/** How often the process tree is listed while a process runs (for the sweep after a foreign kill). */
const TREE_SCAN_MS = 1000;
/** Output goes to a temporary file only with at least this much room in the folder... */
const MIN_FREE_BYTES = 64 * 1024 * 1024;
/** ...and below this much while it runs, the files are emptied as they are read. */
const LOW_WATER_BYTES = 16 * 1024 * 1024;
/** A hole is punched once this much more was read (each punch runs fallocate). */
const PUNCH_MIN_BYTES = 2 * 1024 * 1024;
/** The room is checked every this many polls (one statfs call). */
const SPACE_CHECK_POLLS = 5;
/** A line longer than this is delivered in pieces: a process writing without newlines never grows our memory without bound. */
export const MAX_LINE_CHARS = 1024 * 1024;

/** True when the temporary folder has at least `bytes` free (and free inodes); true when unknown. */
function roomForOutput(folder: string, bytes = MIN_FREE_BYTES): boolean {
  try {
    const s = fs.statfsSync(folder);
    return s.bavail * s.bsize >= bytes && (s.files === 0 || s.ffree > 0);
  } catch {
    return true;
  }
}

/** Remembers the members of a process tree (with their start times, so a reused pid is never hit). */
class TreeTracker {
  private readonly seen = new Map<number, ProcessIdentity>();

  constructor(private readonly root: number) {}

  scan(): void {
    for (const p of descendantsOf(this.root)) this.seen.set(p.pid, p);
  }

  /** Stops every remembered member still alive, and what they started: SIGTERM, then SIGKILL. */
  async sweep(graceMs: number): Promise<void> {
    signal(-this.root, 'SIGTERM');
    const members = () => {
      const alive = [...this.seen.values()].filter(stillSame);
      const below = alive.flatMap((p) => descendantsOf(p.pid));
      return [...alive, ...below];
    };
    let left = members();
    for (const p of left) {
      signal(-p.pid, 'SIGTERM');
      signal(p.pid, 'SIGTERM');
    }
    const deadline = Date.now() + graceMs;
    while ((left = left.filter(stillSame)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    signal(-this.root, 'SIGKILL');
    for (const p of [...left, ...members()].filter(stillSame)) {
      signal(-p.pid, 'SIGKILL');
      signal(p.pid, 'SIGKILL');
    }
  }
}

/** One read buffer for every output file: reads are synchronous and their bytes are decoded (or
 * copied) before the next one, so it is never shared by two at once, and no process pays for a
 * fresh 64 KiB allocation (which, counted as external memory, also brings V8's GC forward). */
const readBuffer = Buffer.allocUnsafe(64 * 1024);
let outputFiles = 0;
let tmpdir: string | undefined;
/** os.tmpdir() once per process: each call reads TMPDIR through Node's locked getenv (about
 * 0.08 ms, twice per process started, in profiles of a no-change rebuild). */
function temporaryFolder(): string {
  return (tmpdir ??= os.tmpdir());
}

/**
 * A process's output: a temporary file, unlinked as soon as it is open (so nothing is left behind
 * and nobody else can open it), that the process appends to and we read from where we left off.
 */
class OutputFile {
  private position = 0;
  /** Bytes of an unfinished last line (split at a newline byte, so never inside a UTF-8 character). */
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(readonly fd: number) {}

  /** A new file in the temporary folder, or undefined when none can be made (then pipes are used). */
  static open(folder: string): OutputFile | undefined {
    const { O_RDWR, O_CREAT, O_EXCL, O_APPEND, O_NOFOLLOW } = fs.constants;
    for (let attempt = 0; attempt < 3; attempt++) {
      const file = path.join(folder, `nh-output-${process.pid}-${++outputFiles}-${Date.now().toString(36)}`);
      let fd: number;
      try {
        // O_EXCL: never an existing file or a planted symlink.
        fd = fs.openSync(file, O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        return undefined;
      }
      try {
        fs.unlinkSync(file);
      } catch {
        // still usable; the name is only left behind
      }
      return new OutputFile(fd);
    }
    return undefined;
  }

  /** Reads what was written since the last call and reports each complete line. */
  drain(onLine: (line: string) => void): void {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(this.fd, readBuffer, 0, readBuffer.length, this.position);
      } catch {
        return;
      }
      if (n === 0) return;
      this.position += n;
      const read = readBuffer.subarray(0, n);
      // Decoded first, reported after: a callback never sees the shared buffer in use.
      const lines: string[] = [];
      let start = 0;
      let newline: number;
      while ((newline = read.indexOf(10, start)) !== -1) {
        const line = this.pending.length > 0
          ? Buffer.concat([...this.pending.splice(0), read.subarray(start, newline)]).toString('utf8')
          : read.toString('utf8', start, newline);
        this.pendingBytes = 0;
        lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
        start = newline + 1;
      }
      if (start < n) {
        this.pending.push(Buffer.from(read.subarray(start)));
        this.pendingBytes += n - start;
        if (this.pendingBytes >= MAX_LINE_CHARS) {
          lines.push(Buffer.concat(this.pending.splice(0)).toString('utf8'));
          this.pendingBytes = 0;
        }
      }
      for (const line of lines) onLine(line);
      if (n < readBuffer.length) return;
    }
  }

  /** Bytes before this offset were read and their room given back (a hole punched). */
  private punched = 0;
  private punchWorks = true;

  /**
   * Gives the room back once the folder is nearly full, keeping what is unread. First choice: punch
   * a hole over what was read (`fallocate --punch-hole` on /proc/PID/fd/N: the writer's appends are
   * untouched, nothing can be lost), at most once per PUNCH_MIN_BYTES read. Where that is not
   * possible (no fallocate, a file system without holes): empty the file once everything written
   * has been read (the writer appends, so its next line starts it again), reading again when the
   * writer was faster (up to 50 times); a line written between the size check and the truncation
   * is lost. Returns true when lines may have been lost.
   */
  reclaim(onLine: (line: string) => void): boolean {
    this.drain(onLine);
    if (this.punchWorks) {
      if (this.position - this.punched < PUNCH_MIN_BYTES) return false;
      const r = spawnSync('fallocate', ['--punch-hole', '--offset', String(this.punched), '--length', String(this.position - this.punched), `/proc/${process.pid}/fd/${this.fd}`], { stdio: 'ignore', timeout: 5000 });
      if (r.status === 0) {
        this.punched = this.position;
        return false;
      }
      this.punchWorks = false;
    }
    const lines: string[] = [];
    try {
      for (let attempt = 0; attempt < 50; attempt++) {
        this.drain((line) => lines.push(line));
        if (fs.fstatSync(this.fd).size !== this.position) continue;
        fs.ftruncateSync(this.fd, 0);
        this.position = 0;
        break;
      }
    } catch {
      // keep reading as before
    } finally {
      for (const line of lines) onLine(line);
    }
    return true;
  }

  /** Reports an unfinished last line. */
  finish(onLine: (line: string) => void): void {
    if (this.pending.length > 0) onLine(Buffer.concat(this.pending.splice(0)).toString('utf8'));
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // closed already
    }
  }
}

/** The same as runProcessStreaming, as an async stream of lines ending with the exit. Leaving the
 * loop early kills the process tree. */
export async function* streamProcess(command: string, args: readonly string[], options: Omit<StreamOptions, 'onLine'> = {}): AsyncGenerator<StreamEvent> {
  const queue: StreamEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: StreamEvent) => {
    queue.push(event);
    wake?.();
  };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const done = runProcessStreaming(command, args, { ...options, signal, onLine: (l) => push({ type: 'line', ...l }) })
    .then((result) => push({ type: 'exit', result }));
  try {
    for (;;) {
      const event = queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yield event;
      if (event.type === 'exit') return;
    }
  } finally {
    stop.abort();
    await done;
  }
}

// execa's `cleanup` leaves detached processes alone: stop our groups when this process exits.
// A fatal signal skips 'exit' handlers: the CLI handles SIGINT, SIGTERM and SIGHUP itself and
// calls stopAllNow() when it cannot wait for a clean cancel.
/** Running children: pid -> started in its own process group, and the signal that stops it. */
const running = new Map<number, { detached: boolean; exitSignal: NodeJS.Signals }>();
process.once('exit', () => {
  for (const [pid, { detached, exitSignal }] of running) signal(detached ? -pid : pid, exitSignal);
});

/**
 * Processes started here to outlive this process for a while (the editor's operation runner:
 * it survives a window reload). Not stopped when this process exits normally, only by a signal
 * to it (stopAllNow): pid -> start time, so a reused pid is never hit.
 */
const outliving = new Map<number, string | undefined>();

export interface DetachedProcess {
  pid: number;
  /** Its start time (processStartTime), undefined where /proc cannot tell. */
  start: string | undefined;
}

export interface StartedDetached extends DetachedProcess {
  /** Writes its input and closes its standard input (once; for a process started without `input`). */
  send(input: string): void;
}

/**
 * Starts a process in its own session that lives on when this process ends: `input` goes to its
 * standard input (then closed: nothing secret is left in a file or its argv), now or later with
 * `send` (a process started ahead, loading while the person reads a dialog); its standard error
 * to the file `stderrFile` (its own bookkeeping, opened 0600), standard output nowhere.
 * Remembered (see `outliving`) until `forgetDetached`. Throws when it cannot be started.
 */
export function startDetached(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; stderrFile?: string }): StartedDetached {
  let errFd: number | 'ignore' = 'ignore';
  if (options.stderrFile) {
    try {
      errFd = fs.openSync(options.stderrFile, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW, 0o600);
    } catch {
      errFd = 'ignore';
    }
  }
  try {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', 'ignore', errFd] });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    let sent = false;
    const send = (input: string) => {
      if (sent) return;
      sent = true;
      child.stdin?.end(input);
    };
    if (options.input !== undefined) send(options.input);
    // Not waited for: it is meant to outlive this process (the pipe too, while it waits for input).
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    const started = { pid: child.pid, start: processStartTime(child.pid), send };
    outliving.set(started.pid, started.start);
    return started;
  } finally {
    if (typeof errFd === 'number') fs.closeSync(errFd);
  }
}

/** Remembers a process that outlives us which another process started (a runner taken up after a reload). */
export function adoptDetached(detached: DetachedProcess): void {
  outliving.set(detached.pid, detached.start);
}

export function forgetDetached(pid: number): void {
  outliving.delete(pid);
}

/** SIGTERM to every process remembered as outliving us (still the same process): for a signal to us. */
export function stopDetachedNow(): void {
  for (const [pid, start] of outliving) {
    if (start === undefined || processStartTime(pid) === start) signal(pid, 'SIGTERM');
  }
  outliving.clear();
}

/** How many processes started here are running. */
export function runningProcesses(): number {
  return running.size;
}

/**
 * Kills every process started here and everything they started, at once (SIGKILL), without
 * waiting: for a process about to exit that cannot wait for the graceful path.
 */
export function stopAllNow(): void {
  // Those meant to outlive us are stopped too, gracefully: they stop their own processes.
  stopDetachedNow();
  for (const [pid, { detached }] of running) {
    const tree = descendantsOf(pid);
    if (detached) signal(-pid, 'SIGKILL');
    signal(pid, 'SIGKILL');
    for (const p of tree) {
      if (!stillSame(p)) continue;
      signal(-p.pid, 'SIGKILL');
      signal(p.pid, 'SIGKILL');
    }
  }
}

function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    let pending = '';
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) !== -1) {
        onLine(pending.slice(0, newline).replace(/\r$/, ''));
        pending = pending.slice(newline + 1);
      }
      if (pending.length >= MAX_LINE_CHARS) {
        onLine(pending);
        pending = '';
      }
    });
    const finish = () => {
      if (pending !== '') onLine(pending);
      pending = '';
      resolve();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
}

interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat): tells a reused pid apart. */
  start: string;
}

/** Every live process, with its parent and start time (Linux /proc). Empty elsewhere. */
function processTable(): { pid: number; ppid: number; start: string }[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const table: { pid: number; ppid: number; start: string }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(entry), ppid: Number(fields[1]), start: fields[19] ?? '' });
    } catch {
      // exited while we were reading
    }
  }
  return table;
}

/** The descendants of `root` (not root itself), found by walking parent links. */
export function descendantsOf(root: number): ProcessIdentity[] {
  const table = processTable();
  const children = new Map<number, { pid: number; start: string }[]>();
  for (const p of table) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const found: ProcessIdentity[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      found.push({ pid: child.pid, start: child.start });
      stack.push(child.pid);
    }
  }
  return found;
}

let bootIdCache: string | null | undefined;
/** This boot's id (the kernel's), read once: with it a pid and start time outlast a reboot's reuse. */
export function bootId(): string | undefined {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache ?? undefined;
}

/** The start time of process `pid` (clock ticks since boot, field 22 of /proc/PID/stat), or
 * undefined when there is no such process or /proc cannot tell. With the boot id, a pid and this
 * name one process for good: a reused pid has another start time. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

function stillSame(p: ProcessIdentity): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] === p.start && fields[0] !== 'Z';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already, or not ours to signal
  }
}

/**
 * SIGTERM to the group and every descendant (and their groups: a builder leads its own session),
 * so Nix can clean up; SIGKILL to whatever is left after the grace period, including descendants
 * that were re-parented to init when their parent died.
 */
async function killProcessTree(pid: number, detached: boolean, exited: Promise<void>, graceMs: number): Promise<void> {
  const tree = descendantsOf(pid);
  const sendAll = (sig: NodeJS.Signals, members: ProcessIdentity[]) => {
    if (detached) signal(-pid, sig);
    signal(pid, sig);
    for (const p of members) {
      if (!stillSame(p)) continue;
      signal(-p.pid, sig);
      signal(p.pid, sig);
    }
  };
  sendAll('SIGTERM', tree);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  const outcome = await Promise.race([exited.then(() => 'exited' as const), timeout]);
  const rest = [...tree, ...descendantsOf(pid)];
  if (outcome === 'timeout') sendAll('SIGKILL', rest);
  // Nix stops its builders when it is told to; give it a moment, then make sure.
  const deadline = Date.now() + graceMs;
  while (rest.some(stillSame) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of rest.filter(stillSame)) {
    signal(-p.pid, 'SIGKILL');
    signal(p.pid, 'SIGKILL');
  }
}

// Reads Nix's `--log-format internal-json` stderr (`@nix {...}` lines) into progress, log lines and
// error messages. Activity and result type numbers come from Nix's logging.hh.
import type { NixMessage } from '../errors/types';
import type { Counts, CurrentBuild, LogEvent, ProgressEvent } from '../../protocol/rebuild';

export const ActivityType = {
  copyPath: 100,
  fileTransfer: 101,
  realise: 102,
  copyPaths: 103,
  builds: 104,
  build: 105,
  optimiseStore: 106,
  verifyPaths: 107,
  substitute: 108,
  queryPathInfo: 109,
  postBuildHook: 110,
  buildWaiting: 111,
  fetchTree: 112,
} as const;

export const ResultType = {
  fileLinked: 100,
  buildLogLine: 101,
  untrustedPath: 102,
  corruptedPath: 103,
  setPhase: 104,
  progress: 105,
  setExpected: 106,
  postBuildLogLine: 107,
  fetchStatus: 108,
} as const;

export type NixLogEntry =
  | { action: 'start'; id: number; type: number; level?: number; text?: string; parent?: number; fields?: unknown[] }
  | { action: 'stop'; id: number }
  | { action: 'result'; id: number; type: number; fields?: unknown[] }
  | ({ action: 'msg' } & NixMessage);

/** The entry on an `@nix {...}` line, or undefined for any other line (or broken JSON). */
export function parseInternalJson(line: string): NixLogEntry | undefined {
  if (!line.startsWith('@nix {')) return undefined;
  try {
    const entry = JSON.parse(line.slice(5)) as { action?: unknown };
    if (entry.action === 'start' || entry.action === 'stop' || entry.action === 'result' || entry.action === 'msg') {
      return entry as NixLogEntry;
    }
  } catch {
    // a truncated line: not ours to interpret
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** `hello-2.12.1` from `/nix/store/HASH-hello-2.12.1.drv`. */
export function derivationName(drvPath: string): string {
  const base = drvPath.slice(drvPath.lastIndexOf('/') + 1);
  return base.replace(/^[0-9a-z]{32}-/, '').replace(/\.drv$/, '');
}

interface Activity {
  type: number;
  fields: unknown[];
  started: number;
  phase?: string;
  /** [done, expected, running, failed] from the latest progress result. */
  progress?: [number, number, number, number];
}

/** Enough of each log for the error parsers (Nix itself shows a failed build's last 10 lines). */
const KEEP_BUILD_LOG_LINES = 500;
const KEEP_PLAIN_LINES = 5000;

/** Appends, keeping only the newest `keep` entries (trimmed in batches, so it stays O(1) amortised). */
function pushBounded(list: string[], line: string, keep: number): void {
  list.push(line);
  if (list.length > keep * 2) list.splice(0, list.length - keep);
}

function zero(): Counts {
  return { done: 0, running: 0, expected: 0, failed: 0 };
}

/**
 * Follows one Nix process's activities. Feed it every stderr line; it returns the log line to show
 * (if any) and keeps counts, current builds, error messages and per-derivation build logs for the end.
 */
export class NixProgress {
  private readonly activities = new Map<number, Activity>();
  private builds = zero();
  private copies = zero();
  /** Bytes done by stopped fileTransfer / copyPath activities, per activity type, so they keep counting. */
  private readonly finishedBytes = new Map<number, number>();
  /** setExpected results: activity id -> (activity type -> n). Kept after the activity stops, for the final numbers. */
  private readonly expectedSet = new Map<number, Map<number, number>>();
  readonly messages: NixMessage[] = [];
  readonly plainLines: string[] = [];
  readonly buildLogs: Record<string, string[]> = {};
  /** Derivations Nix announced it will build (`these N derivations will be built:`). */
  readonly plannedDrvs: string[] = [];
  private inPlannedList = false;
  /** Set on the first sign of building or substituting. */
  sawBuildWork = false;
  private changed = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** Handles one stderr line. Returns a log event for lines a person should see. */
  feed(line: string): LogEvent | undefined {
    const entry = parseInternalJson(line);
    if (!entry) {
      pushBounded(this.plainLines, line, KEEP_PLAIN_LINES);
      return this.plainLine(line);
    }
    switch (entry.action) {
      case 'start':
        return this.start(entry);
      case 'stop':
        this.stop(entry.id);
        return undefined;
      case 'result':
        return this.result(entry);
      case 'msg':
        return this.message(entry);
    }
  }

  /** True once after something that changes the progress numbers. */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  hasCurrentBuilds(): boolean {
    for (const a of this.activities.values()) if (a.type === ActivityType.build) return true;
    return false;
  }

  snapshot(): ProgressEvent {
    const now = this.now();
    const current: CurrentBuild[] = [];
    for (const a of this.activities.values()) {
      if (a.type !== ActivityType.build) continue;
      const drv = String(a.fields[0] ?? '');
      const machine = typeof a.fields[1] === 'string' && a.fields[1] ? a.fields[1] : undefined;
      current.push({ drv, name: derivationName(drv), ...(a.phase ? { phase: a.phase } : {}), ...(machine ? { machine } : {}), elapsedMs: now - a.started });
    }
    return {
      type: 'progress',
      builds: { ...this.builds },
      copies: { ...this.copies },
      download: this.bytes(ActivityType.fileTransfer),
      copyBytes: this.bytes(ActivityType.copyPath),
      current,
    };
  }

  /**
   * Bytes of one activity type, added up like Nix's progress bar does: done is what stopped
   * activities did plus what running ones report; expected is the larger of the announced total
   * (setExpected, on realise) and done-so-far plus what the running ones expect.
   */
  private bytes(type: number): { doneBytes: number; expectedBytes: number } {
    const finished = this.finishedBytes.get(type) ?? 0;
    let done = finished;
    let running = finished;
    for (const a of this.activities.values()) {
      if (a.type !== type || !a.progress) continue;
      done += a.progress[0];
      running += a.progress[1];
    }
    let announced = 0;
    for (const byType of this.expectedSet.values()) announced += byType.get(type) ?? 0;
    return { doneBytes: done, expectedBytes: Math.max(announced, running) };
  }

  private start(entry: Extract<NixLogEntry, { action: 'start' }>): LogEvent | undefined {
    this.activities.set(entry.id, { type: entry.type, fields: entry.fields ?? [], started: this.now() });
    if (entry.type === ActivityType.build || entry.type === ActivityType.substitute || entry.type === ActivityType.copyPath) {
      this.sawBuildWork = true;
      this.changed = true;
    }
    // "building '/nix/store/...drv'..." and "copying path ..." are worth a line at the default verbosity.
    if ((entry.type === ActivityType.build || entry.type === ActivityType.substitute || entry.type === ActivityType.copyPath) && entry.text) {
      return { type: 'log', source: 'nix', text: stripAnsi(entry.text), level: 'info' };
    }
    return undefined;
  }

  private stop(id: number): void {
    const a = this.activities.get(id);
    if (!a) return;
    if ((a.type === ActivityType.fileTransfer || a.type === ActivityType.copyPath) && a.progress) {
      this.finishedBytes.set(a.type, (this.finishedBytes.get(a.type) ?? 0) + a.progress[0]);
      this.changed = true;
    }
    if (a.type === ActivityType.build) this.changed = true;
    this.activities.delete(id);
  }

  private result(entry: Extract<NixLogEntry, { action: 'result' }>): LogEvent | undefined {
    const a = this.activities.get(entry.id);
    const fields = entry.fields ?? [];
    switch (entry.type) {
      case ResultType.buildLogLine:
      case ResultType.postBuildLogLine: {
        const text = stripAnsi(String(fields[0] ?? ''));
        const drv = a && a.type === ActivityType.build ? String(a.fields[0] ?? '') : undefined;
        if (drv) pushBounded((this.buildLogs[drv] ??= []), text, KEEP_BUILD_LOG_LINES);
        return { type: 'log', source: 'build', text, ...(drv ? { drv } : {}) };
      }
      case ResultType.setPhase:
        if (a) {
          a.phase = String(fields[0] ?? '');
          this.changed = true;
        }
        return undefined;
      case ResultType.progress: {
        const [done, expected, running, failed] = fields.map((f) => Number(f) || 0);
        const counts: Counts = { done: done ?? 0, expected: expected ?? 0, running: running ?? 0, failed: failed ?? 0 };
        if (a) a.progress = [counts.done, counts.expected, counts.running, counts.failed];
        if (a?.type === ActivityType.builds) this.builds = counts;
        else if (a?.type === ActivityType.copyPaths) this.copies = counts;
        this.changed = true;
        return undefined;
      }
      case ResultType.setExpected: {
        // Nix sends [fileTransfer, compressed bytes] and [copyPath, NAR bytes] on realise, again as
        // its plan changes; each activity's latest value counts.
        const [activityType, n] = fields.map((f) => Number(f) || 0);
        if (a && (activityType === ActivityType.fileTransfer || activityType === ActivityType.copyPath)) {
          let byType = this.expectedSet.get(entry.id);
          if (!byType) this.expectedSet.set(entry.id, (byType = new Map()));
          if (byType.get(activityType) !== (n ?? 0)) {
            byType.set(activityType, n ?? 0);
            this.changed = true;
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private message(entry: NixMessage): LogEvent | undefined {
    const text = stripAnsi(entry.raw_msg ?? entry.msg ?? '');
    // Errors (level 0) and warnings (1) are kept for the diagnostics; -v adds chatter above level 3.
    if (entry.level <= 1) this.messages.push(entry);
    if (entry.level > 3) return undefined;
    this.notePlanned(stripAnsi(entry.msg ?? ''));
    const level = entry.level === 0 ? 'error' : entry.level === 1 ? 'warning' : 'info';
    return { type: 'log', source: 'nix', text: level === 'error' ? `error: ${text}` : stripAnsi(entry.msg ?? text), level };
  }

  private plainLine(line: string): LogEvent | undefined {
    const text = stripAnsi(line);
    this.notePlanned(text);
    if (/^building '\/nix\/store\/|^copying path '/.test(text)) this.sawBuildWork = true;
    const level = /^error:/.test(text) ? 'error' : /^warning:/.test(text) ? 'warning' : undefined;
    return { type: 'log', source: 'nix', text, ...(level ? { level } : {}) };
  }

  /** `these 3 derivations will be built:` / `this derivation will be built:` then indented .drv paths. */
  private notePlanned(text: string): void {
    if (/^th(?:ese \d+ derivations|is derivation) will be built:/.test(text)) {
      this.inPlannedList = true;
      return;
    }
    const drv = /^\s+(\/nix\/store\/\S+\.drv)$/.exec(text);
    if (this.inPlannedList && drv) {
      this.plannedDrvs.push(drv[1]!);
      return;
    }
    this.inPlannedList = false;
  }
}

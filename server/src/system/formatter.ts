// Formatting with an external Nix formatter (nixfmt or alejandra), reading
// stdin and writing stdout. Never hands back output for a file that does not
// parse, or output that itself does not parse.
import { parse } from '../syntax/index.js';
import { runProcess } from './exec.js';

export interface FormatOptions {
  /** Formatter command and arguments (`nixHumanity.formatter.command`); empty tries nixfmt, then alejandra. */
  command?: string[];
  cwd?: string;
  signal?: AbortSignal;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Environment for the formatter (default: this process's); mainly for tests. */
  env?: NodeJS.ProcessEnv;
}

export type FormatResult = { ok: true; text: string; tool: string } | { ok: false; reason: string };

/** The formatters tried, in order, when none is configured. */
export const DEFAULT_FORMATTERS: ReadonlyArray<readonly string[]> = [['nixfmt'], ['alejandra', '--quiet', '-']];

export const NO_FORMATTER_REASON =
  'No Nix formatter found: install nixfmt or alejandra, or set nixHumanity.formatter.command';

// Errors the parser reports that are not about syntax: formatters accept such files.
const NON_SYNTAX_CODES = new Set(['duplicate-attr', 'duplicate-formal', 'dynamic-attr-in-inherit', 'dynamic-attr-in-let']);

function hasSyntaxErrors(text: string): boolean {
  return parse(text).errors.some((e) => !NON_SYNTAX_CODES.has(e.code));
}

function firstLine(s: string): string {
  return s.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
}

function toolName(cmd: readonly string[]): string {
  const base = (cmd[0] ?? '').split(/[\\/]/).pop() ?? '';
  return base || 'formatter';
}

type Attempt = { kind: 'ok'; text: string } | { kind: 'missing' } | { kind: 'failed'; reason: string };

async function runFormatter(cmd: readonly string[], text: string, opts: FormatOptions): Promise<Attempt> {
  const name = toolName(cmd);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const r = await runProcess(cmd[0]!, cmd.slice(1), {
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    ...(opts.env !== undefined ? { env: opts.env } : {}),
    ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    input: text,
    timeoutMs,
  });
  if (r.cancelled) return { kind: 'failed', reason: 'Formatting was cancelled.' };
  if (r.timedOut) return { kind: 'failed', reason: `${name} did not finish within ${Math.round(timeoutMs / 100) / 10} s and was stopped.` };
  if (r.spawnError !== undefined) {
    if (/ENOENT|not found/i.test(r.spawnError)) return { kind: 'missing' };
    return { kind: 'failed', reason: `Could not start ${name}: ${firstLine(r.spawnError)}` };
  }
  if (r.exitCode !== 0) {
    const msg = firstLine(r.stderr) || firstLine(r.stdout);
    return { kind: 'failed', reason: `${name} failed (exit code ${r.exitCode})${msg ? `: ${msg}` : ''}` };
  }
  if (r.stdout.trim() === '' && text.trim() !== '') {
    const msg = firstLine(r.stderr);
    return { kind: 'failed', reason: `${name} printed nothing${msg ? `: ${msg}` : ''}; is it set up to read standard input?` };
  }
  if (hasSyntaxErrors(r.stdout)) return { kind: 'failed', reason: `${name} produced text that does not parse; the file was left unchanged.` };
  return { kind: 'ok', text: r.stdout };
}

/** Formats `text` with the configured formatter, else the first of nixfmt/alejandra found on PATH. */
export async function formatNix(text: string, opts: FormatOptions = {}): Promise<FormatResult> {
  if (hasSyntaxErrors(text)) return { ok: false, reason: 'Not formatted: the file has syntax errors. Fix them first.' };
  const configured = opts.command && opts.command.length > 0 ? opts.command : undefined;
  if (configured) {
    const res = await runFormatter(configured, text, opts);
    if (res.kind === 'ok') return { ok: true, text: res.text, tool: toolName(configured) };
    if (res.kind === 'missing')
      return { ok: false, reason: `The formatter "${configured[0]}" (nixHumanity.formatter.command) was not found. Check the setting or install it.` };
    return { ok: false, reason: res.reason };
  }
  for (const cmd of DEFAULT_FORMATTERS) {
    const res = await runFormatter(cmd, text, opts);
    if (res.kind === 'ok') return { ok: true, text: res.text, tool: toolName(cmd) };
    if (res.kind === 'failed') return { ok: false, reason: res.reason };
  }
  return { ok: false, reason: NO_FORMATTER_REASON };
}

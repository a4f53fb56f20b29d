// Splits Nix output (internal-json messages and plain stderr) into one record per error or
// warning, with its message body and source positions ordered innermost first.
import type { NixMessage } from './types';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface ErrorRecord {
  severity: 'error' | 'warning';
  /** The error's own text (plain, dedented), without code frames, positions or trace lines. */
  body: string;
  /** Positions, innermost (where the error happened) first, then the trace outwards. */
  positions: SourcePos[];
  /** Build log lines printed just before this error (plain output) or inside it. */
  logLines: string[];
}

const AT_LINE = /^\s*at (.+?):(\d+):(\d+):?\s*$/;
const FRAME_LINE = /^\s*(?:\d+)?\s*\|/;
const START = /^(error|warning|trace: warning|evaluation warning):\s?(.*)$/;

export function recordsFromMessages(messages: readonly NixMessage[]): ErrorRecord[] {
  const records: ErrorRecord[] = [];
  for (const m of messages) {
    if (m.level > 1) continue;
    const text = stripAnsi(m.msg ?? m.raw_msg ?? '');
    const match = START.exec(text.split('\n', 1)[0]!);
    if (!match) continue;
    const severity = match[1] === 'error' && !/^warning:/.test(match[2]!) && m.level === 0 ? 'error' : 'warning';
    const record = parseRecord(severity, text);
    const primary = m.file && m.line ? { file: m.file, line: m.line, column: m.column ?? 1 } : undefined;
    if (primary && !record.positions.some((p) => samePos(p, primary))) record.positions.unshift(primary);
    for (const t of m.trace ?? []) {
      const frame = t.file && t.line ? { file: t.file, line: t.line, column: t.column ?? 1 } : undefined;
      if (frame && !record.positions.some((p) => samePos(p, frame))) record.positions.push(frame);
    }
    records.push(record);
  }
  return records;
}

export function recordsFromPlainText(text: string): ErrorRecord[] {
  const lines = stripAnsi(text).split(/\r?\n/);
  const records: ErrorRecord[] = [];
  const log: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = START.exec(lines[i]!);
    if (!match) {
      const line = lines[i]!;
      if (line.trim() && !isNixChatter(line)) {
        log.push(line);
        if (log.length > 25) log.shift();
      }
      continue;
    }
    const block = [lines[i]!];
    while (i + 1 < lines.length && (lines[i + 1] === '' || /^\s/.test(lines[i + 1]!))) block.push(lines[++i]!);
    while (block.length > 1 && block[block.length - 1] === '') block.pop();
    const severity = match[1] === 'error' && !/^warning:/.test(match[2]!) ? 'error' : 'warning';
    const record = parseRecord(severity, block.join('\n'));
    if (record.logLines.length === 0) record.logLines = [...log];
    log.length = 0;
    records.push(record);
  }
  return records;
}

function isNixChatter(line: string): boolean {
  // Nix's and nixos-rebuild's own progress lines are not part of any build log.
  return /^(building '|these \d+ |this derivation|these derivations|this path|  \/nix\/store\/|copying |evaluating |\(use '--show-trace'|building the system configuration|building Nix|activating the configuration|stopping the following|restarting the following|reloading the following|starting the following|the following new units|setting up |updating GRUB)/.test(line);
}

/** Parses the text of one error as Nix prints it (2.8 and newer layouts). */
export function parseRecord(severity: 'error' | 'warning', text: string): ErrorRecord {
  const lines = text.split('\n').map((l, i) => (i === 0 ? l.replace(START, '$2') : l.replace(/^ {7}/, '')));
  // Nix >= 2.14 prints the trace first and the error last, as a nested `error:` line.
  let last = -1;
  for (let i = 1; i < lines.length; i++) if (/^error: /.test(lines[i]!)) last = i;
  const after: SourcePos[] = [];
  const before: SourcePos[] = [];
  const body: string[] = [];
  const logLines: string[] = [];
  let inLog = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const at = AT_LINE.exec(line);
    if (at) {
      const pos = { file: at[1]!, line: Number(at[2]), column: Number(at[3]) };
      (last >= 0 && i < last ? before : after).push(pos);
      continue;
    }
    if (last >= 0 && i < last) continue;
    if (i === last) line = line.replace(/^error: /, '');
    if (/^\s*> ?/.test(line) || /^\s*(last \d+ log lines|Last \d+ log lines):/.test(line)) {
      if (/^\s*> ?/.test(line)) logLines.push(line.replace(/^\s*> ?/, ''));
      inLog = true;
      continue;
    }
    if (inLog && /^\s*For full logs/.test(line)) continue;
    if (FRAME_LINE.test(line) || /^\s*…/.test(line) || /^\(use '--show-trace'/.test(line)) continue;
    body.push(line);
  }
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  while (body.length && body[0]!.trim() === '') body.shift();
  return { severity, body: body.join('\n').replace(/\n{3,}/g, '\n\n'), positions: [...after, ...before.reverse()], logLines };
}

function samePos(a: SourcePos, b: SourcePos): boolean {
  return a.line === b.line && a.column === b.column && a.file.replace(/:\d+(:\d+)?$/, '') === b.file.replace(/:\d+(:\d+)?$/, '');
}

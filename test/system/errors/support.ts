// Helpers for the error tests: run real Nix on a fixture, feed its output to the parser the way
// the rebuild runner does, and apply fix edits to file text.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SystemDiagnostic, SystemTextEdit } from '../../../server/src/protocol/diagnostics';
import { diagnosticsFromNixOutput, type NixMessage } from '../../../server/src/system/errors/index';
import { LineIndex } from '../../../server/src/syntax/index';
import { requireTool } from '../../support/tools';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../test-fixtures/system-errors');

export const NIX_ENV = {
  ...process.env,
  NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes',
};

export interface Captured {
  messages: NixMessage[];
  plainText: string;
  exitCode: number;
  /** Log lines per .drv path, collected from internal-json events as the rebuild runner does. */
  buildLogs: Record<string, string[]>;
}

/** Runs a Nix command (which must fail) and splits its stderr into internal-json messages and plain text. */
export function runNix(args: string[], cwd: string): Captured {
  requireTool('nix-instantiate');
  const r = spawnSync(args[0]!, args.slice(1), { cwd, env: NIX_ENV, encoding: 'utf8' });
  if (r.error) throw r.error;
  return splitStderr(r.stderr, r.status ?? -1);
}

export function splitStderr(stderr: string, exitCode = 1): Captured {
  const messages: NixMessage[] = [];
  const plain: string[] = [];
  const drvOfActivity = new Map<number, string>();
  const buildLogs: Record<string, string[]> = {};
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('@nix ')) {
      plain.push(line);
      continue;
    }
    const event = JSON.parse(line.slice(5)) as { action: string; id?: number; type?: number; fields?: unknown[] } & NixMessage;
    if (event.action === 'msg') messages.push(event);
    else if (event.action === 'start' && event.type === 105) drvOfActivity.set(event.id!, String(event.fields?.[0]));
    else if (event.action === 'result' && event.type === 101) {
      const drv = drvOfActivity.get(event.id!);
      if (drv) (buildLogs[drv] ??= []).push(String(event.fields?.[0]));
    }
  }
  return { messages, plainText: plain.join('\n'), exitCode, buildLogs };
}

export function readFileOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function diagnose(
  captured: { messages: NixMessage[]; plainText: string; buildLogs?: Record<string, string[]> },
  workspaceRoot: string,
  extra: Partial<Parameters<typeof diagnosticsFromNixOutput>[0]> = {},
  readFile = readFileOrUndefined,
): SystemDiagnostic[] {
  return diagnosticsFromNixOutput({ messages: captured.messages, plainText: captured.plainText, buildLogs: captured.buildLogs ?? {}, workspaceRoot, readFile, ...extra });
}

/** Applies the edits that target `file` to `text` (edits must not overlap, as in LSP). */
export function applyEdits(text: string, file: string, edits: readonly SystemTextEdit[]): string {
  const index = new LineIndex(text);
  const mine = edits
    .filter((e) => e.file === file)
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of mine) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Nix's verdict on a file: parses and (optionally) evaluates, so a fix is checked by Nix itself. */
export function nixAccepts(file: string, evaluate: boolean, expression?: string): { ok: boolean; stderr: string } {
  const args = evaluate
    ? ['--eval', '--strict', ...(expression ? ['-E', expression] : [file])]
    : ['--parse', file];
  const r = spawnSync('nix-instantiate', args, { cwd: path.dirname(file), env: NIX_ENV, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

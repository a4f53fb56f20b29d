import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';
import type { Severity } from '../../ide/types';
import { analyseText, DEFAULT_MAX_FILE_SIZE } from '../../ide/analysisHost.js';
import { findNixFiles, SKIPPED_DIRS } from '../../system/nixFiles.js';
import { embeddedIndex } from '../../knowledge/embedded.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { cliKnowledge } from '../knowledge.js';

/**
 * The NixOS knowledge `check` and `rebuild` read for the option and package checks without
 * --live: the embedded index (partial, so unknown options are reported only as near-misses;
 * see docs/analysis.md).
 */
export function checkIndex(): NixosIndex {
  return embeddedIndex();
}

/**
 * Files larger than this are not read at all: far past any real Nix file, and it bounds the
 * memory a stray multi-gigabyte file (or a device that looks like one) can take.
 */
export const MAX_READ_BYTES = 256 * 1024 * 1024;


interface JsonPosition {
  line: number;
  character: number;
}

export interface CheckReport {
  file: string;
  range: { start: JsonPosition; end: JsonPosition };
  severity: Severity;
  code: string;
  message: string;
  fixes?: Array<{ title: string; edits: Array<{ range: { start: JsonPosition; end: JsonPosition }; newText: string }> }>;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Report syntax errors, undefined names and other problems in .nix files',
  usage: `Usage: nix-humanity check [--json] [--live] [--max-file-size N] FILE_OR_FOLDER...

Checks Nix files without evaluating them: syntax errors, undefined and unused
names, duplicate attributes and the other diagnostics the editor shows.
Folders are searched for .nix files (skipping .git, node_modules and result),
following symbolic links. Only regular files are read (not devices or FIFOs).
With no arguments, checks the current folder.

Output: one line per problem, "file:line:column: severity: message [code]"
(1-based lines and columns). With --json, a JSON array of objects with file,
range (0-based line and UTF-16 character, as in LSP), severity, code, message
and, where one exists, fixes.

Exit status: 1 when any error is reported (warnings and hints do not count),
2 for a usage mistake or an unreadable file, 0 otherwise.

Options:
  --json              Print a JSON array instead of lines
  --live              Know every option and package of your own system:
                      evaluate it with your Nix (cached on disk; slow the
                      first time). Without it, the embedded knowledge.
  --host HOST         With --live and a flake: nixosConfigurations.HOST
                      (default: this machine's hostname)
  --max-file-size N   Files above N characters get syntax checks only, and an
                      info line saying so (default ${DEFAULT_MAX_FILE_SIZE})`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      live: { type: 'boolean' },
      host: { type: 'string' },
      'max-file-size': { type: 'string' },
    });
    let maxFileSize = DEFAULT_MAX_FILE_SIZE;
    if (values['max-file-size'] !== undefined) {
      maxFileSize = Number(values['max-file-size']);
      if (!Number.isInteger(maxFileSize) || maxFileSize <= 0) {
        throw new UsageError(`--max-file-size wants a positive whole number, not '${values['max-file-size']}'`);
      }
    }
    const targets = positionals.length > 0 ? positionals : ['.'];
    const files: string[] = [];
    /** The regular files among them, read for the options they declare. */
    const modules: string[] = [];
    let unreadable = false;
    for (const target of targets) {
      const full = path.resolve(io.cwd, target);
      let st;
      try {
        st = statSync(full);
      } catch {
        io.stderr(`nix-humanity: ${target}: no such file or folder\n`);
        unreadable = true;
        continue;
      }
      // One by one: a spread of a huge array overflows the stack.
      if (st.isDirectory()) {
        for (const f of findNixFiles([full], SKIPPED_DIRS).files) {
          files.push(f);
          modules.push(f);
        }
      } else {
        files.push(full);
        // A FIFO or device given by name is refused below; only regular files are read for options.
        if (st.isFile()) modules.push(full);
      }
    }

    // The embedded knowledge, an options.json found, the checked files' own option declarations;
    // running the user's Nix only with --live (they ran this command: their call).
    const nixos = await cliKnowledge(io, { live: values.live === true, host: values.host, folders: targets.map((t) => path.resolve(io.cwd, t)), files: modules });
    const reports: CheckReport[] = [];
    for (const file of files) {
      const shown = displayName(io.cwd, file);
      const bytes = readRegularFile(file);
      if (typeof bytes === 'string') {
        io.stderr(`nix-humanity: ${shown}: ${bytes}\n`);
        unreadable = true;
        continue;
      }
      // One by one: `push(...reports)` overflows the stack past about 120 000 reports.
      for (const r of checkText(shown, bytes, maxFileSize, nixos)) reports.push(r);
    }

    if (values.json) {
      io.stdout(JSON.stringify(reports, null, 2) + '\n');
    } else {
      for (const r of reports) {
        io.stdout(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity}: ${r.message} [${r.code}]\n`);
      }
      const errors = reports.filter((r) => r.severity === 'error').length;
      const others = reports.length - errors;
      const summary = `${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${others} other problem${others === 1 ? '' : 's'}.\n`;
      // The summary goes to stderr so `check > problems.txt` holds only the problems.
      io.stderr(summary);
    }
    if (unreadable) return 2;
    return reports.some((r) => r.severity === 'error') ? 1 : 0;
  },
};

/**
 * Every diagnostic of one file's bytes, positions in LSP conventions. `nixos`: the NixOS knowledge
 * for the option and package diagnostics (live with --live; by default the embedded index).
 */
export function checkText(file: string, bytes: Uint8Array, maxFileSize = DEFAULT_MAX_FILE_SIZE, nixos: NixosIndex = checkIndex()): CheckReport[] {
  let text: string;
  const out: CheckReport[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Nix reads bytes: a stray byte inside a string or comment is fine to it, and one anywhere
    // else a syntax error. Each bad byte becomes U+FFFD, which the lexer treats the same way.
    text = new TextDecoder('utf-8').decode(bytes);
    const at = firstInvalidUtf8(bytes);
    out.push({
      file,
      range: { start: at, end: at },
      severity: 'warning',
      code: 'invalid-utf8',
      message: 'The file is not valid UTF-8 from here (Nix reads it byte for byte, but editors may change such bytes when they save). Re-save it as UTF-8, or write the character as an escape.',
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = analyseText(file, text, maxFileSize, nixos);
  const lines = doc.lines;
  const diagnostics = doc.diagnostics;
  const range = (r: { start: number; end: number }) => ({ start: lines.positionAt(r.start), end: lines.positionAt(r.end) });
  if (doc.large) {
    // Said, not silent: otherwise "0 other problems" reads as "no undefined names".
    const at = { line: 0, character: 0 };
    out.push({
      file,
      range: { start: at, end: at },
      severity: 'info',
      code: 'syntax-only',
      message: `The file is larger than --max-file-size (${text.length} > ${maxFileSize} characters): only its syntax was checked, not its names. Raise --max-file-size to check everything.`,
    });
  }
  for (const d of diagnostics) {
    const report: CheckReport = { file, range: range(d), severity: d.severity, code: d.code, message: d.message };
    if (d.fixes?.length) {
      report.fixes = d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: range(e), newText: e.newText })) }));
    }
    out.push(report);
  }
  return out;
}

/**
 * A regular file's bytes, or why they were not read. Opened without blocking (a FIFO would
 * wait forever for a writer) and checked after opening (no race with a swapped path):
 * devices (`/dev/zero` never ends), FIFOs, sockets and files over MAX_READ_BYTES are refused.
 */
export function readRegularFile(file: string): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return 'is a folder that could not be searched';
    if (!st.isFile()) return 'not a regular file (a device, FIFO or socket): not read';
    if (st.size > MAX_READ_BYTES) return `too large to check (${st.size} bytes; the limit is ${MAX_READ_BYTES})`;
    // Read to the size found, and a byte more to see a file that grows while read.
    const buffer = Buffer.alloc(st.size + 1);
    let n = 0;
    while (n < buffer.length) {
      const got = readSync(fd, buffer, n, buffer.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > st.size) return 'changed while it was read: not checked';
    return buffer.subarray(0, n);
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  } finally {
    closeSync(fd);
  }
}

/** Line and character (byte column; the text is not decodable) of the first bad UTF-8 byte. */
function firstInvalidUtf8(bytes: Uint8Array): JsonPosition {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) return { line, character: i - lineStart };
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += need + 1;
  }
  return { line, character: 0 };
}

function displayName(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}


// Turns Nix / nixos-rebuild error output into diagnostics on the user's files, with fixes.
// Pure: the only IO is through input.readFile.
import type { SystemDiagnostic } from '../../protocol/diagnostics';
import { buildFailure, candidateFiles, hashMismatch, missingFile, untrackedFile } from './build';
import { ErrorContext } from './context';
import { duplicateFirstSite, genericEvalDiagnostic, languageDiagnostic } from './language';
import { moduleSystemDiagnostics } from './moduleSystem';
import { packageDiagnostics } from './packages';
import { recordsFromMessages, recordsFromPlainText, type ErrorRecord } from './records';
import type { NixOutputInput } from './types';

export type { NixMessage, NixOutputInput } from './types';

export function diagnosticsFromNixOutput(input: NixOutputInput): SystemDiagnostic[] {
  const ctx = new ErrorContext(input);
  const records = [...recordsFromMessages(input.messages), ...recordsFromPlainText(input.plainText)];
  const files = candidateFiles(records, ctx);
  const byKey = new Map<string, SystemDiagnostic>();
  for (const record of records) {
    for (const d of diagnose(record, ctx, files)) {
      // The same error often arrives twice: as an internal-json message and in plain text.
      // Keep the fuller of the two (plain text carries build log lines, for instance).
      const firstSentence = d.message.split(/(?<=\.)\s/, 1)[0];
      const key = `${d.file}\0${d.range.start.line}:${d.range.start.character}\0${d.code}\0${firstSentence}`;
      const existing = byKey.get(key);
      if (!existing || d.message.length > existing.message.length) byKey.set(key, d);
    }
  }
  return [...byKey.values()];
}

function diagnose(record: ErrorRecord, ctx: ErrorContext, files: readonly string[]): SystemDiagnostic[] {
  const language = languageDiagnostic(record, ctx);
  if (language) {
    const first = language.code === 'duplicate-attribute' ? duplicateFirstSite(record, ctx) : undefined;
    return first ? [language, first] : [language];
  }
  return moduleSystemDiagnostics(record, ctx)
    ?? packageDiagnostics(record, ctx)
    ?? hashMismatch(record, ctx, files)
    ?? buildFailure(record, ctx)
    ?? untrackedFile(record, ctx)
    ?? missingFile(record, ctx, files)
    ?? optional(genericEvalDiagnostic(record, ctx));
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

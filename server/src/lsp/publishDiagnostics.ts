// Publishing diagnostics. Changes arrive one message per keystroke;
// diagnostics run once the queue of changes is drained (setImmediate), on the
// newest version only. They are computed by the document's state, which keeps
// them for that version (code actions read their fixes there).
import type { ServerState } from './serverState.js';
import { toDiagnostic } from './toProto.js';
import type { Diagnostic } from '../ide/types.js';

/** Diagnostics beyond this many per file help nobody and cost the editor time. */
export const MAX_DIAGNOSTICS = 500;

export interface DiagnosticsPublisher {
  schedule(uri: string): void;
  /** Resolves when every scheduled run has been published. */
  idle(): Promise<void>;
}

export function publishDiagnostics(server: ServerState): DiagnosticsPublisher {
  const { connection, documents, host } = server;
  const pending = new Map<string, NodeJS.Immediate>();
  const largeNoticeShown = new Set<string>();
  let idleWaiters: Array<() => void> = [];

  function idle(): Promise<void> {
    if (pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  function schedule(uri: string): void {
    const previous = pending.get(uri);
    if (previous) clearImmediate(previous);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        try {
          publish(uri);
        } finally {
          if (pending.size === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w();
          }
        }
      }),
    );
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    const s = host.get(doc);
    let found: readonly Diagnostic[];
    try {
      found = s.diagnostics;
    } catch (error) {
      // A bug in one check must not take the server down; say so once and keep going.
      connection.console.error(`Diagnostics failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
      return;
    }
    if (s.large && !largeNoticeShown.has(uri)) {
      largeNoticeShown.add(uri);
      void connection.window.showInformationMessage(
        `${baseName(uri)} is larger than nixHumanity.maxFileSize (${server.settings.maxFileSize} characters): ` +
          'it gets syntax errors, the outline, folding and highlighting by syntax, but no name resolution (hover, completion, rename, undefined names), to keep memory bounded. Raise the setting to get every feature.',
      );
    }
    const lspDiagnostics = found.slice(0, MAX_DIAGNOSTICS).map((d) => toDiagnostic(s.lines, d, uri));
    try {
      void connection.sendDiagnostics({ uri, version: s.version, diagnostics: lspDiagnostics }).catch(() => undefined);
    } catch {
      // The connection closed while this run waited (a source finished loading late): nobody to tell.
    }
  }

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    host.forget(e.document.uri);
    largeNoticeShown.delete(e.document.uri);
    // Closed files keep no squiggles: the Problems panel only lists what is open.
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  return { schedule, idle };
}

function baseName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

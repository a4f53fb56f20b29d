// Publishing diagnostics, coalesced. vscode-jsonrpc dispatches one queued
// message per turn of the event loop, so waiting one turn (setImmediate) after
// a change merges nothing: in a storm every version was diagnosed. Instead the
// run waits until the queue is drained, known by a turn in which no message
// was dispatched (`dispatched`, counted by the connection's message strategy),
// then diagnoses each changed document once, at its newest version; the
// versions in between are never parsed or analysed. Requests in the queue
// (hover, completion) are answered on the way, on the newest version. The
// results are kept by the document's state for that version (code actions
// read their fixes there).
import type { ServerState } from './serverState.js';
import { toDiagnostic } from './toProto.js';
import type { Diagnostic } from '../ide/types.js';
import { dispatched } from './transport.js';

/** Diagnostics beyond this many per file help nobody and cost the editor time. */
export const MAX_DIAGNOSTICS = 500;

/**
 * Turns without a dispatch before the queue counts as drained: the turn right after a change
 * may run before vscode-jsonrpc's own turn that dispatches the next queued message.
 */
const QUIET_TURNS = 2;

export interface DiagnosticsPublisher {
  schedule(uri: string): void;
  /** Resolves when every scheduled run has been published. */
  idle(): Promise<void>;
}

/** `published`: called after each run of publishes, once they are written out. */
export function publishDiagnostics(server: ServerState, published: () => void = () => undefined): DiagnosticsPublisher {
  const { connection, documents, host } = server;
  /** Documents changed since their last diagnostics, in the order they changed. */
  const pending = new Set<string>();
  const largeNoticeShown = new Set<string>();
  let idleWaiters: Array<() => void> = [];
  let waiting: NodeJS.Immediate | undefined;
  let seen = 0;
  let quiet = 0;

  function idle(): Promise<void> {
    if (pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  function schedule(uri: string): void {
    pending.add(uri);
    if (waiting) return;
    seen = dispatched.count;
    quiet = 0;
    waiting = setImmediate(drained);
  }

  function drained(): void {
    if (dispatched.count !== seen) {
      seen = dispatched.count;
      quiet = 0;
    } else quiet++;
    if (quiet < QUIET_TURNS) {
      waiting = setImmediate(drained);
      return;
    }
    waiting = undefined;
    const uris = [...pending];
    pending.clear();
    const sent: Array<Promise<void>> = [];
    try {
      for (const uri of uris) {
        try {
          const sending = publish(uri);
          if (sending) sent.push(sending);
        } catch (error) {
          connection.console.error(`Publishing diagnostics failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    } finally {
      if (pending.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
      void Promise.all(sent).then(published);
    }
  }

  /** Publishes the document's diagnostics; resolves when they are written (undefined if none are sent). */
  function publish(uri: string): Promise<void> | undefined {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const s = host.get(doc);
    let found: readonly Diagnostic[];
    try {
      found = s.diagnostics;
    } catch (error) {
      // A bug in one check must not take the server down; say so once and keep going.
      connection.console.error(`Diagnostics failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
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
      return connection.sendDiagnostics({ uri, version: s.version, diagnostics: lspDiagnostics }).catch(() => undefined);
    } catch {
      // The connection closed while this run waited (a source finished loading late): nobody to tell.
      return undefined;
    }
  }

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
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
  const name = i >= 0 ? uri.slice(i + 1) : uri;
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a malformed escape (`big%ZZ.nix`) is shown as written
  }
}

// Requests that change the text: completion, rename, code actions, formatting.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MarkupKind, type CancellationToken, type TextEdit } from 'vscode-languageserver';
import { builtinDoc, complete } from '../../ide/completion.js';
import { prepareRename, rename } from '../../ide/rename.js';
import { codeActions } from '../../ide/assists/index.js';
import { minimalEdits } from '../../ide/textDiff.js';
import { formatNix } from '../../system/formatter.js';
import { cancelled, contentModified, requestFailed, runSafe, withDocument, type RequestDocument } from '../runSafe.js';
import type { ServerState } from '../serverState.js';
import { toCodeAction, toCompletionItem, toEdit, toRange, toTextRange } from '../toProto.js';

/** The most completion items one answer carries. */
export const COMPLETION_LIMIT = 200;

export function registerEditing(server: ServerState): void {
  const { connection } = server;

  connection.onCompletion(
    withDocument(server, 'completion', 'names', null, (d, p) => {
      const entries = complete(d.a, d.offset(p.position), server.knowledge, server.nixos);
      // Hundreds of names in scope make answers slow to send and to filter; past the limit the
      // list is marked incomplete, so the editor asks again as the word grows (as rust-analyzer does).
      return { isIncomplete: entries.length > COMPLETION_LIMIT, items: entries.slice(0, COMPLETION_LIMIT).map(toCompletionItem) };
    }),
  );

  connection.onCompletionResolve((item, token) =>
    runSafe(server, 'completionItem/resolve', token, item, () => {
      const name = (item.data as { builtin?: unknown } | undefined)?.builtin;
      if (typeof name !== 'string' || item.documentation) return item;
      const doc = builtinDoc(server.knowledge, name);
      if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
      return item;
    }),
  );

  connection.onPrepareRename(
    withDocument(server, 'prepareRename', 'names', null, (d, p) => {
      const r = prepareRename(d.a, d.offset(p.position));
      if ('error' in r) throw requestFailed(r.error);
      return { range: toRange(d.lines, r.range), placeholder: r.placeholder };
    }),
  );

  connection.onRenameRequest(
    withDocument(server, 'rename', 'names', null, (d, p) => {
      const r = rename(d.a, d.offset(p.position), p.newName);
      if ('error' in r) throw requestFailed(r.error);
      return { changes: { [d.uri]: r.edits.map((e) => toEdit(d.lines, e)) } };
    }),
  );

  connection.onCodeAction(
    withDocument(server, 'codeAction', 'names', null, (d, p) => {
      const only = p.context.only;
      const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      return codeActions(d.a, toTextRange(d.lines, p.range), d.state.diagnostics)
        .filter((action) => wanted(action.kind))
        .map((action) => toCodeAction(d.lines, d.uri, action, p.context.diagnostics));
    }),
  );

  connection.onDocumentFormatting(withDocument(server, 'formatting', 'tree', null, (d, _p, token) => format(server, d, token)));
}

/** The external formatter's result as minimal edits; in trusted folders only (it runs a program). */
async function format(server: ServerState, d: RequestDocument, token: CancellationToken): Promise<TextEdit[]> {
  const { connection } = server;
  if (!server.trusted) {
    void connection.window.showWarningMessage('Formatting runs an external formatter, which is only done in a trusted workspace.');
    return [];
  }
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  try {
    const result = await formatNix(d.text, { command: server.settings.formatterCommand, cwd: folderOf(d.uri), signal: abort.signal });
    if (server.documents.get(d.uri)?.version !== d.state.version) throw contentModified();
    // Cancelled while the formatter ran (it was stopped): an error, as for a request cancelled before it ran.
    if (token.isCancellationRequested) throw cancelled();
    if (!result.ok) {
      void connection.window.showWarningMessage(result.reason);
      return [];
    }
    return minimalEdits(d.text, result.text).map((e) => toEdit(d.lines, e));
  } finally {
    sub.dispose();
  }
}

/** The folder of a file URI, where the formatter runs (it may read a config there). */
function folderOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? path.dirname(fileURLToPath(uri)) : undefined;
  } catch {
    return undefined;
  }
}

// Plain-language requests in the editor, thin over the server (nixHumanity/ask):
// "NixOS: Ask..." (input box, what was understood, the diff as a preview, other readings in a
// quick pick, then apply and save, with an Undo that the learning store hears of, as it hears
// Edit > Undo of that edit: askUndo.ts), a code action on a `# request` comment, and "NixOS:
// Forget What Ask Learned". "NixOS: Explain" is
// in explain.ts. The style comes from nixHumanity.intent.style. Plain words on hover come from
// the server's own hover (handlers/display.ts), above the technical part.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ASK, INTENT_FEEDBACK, type AskParams, type AskResult, type ResponseStyle } from '../../server/src/protocol/intent';
import { AskUndoWatch, watchDocument, type ChangeReason, type DocWatch, type OffsetEdit } from './askUndo';
import { registerExplain } from './explain';

type Server = () => LanguageClient | undefined;

/** Ask's applied edits still watched for Edit > Undo, each with what to tell when it is heard. */
const watches = new Map<AskUndoWatch, (kind: 'undone' | 'redone') => void>();

const style = (): ResponseStyle => vscode.workspace.getConfiguration('nixHumanity.intent').get<ResponseStyle>('style', 'friendly');

export function registerAsk(context: vscode.ExtensionContext, server: Server): void {
  registerExplain(context, server, style);
  const ask = async (params: AskParams): Promise<AskResult | undefined> => server()?.sendRequest(ASK, params);
  context.subscriptions.push(
    vscode.commands.registerCommand('nixHumanity.ask', async () => {
      const text = await vscode.window.showInputBox({ title: 'NixOS: Ask', prompt: 'What should change? e.g. "install firefox and enable ssh"' });
      if (text) await askAndApply(server, ask, { text, uri: vscode.window.activeTextEditor?.document.uri.toString() });
    }),
    vscode.commands.registerCommand('nixHumanity.askApply', async (params: AskParams) => askAndApply(server, ask, params, true)),
    vscode.commands.registerCommand('nixHumanity.forgetLearning', () => {
      void server()?.sendNotification(INTENT_FEEDBACK, { kind: 'forget' });
      void vscode.window.showInformationMessage('Forgot every choice Ask remembered.');
    }),
    vscode.languages.registerCodeActionsProvider({ language: 'nix' }, {
      async provideCodeActions(document, range) {
        if (!document.lineAt(range.start.line).text.includes('#')) return [];
        const base = { text: '', uri: document.uri.toString(), commentLine: range.start.line };
        const r = await ask(base);
        // Only a comment that asks for a change: "# Enable the OpenSSH daemon." above the setting asks for none.
        if (!r?.understood || Object.keys(r.edit.changes ?? {}).length === 0) return [];
        const what = r.intents.map((i) => i.summary).join(', ');
        return [true, false].map((removeComment) => {
          const action = new vscode.CodeAction(`${removeComment ? 'Do' : 'Do, keeping the comment'}: ${what}`, vscode.CodeActionKind.RefactorRewrite);
          action.command = { command: 'nixHumanity.askApply', title: action.title, arguments: [{ ...base, removeComment }] };
          return action;
        });
      },
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (watches.size === 0 || e.contentChanges.length === 0) return;
      const reason: ChangeReason =
        e.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : e.reason === vscode.TextDocumentChangeReason.Redo ? 'redo' : 'edit';
      const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
      const uri = e.document.uri.toString();
      for (const [watch, tell] of watches) {
        const heard = watch.hear(uri, e.document.version, changes, reason, () => e.document.getText());
        if (heard) tell(heard);
        if (watch.stopped) watches.delete(watch);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      for (const watch of watches.keys()) {
        watch.close(d.uri.toString());
        if (watch.stopped) watches.delete(watch);
      }
    }),
    { dispose: () => watches.clear() },
  );
}

/**
 * The learning store hears that Ask's edit for `r` was undone (the message's Undo, or Edit > Undo),
 * or that Edit > Redo brought it back, which takes that undo back.
 */
function tellUndo(server: Server, r: AskResult, kind: 'undone' | 'redone'): void {
  for (const i of r.intents) void server()?.sendNotification(INTENT_FEEDBACK, { kind, summary: i.summary });
}

async function askAndApply(server: Server, ask: (p: AskParams) => Promise<AskResult | undefined>, params: AskParams, direct = false): Promise<void> {
  let r = await ask(params);
  if (!r) return;
  if (!r.understood) {
    const near = r.unknown.flatMap((u) => u.nearest).slice(0, 5).join(', ');
    void vscode.window.showWarningMessage(`Not understood: "${r.unknown.map((u) => u.words).join('", "') || r.text}".${near ? ` Nearest things I know: ${near}.` : ''}`);
    return;
  }
  const summary = r.intents.map((i) => i.summary).join('; ');
  const notes = r.intents.flatMap((i) => i.notes).join(' ');
  if (Object.keys(r.edit.changes ?? {}).length === 0) {
    void vscode.window.showInformationMessage(`${summary}: ${r.messages.join(' ')}`);
    return;
  }
  if (!direct) {
    const others = r.intents.flatMap((i, k) => i.alternatives.map((a, j) => ({ label: a.summary, detail: a.reason, pick: { intent: k, alternative: j } })));
    const choice = await vscode.window.showInformationMessage(`Understood: ${summary}. ${notes}`, { modal: true, detail: `${r.messages.join('\n')}\n\n${keepIndent(r.preview)}` }, 'Apply', ...(others.length ? ['Other readings...'] : []));
    if (choice === 'Other readings...') {
      const picked = await vscode.window.showQuickPick(others, { title: 'Other readings, best first' });
      if (!picked) return;
      r = await ask({ ...params, pick: picked.pick });
      if (!r) return;
      void server()?.sendNotification(INTENT_FEEDBACK, { kind: 'picked', words: params.text, summary: picked.label });
    } else if (choice !== 'Apply') return;
  }
  // A document with unsaved changes of the person's own is edited but not saved: saving it would
  // write their unfinished work too. Every other document is saved, as the preview promised.
  const docs = await Promise.all(Object.keys(r.edit.changes ?? {}).map((uri) => vscode.workspace.openTextDocument(vscode.Uri.parse(uri))));
  const before = new Map(docs.map((d) => [d.uri.toString(), { text: d.getText(), dirty: d.isDirty }]));
  const edit = new vscode.WorkspaceEdit();
  const offsets = new Map<string, OffsetEdit[]>();
  for (const [uri, edits] of Object.entries(r.edit.changes ?? {})) {
    const doc = docs.find((d) => d.uri.toString() === vscode.Uri.parse(uri).toString())!;
    const list: OffsetEdit[] = [];
    for (const e of edits) {
      const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      edit.replace(doc.uri, range, e.newText);
      list.push({ start: doc.offsetAt(range.start), end: doc.offsetAt(range.end), newText: e.newText });
    }
    offsets.set(doc.uri.toString(), list);
  }
  // One workspace edit: one step for Edit > Undo, in every file it touches.
  if (!(await vscode.workspace.applyEdit(edit))) return;
  const after = new Map(docs.map((d) => [d.uri.toString(), d.getText()]));
  const result = r;
  watchUndo(docs, before, offsets, (kind) => tellUndo(server, result, kind));
  const { kept, failed } = await saveClean(docs, before);
  const unsaved = [...kept, ...failed];
  const done = r.intents.map((i) => i.summary).join('; ');
  const note =
    (kept.length ? ` Not saved: ${kept.join(', ')} also holds unsaved changes of yours.` : '') +
    (failed.length ? ` Could not save ${failed.join(', ')}.` : '');
  const choice = await vscode.window.showInformationMessage(`Done: ${done}.${note}`, ...(unsaved.length ? ['Save'] : []), 'Undo');
  if (choice === 'Save') {
    for (const d of docs) if (d.isDirty) await d.save();
    return;
  }
  if (choice !== 'Undo') return;
  // Undone already with Edit > Undo (the store heard it then): nothing more to do.
  if (docs.every((d) => d.getText() === before.get(d.uri.toString())!.text)) return;
  // Undo only what Ask wrote: a document changed since then is left alone.
  const undo = new vscode.WorkspaceEdit();
  const changedSince: string[] = [];
  for (const d of docs) {
    const key = d.uri.toString();
    if (d.getText() !== after.get(key)) changedSince.push(baseName(d.uri));
    else {
      // Only the part that differs, so the rest of the document (folds, cursor) stays put.
      const now = d.getText();
      const was = before.get(key)!.text;
      let start = 0;
      while (start < now.length && start < was.length && now[start] === was[start]) start++;
      let endNow = now.length;
      let endWas = was.length;
      while (endNow > start && endWas > start && now[endNow - 1] === was[endWas - 1]) {
        endNow--;
        endWas--;
      }
      undo.replace(d.uri, new vscode.Range(d.positionAt(start), d.positionAt(endNow)), was.slice(start, endWas));
    }
  }
  if (changedSince.length) {
    void vscode.window.showWarningMessage(`Not undone: ${changedSince.join(', ')} changed since. Use Edit > Undo there.`);
    return;
  }
  if (!(await vscode.workspace.applyEdit(undo))) return;
  await saveClean(docs, before);
  tellUndo(server, r, 'undone');
}

/**
 * Starts watching the documents Ask just edited for Edit > Undo of that edit. Not when a document
 * does not hold exactly what the edit gives (line ends the editor changed, say): an undo could not
 * be told apart from the person's own there.
 */
function watchUndo(
  docs: readonly vscode.TextDocument[],
  before: ReadonlyMap<string, { text: string }>,
  offsets: ReadonlyMap<string, OffsetEdit[]>,
  tell: (kind: 'undone' | 'redone') => void,
): void {
  const watched = new Map<string, DocWatch>();
  for (const d of docs) {
    const key = d.uri.toString();
    const w = watchDocument(before.get(key)!.text, offsets.get(key) ?? [], d.getText(), d.version);
    if (!w) return;
    watched.set(key, w);
  }
  watches.set(new AskUndoWatch(watched), tell);
}

const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/**
 * Saves the documents that had no unsaved changes before Ask. `kept`: those that had (left
 * unsaved); `failed`: those whose save failed.
 */
async function saveClean(docs: readonly vscode.TextDocument[], before: ReadonlyMap<string, { dirty: boolean }>): Promise<{ kept: string[]; failed: string[] }> {
  const kept: string[] = [];
  const failed: string[] = [];
  for (const d of docs) {
    if (before.get(d.uri.toString())?.dirty) kept.push(baseName(d.uri));
    else if (d.isDirty && !(await d.save())) failed.push(baseName(d.uri));
  }
  return { kept, failed };
}

/** A dialog's text collapses leading spaces (the web workbench renders it as HTML): keep a diff's
 * indentation with no-break spaces. */
function keepIndent(text: string): string {
  return text.replace(/^([+\- ]?)( +)/gm, (_m, mark: string, spaces: string) => mark + '\u00a0'.repeat(spaces.length));
}

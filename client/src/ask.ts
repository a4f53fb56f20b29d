// Plain-language requests in the editor, thin over the server (nixHumanity/ask, /explain):
// "NixOS: Ask..." (input box, what was understood, the diff as a preview, other readings in a
// quick pick, then apply with an Undo that the learning store hears of), "NixOS: Explain" on a
// line or selection, a code action on a `# request` comment, and
// "NixOS: Forget What Ask Learned". The style comes from nixHumanity.intent.style. Plain words
// on hover come from the server's own hover (handlers/display.ts), above the technical part.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ASK, EXPLAIN, INTENT_FEEDBACK, type AskParams, type AskResult, type ResponseStyle } from '../../server/src/protocol/intent';

type Server = () => LanguageClient | undefined;

const style = (): ResponseStyle => vscode.workspace.getConfiguration('nixHumanity.intent').get<ResponseStyle>('style', 'friendly');

export function registerAsk(context: vscode.ExtensionContext, server: Server): void {
  const ask = async (params: AskParams): Promise<AskResult | undefined> => server()?.sendRequest(ASK, params);
  context.subscriptions.push(
    vscode.commands.registerCommand('nixHumanity.ask', async () => {
      const text = await vscode.window.showInputBox({ title: 'NixOS: Ask', prompt: 'What should change? e.g. "install firefox and enable ssh"' });
      if (text) await askAndApply(server, ask, { text, uri: vscode.window.activeTextEditor?.document.uri.toString() });
    }),
    vscode.commands.registerCommand('nixHumanity.askApply', async (params: AskParams) => askAndApply(server, ask, params, true)),
    vscode.commands.registerCommand('nixHumanity.explain', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const { start, end } = editor.selection;
      const r = await server()?.sendRequest(EXPLAIN, { uri: editor.document.uri.toString(), startLine: start.line, endLine: end.line, style: style() });
      const lines = r?.items.map((i) => (style() === 'concise' ? i.text : `Line ${i.line + 1}, ${i.option}: ${i.text}`)) ?? [];
      void vscode.window.showInformationMessage(lines.join('\n') || 'Nothing is set on these lines.', { modal: lines.length > 1 });
    }),
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
  );
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
  // Keep what the files held, for Undo.
  const before = new Map<string, string>();
  for (const uri of Object.keys(r.edit.changes ?? {})) before.set(uri, (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText());
  const edit = new vscode.WorkspaceEdit();
  for (const [uri, edits] of Object.entries(r.edit.changes ?? {})) {
    for (const e of edits) edit.replace(vscode.Uri.parse(uri), new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return;
  const done = r.intents.map((i) => i.summary).join('; ');
  if ((await vscode.window.showInformationMessage(`Done: ${done}.`, 'Undo')) !== 'Undo') return;
  const undo = new vscode.WorkspaceEdit();
  for (const [uri, text] of before) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    undo.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  }
  await vscode.workspace.applyEdit(undo);
  for (const i of r.intents) void server()?.sendNotification(INTENT_FEEDBACK, { kind: 'undone', summary: i.summary });
}

/** A dialog's text collapses leading spaces (the web workbench renders it as HTML): keep a diff's
 * indentation with no-break spaces. */
function keepIndent(text: string): string {
  return text.replace(/^([+\- ]?)( +)/gm, (_m, mark: string, spaces: string) => mark + '\u00a0'.repeat(spaces.length));
}

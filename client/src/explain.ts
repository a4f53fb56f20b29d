// "NixOS: Explain" on a line or selection (nixHumanity/explain): a short explanation in a
// notification; a longer one, or several lines, on a Markdown page beside the code (a read-only
// document of our own, so closing it never asks to save; the next Explain replaces it in place).
// The style comes from nixHumanity.intent.style; the server writes the words in it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN, type ResponseStyle } from '../../server/src/protocol/intent';
import { explainDisplay } from './explainText';

const SCHEME = 'nix-humanity-explain';
const PAGE = vscode.Uri.from({ scheme: SCHEME, path: '/Explanation.md' });

export function registerExplain(context: vscode.ExtensionContext, server: () => LanguageClient | undefined, style: () => ResponseStyle): void {
  let page = '';
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: () => page }),
    vscode.commands.registerCommand('nixHumanity.explain', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const { start, end } = editor.selection;
      const s = style();
      const r = await server()?.sendRequest(EXPLAIN, { uri: editor.document.uri.toString(), startLine: start.line, endLine: end.line, style: s });
      const shown = explainDisplay(r, editor.document.uri.path.split('/').pop() ?? 'this file', s);
      if (shown.kind === 'toast') {
        void vscode.window.showInformationMessage(shown.text);
        return;
      }
      page = shown.markdown;
      changed.fire(PAGE);
      // A page already in view shows the new text itself; a hidden one is closed and opened
      // again beside the code (opening a second preview would leave two pages).
      const open = pageTabs();
      if (open.some((t) => t.isActive)) return;
      if (open.length) await vscode.window.tabGroups.close(open);
      await showPage();
    }),
  );
}

/** The Markdown preview's own editor for documents (markdown-language-features). */
const PREVIEW = 'vscode.markdown.preview.editor';

/** The tabs showing the page: its Markdown preview, or the document itself. */
function pageTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.filter((t) =>
      t.input instanceof vscode.TabInputCustom || t.input instanceof vscode.TabInputText
        ? t.input.uri.toString() === PAGE.toString()
        : t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('markdown.preview') && t.label.endsWith(PAGE.path.slice(1)),
    ),
  );
}

/**
 * The page rendered beside the code, the focus left in the code (the person reads on and may
 * explain the next line); its Markdown source, read-only, when no preview is there.
 */
async function showPage(): Promise<void> {
  const beside = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true };
  try {
    await vscode.commands.executeCommand('vscode.openWith', PAGE, PREVIEW, beside);
  } catch {
    const doc = await vscode.workspace.openTextDocument(PAGE);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, beside);
  }
}

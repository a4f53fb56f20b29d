// What a failed evaluation or build found, on its lines in the Problems panel, apart from the
// as-you-type diagnostics (its own collection, source "nixos-build"), with the backend's fixes as
// quick fixes. A run that evaluates again replaces them; a successful one clears them.
import * as vscode from 'vscode';
import type { Range, SystemDiagnostic, SystemFix } from '../../server/src/protocol/diagnostics';
import type { Operations } from './operations';

export const BUILD_SOURCE = 'nixos-build';

const SEVERITY: Record<SystemDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export async function openAt(file: string, range: Range): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { selection: toRange(range), viewColumn: vscode.ViewColumn.One, preserveFocus: false });
}

/** Applies a fix's edits (only edits: a fix's command is shown to the person, never run). */
export async function applySystemFix(fix: SystemFix): Promise<boolean> {
  if (!fix.edits?.length) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) {
    const first = fix.edits[0]!;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === first.file);
    await doc?.save();
  }
  return ok;
}

export class BuildDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection(BUILD_SOURCE);
  private readonly fixes = new WeakMap<vscode.Diagnostic, SystemFix[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  /** The run whose findings are shown; a newer one replaces them when it evaluates. */
  private shownFor: string | undefined;

  constructor(operations: Operations) {
    this.disposables.push(
      operations.onEvents((op, added) => {
        for (const { event } of added) {
          if (event.type === 'phase' && (event.phase === 'evaluating' || event.phase === 'activating') && this.shownFor !== op.id) {
            // This run looks at the configuration afresh: what an older run found goes.
            this.clear();
            this.shownFor = op.id;
          } else if (event.type === 'diagnostic') {
            if (this.shownFor !== op.id) {
              this.clear();
              this.shownFor = op.id;
            }
            this.add(event);
          } else if (event.type === 'result' && event.ok) {
            this.clear();
          }
        }
      }),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
  }

  private add(d: SystemDiagnostic): void {
    const uri = vscode.Uri.file(d.file);
    const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Error);
    diagnostic.source = BUILD_SOURCE;
    diagnostic.code = d.code;
    if (d.fixes?.length) this.fixes.set(diagnostic, d.fixes);
    this.collection.set(uri, [...(this.collection.get(uri) ?? []), diagnostic]);
  }

  clear(): void {
    this.collection.clear();
    this.shownFor = undefined;
  }

  /** How many are shown (tests, the status bar). */
  get count(): number {
    let n = 0;
    this.collection.forEach((_, list) => (n += list.length));
    return n;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of this.collection.get(document.uri) ?? []) {
      if (!diagnostic.range.intersection(range) && !diagnostic.range.contains(range)) continue;
      for (const fix of this.fixes.get(diagnostic) ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        if (fix.edits?.length) {
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) action.edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
        } else if (fix.command) {
          // A command is only shown, to be run by the person in a terminal.
          action.title = `${fix.title}: run \`${fix.command.join(' ')}\``;
          action.disabled = { reason: 'Run it in a terminal' };
        }
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// Code lens at the top of the system configuration (configuration.nix or the flake): Dry Build,
// Apply, Roll Back. Which file it is comes from the zero-config detection and the settings.
import * as vscode from 'vscode';
import { currentConfiguration } from './systemCommands';

export class ConfigurationLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.changed,
      vscode.languages.registerCodeLensProvider({ language: 'nix', scheme: 'file' }, this),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('nixHumanity.system') && this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || vscode.workspace.getConfiguration('nixHumanity.system').get('codeLens') === false) return [];
    if (document.uri.fsPath !== currentConfiguration().file) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(play) Apply', command: 'nixHumanity.system.switch', tooltip: 'Build this configuration and switch to it (asks first)' }),
      new vscode.CodeLens(top, { title: 'Dry Build', command: 'nixHumanity.system.dryBuild', tooltip: 'Evaluate it and show what would be built' }),
      new vscode.CodeLens(top, { title: 'Roll Back', command: 'nixHumanity.system.rollback', tooltip: 'Go back to the previous generation (asks first)' }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

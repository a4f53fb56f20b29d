// Check on save: after a .nix file in the workspace is saved, a background dry evaluation of the
// system configuration (debounced, cancelled by the next save or by anything the person starts),
// so evaluation errors reach the Problems panel before Apply. Build ahead: after a clean check,
// build the system too, kept alive by a GC root in the extension's storage, so Apply only has to
// activate. Trusted folders only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Operations } from './operations';
import { BUILD_AHEAD_KEY, type SystemCommands } from './systemCommands';

const SECTION = 'nixHumanity.system';

export class CheckOnSave implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly context: vscode.ExtensionContext, private readonly commands: SystemCommands, private readonly operations: Operations) {
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)));
  }

  private saved(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'nix' || !vscode.workspace.isTrusted) return;
    if (!vscode.workspace.getWorkspaceFolder(doc.uri)) return;
    const config = vscode.workspace.getConfiguration(SECTION);
    // A save changes the configuration: a prepared build no longer matches it.
    void this.context.workspaceState.update(BUILD_AHEAD_KEY, undefined);
    if (!config.get<boolean>('checkOnSave', true)) return;
    clearTimeout(this.timer);
    const mine = ++this.generation;
    this.timer = setTimeout(() => void this.check(mine), config.get<number>('checkOnSaveDelay', 600));
  }

  private async check(mine: number): Promise<void> {
    // Never in the way of what the person started; a newer save replaces an older check.
    if (this.operations.running.some((o) => !o.background)) return;
    for (const op of this.operations.running) if (op.background) this.operations.cancel(op.id);
    const { params } = await this.commands.request('dry-build');
    const result = await this.operations.start('Check', params, { background: true }).catch(() => undefined);
    if (!result?.ok || mine !== this.generation) return;
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('buildAhead', false)) return;
    if (this.operations.running.some((o) => !o.background)) return;
    const storage = this.context.storageUri?.fsPath;
    if (!storage) return;
    fs.mkdirSync(storage, { recursive: true });
    const gcRoot = path.join(storage, 'build-ahead');
    const build = await this.commands.request('build');
    const built = await this.operations.start('Build ahead', build.params, { background: true, gcRoot }).catch(() => undefined);
    if (built?.ok && mine === this.generation) await this.context.workspaceState.update(BUILD_AHEAD_KEY, built.storePath ?? gcRoot);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

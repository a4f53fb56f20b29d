// The "Generations" view in the NixOS side bar: every generation of the system profile with its
// date, NixOS version, kernel, and whether it is current or known to have activated cleanly.
// Refreshed after every operation that changed the profile.
import * as vscode from 'vscode';
import type { GenerationInfo } from '../../server/src/protocol/systemRun';
import type { Operations } from './operations';
import { describeGeneration, type SystemCommands } from './systemCommands';

export const GENERATIONS_VIEW = 'nixHumanity.generations';

export class GenerationItem extends vscode.TreeItem {
  constructor(readonly info: GenerationInfo) {
    super(`Generation ${info.generation}`, vscode.TreeItemCollapsibleState.None);
    this.description = describeGeneration(info);
    this.tooltip = new vscode.MarkdownString(`**Generation ${info.generation}**${info.current ? ' (current)' : ''}\n\n${describeGeneration(info)}\n\n\`${info.storePath}\``);
    this.contextValue = info.current ? 'generation-current' : 'generation';
    this.iconPath = new vscode.ThemeIcon(info.current ? 'pass-filled' : info.knownGood ? 'pass' : 'circle-outline');
    this.accessibilityInformation = { label: `Generation ${info.generation}, ${describeGeneration(info)}` };
  }
  get generation(): number {
    return this.info.generation;
  }
}

export class GenerationsView implements vscode.TreeDataProvider<GenerationItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** The current generation, for the status bar. */
  current: GenerationInfo | undefined;
  private readonly currentChanged = new vscode.EventEmitter<GenerationInfo | undefined>();
  readonly onDidChangeCurrent = this.currentChanged.event;
  private view: vscode.TreeView<GenerationItem>;

  constructor(private readonly commands: SystemCommands, operations: Operations) {
    this.view = vscode.window.createTreeView(GENERATIONS_VIEW, { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.view,
      this.currentChanged,
      vscode.commands.registerCommand('nixHumanity.system.generations', async () => {
        await vscode.commands.executeCommand(`${GENERATIONS_VIEW}.focus`);
        this.refresh();
      }),
      vscode.commands.registerCommand('nixHumanity.system.refreshGenerations', () => this.refresh()),
      operations.onEvents((op, added) => {
        if (added.some((e) => e.event.type === 'result') && !op.background) this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('nixHumanity.system') && this.refresh()),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: GenerationItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: GenerationItem): Promise<GenerationItem[]> {
    if (item) return [];
    let listed;
    try {
      listed = await this.commands.generations();
    } catch {
      listed = undefined;
    }
    this.view.message = !listed ? 'Waiting for the language server…' : listed.generations.length === 0 ? `No generations yet: ${listed.problem ?? ''} Apply the configuration to make the first one.` : undefined;
    const generations = listed?.generations ?? [];
    this.current = generations.find((g) => g.current);
    this.currentChanged.fire(this.current);
    return [...generations].reverse().map((g) => new GenerationItem(g));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// The status bar item: the current generation, or the operation running now (click shows it).
import * as vscode from 'vscode';
import type { GenerationsView } from './generationsView';
import type { Operation, Operations } from './operations';

const PHASE_TEXT: Record<string, string> = { updating: 'updating', evaluating: 'evaluating', building: 'building', copying: 'copying', activating: 'activating' };

export class SystemStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nixHumanity.system', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(operations: Operations, private readonly generations: GenerationsView) {
    this.item.name = 'NixOS';
    this.disposables.push(
      operations.onStart((op) => !op.background && this.showOperation(op)),
      operations.onEvents((op) => {
        if (op.background) return;
        void vscode.commands.executeCommand('setContext', 'nixHumanity.operationRunning', !op.result);
        if (op === operations.current) this.showOperation(op);
      }),
      generations.onDidChangeCurrent(() => !operations.running.some((o) => !o.background) && this.showIdle()),
    );
    this.showIdle();
  }

  private showIdle(): void {
    const current = this.generations.current;
    this.item.text = current ? `$(server-environment) NixOS ${current.generation}` : '$(server-environment) NixOS';
    this.item.tooltip = current ? `Current generation ${current.generation}${current.nixosVersion ? `, NixOS ${current.nixosVersion}` : ''}. Click for the generations.` : 'NixOS: click for the generations.';
    this.item.command = 'nixHumanity.system.generations';
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: this.item.tooltip as string };
    this.item.show();
  }

  private showOperation(op: Operation): void {
    if (op.result) {
      this.item.text = `${op.result.ok ? '$(check)' : op.result.outcome === 'cancelled' ? '$(circle-slash)' : '$(error)'} NixOS: ${op.title}`;
      this.item.tooltip = op.result.message;
      this.item.backgroundColor = op.result.ok || op.result.outcome === 'cancelled' ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.command = 'nixHumanity.system.showProgress';
      // Back to the generation after a while.
      setTimeout(() => this.showIdle(), 15_000);
      return;
    }
    const phase = [...op.events].reverse().find((e) => e.event.type === 'phase')?.event as { phase: string } | undefined;
    const progress = [...op.events].reverse().find((e) => e.event.type === 'progress')?.event as { builds: { done: number; expected: number } } | undefined;
    const counts = progress && progress.builds.expected > 0 ? ` ${progress.builds.done}/${progress.builds.expected}` : '';
    this.item.text = `$(sync~spin) NixOS: ${op.title}${phase ? `, ${PHASE_TEXT[phase.phase] ?? phase.phase}` : ''}${counts}`;
    this.item.tooltip = `${op.title} is running. Click to show its progress.`;
    this.item.command = 'nixHumanity.system.showProgress';
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\) /, '') };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// The editor's NixOS commands. Each asks the server for its plan (the exact commands that change
// the system and how they get root), confirms it, then has the server run it and shows its events
// in the progress webview. With nixHumanity.system.runIn = "terminal" the bundled CLI runs as a
// task in a terminal instead (argument arrays only, never a shell line).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LAST_OPERATION, SYSTEM_PLAN, type SystemPlanParams } from '../../server/src/protocol/messages';
import type { OperationRecord } from '../../server/src/protocol/operations';
import type { SystemPlan } from '../../server/src/protocol/plan';
import { SYSTEM_DIFF, SYSTEM_GENERATIONS, type GenerationInfo, type GenerationsResult, type PackageDiff } from '../../server/src/protocol/systemRun';
import { startAskpass, type AskpassServer } from './askpass';
import { detectConfiguration, type Detected } from './configDetect';
import type { Operations } from './operations';
import type { ProgressPanel } from './progressPanel';
import { confirmation, planRequest, readSettings, SYSTEM_COMMANDS, TERMINAL_TITLES, type SystemCommand, type SystemSettings } from './systemRequest';

export const TASK_TYPE = 'nix-humanity';
const SECTION = 'nixHumanity.system';
const DIFF_SCHEME = 'nixos-diff';
/** workspaceState: the store path built ahead for the configuration as saved (cleared on save). */
export const BUILD_AHEAD_KEY = 'nixHumanity.buildAhead';

export interface SystemContext {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  server: () => LanguageClient | undefined;
  operations: Operations;
  panel: ProgressPanel;
}

interface TaskInfo extends vscode.TaskDefinition {
  command: SystemCommand;
  title: string;
  env: Record<string, string>;
  started: number;
}

export function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The settings, with the detected configuration filled in where they say nothing. */
export function currentConfiguration(): Detected {
  const folder = workspaceFolder();
  const settings = readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key), folder);
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return detectConfiguration(settings, folder, fs.existsSync, read);
}

export class SystemCommands implements vscode.Disposable {
  private askpass: AskpassServer | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Generation diffs shown as read-only Markdown documents (nixos-diff:/NAME.md). */
  private readonly diffs = new Map<string, string>();

  constructor(private readonly s: SystemContext) {
    const { context } = s;
    for (const { command, id, title } of SYSTEM_COMMANDS) {
      this.disposables.push(vscode.commands.registerCommand(id, (arg?: unknown) => this.run(command, title, typeof arg === 'number' ? arg : undefined)));
    }
    this.disposables.push(
      vscode.commands.registerCommand('nixHumanity.system.switchGeneration', (arg?: unknown) => this.switchGeneration(generationArg(arg))),
      vscode.commands.registerCommand('nixHumanity.system.diffGenerations', (arg?: unknown) => this.diffGenerations(generationArg(arg))),
      vscode.commands.registerCommand('nixHumanity.system.cancel', () => s.operations.cancel()),
      vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, { provideTextDocumentContent: (uri) => this.diffs.get(uri.path) ?? '' }),
      vscode.commands.registerCommand('nixHumanity.system.showProgress', () => s.panel.show(undefined, false)),
      vscode.tasks.onDidEndTaskProcess((event) => {
        const definition = event.execution.task.definition;
        if (definition.type !== TASK_TYPE || typeof definition.command !== 'string') return;
        void this.reportEnd(definition as TaskInfo, event.exitCode);
      }),
    );
    context.subscriptions.push(this);
  }

  private trusted(title: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(
      `NixOS: ${title} builds and runs Nix code from this folder, which is not trusted. Trust the folder to use the system commands.`,
      'Manage Workspace Trust',
    ).then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
    return false;
  }

  private inTerminal(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get('runIn') === 'terminal';
  }

  /** SUDO_ASKPASS for runs without a terminal, when sudo may be used and the setting allows it. */
  private async askpassEnv(settings: SystemSettings): Promise<Record<string, string>> {
    if (settings.elevate !== 'auto' && settings.elevate !== 'sudo') return {};
    const program = await this.askpassProgram();
    return program ? { SUDO_ASKPASS: program } : {};
  }

  /**
   * This window's askpass program (its password box), started on first use; undefined when the
   * setting is off. Also asked by the server for a run taken up after a reload, whose sudo asks now.
   */
  async askpassProgram(): Promise<string | undefined> {
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('askpass', true) || process.platform === 'win32') return undefined;
    if (!this.askpass) {
      this.askpass = await startAskpass(
        async (prompt, gone) => {
          // The box closes when nothing waits for its answer any more (the run was cancelled).
          const closing = new vscode.CancellationTokenSource();
          gone.addEventListener('abort', () => closing.cancel(), { once: true });
          try {
            return await vscode.window.showInputBox({ password: true, ignoreFocusOut: true, title: 'NixOS: root password for sudo', prompt: prompt.replace(/^\[sudo\] /, 'sudo: '), placeHolder: 'Password' }, closing.token);
          } finally {
            closing.dispose();
          }
        },
        process.execPath,
        this.s.context.asAbsolutePath('dist/askpass.cjs'),
      );
      this.askpass.onPrompt((waiting, prompt) => this.s.panel.askpass(waiting, prompt));
    }
    return this.askpass.program;
  }

  /** The plan request for a command as it will run now (editor or terminal). */
  async request(command: Exclude<SystemCommand, 'generations'>, to?: number): Promise<{ params: SystemPlanParams; settings: SystemSettings }> {
    const { settings } = currentConfiguration();
    const terminal = this.inTerminal();
    const cwd = workspaceFolder() ?? os.homedir();
    const params = planRequest(command, settings, cwd, terminal, to);
    if (!terminal) params.env = { ...params.env, ...await this.askpassEnv(settings), ...reloadGraceEnv() };
    return { params, settings };
  }

  async run(command: Exclude<SystemCommand, 'generations'>, title: string, to?: number): Promise<void> {
    if (!this.trusted(title)) return;
    if (this.s.operations.running.some((o) => !o.background)) {
      const choice = await vscode.window.showWarningMessage(`NixOS: ${this.s.operations.current?.title ?? 'an operation'} is still running.`, 'Show It');
      if (choice) this.s.panel.show(undefined, false);
      return;
    }
    const { params, settings } = await this.request(command, to);
    const plan = await this.plan(params);
    if (!plan) return;
    if (plan.problem) {
      void vscode.window.showErrorMessage(`NixOS: ${plan.problem}`);
      return;
    }
    const confirm = confirmation(plan);
    if (confirm) {
      const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button);
      if (choice !== confirm.button) return;
    }
    const confirmedAt = Date.now();
    if (this.inTerminal()) return this.runInTerminal(command, title, plan.args, settings, Boolean(confirm));
    const changesSystem = plan.steps.length > 0;
    const runParams: SystemPlanParams = { ...params, ...(plan.rollbackTo ? { to: plan.rollbackTo.generation } : {}) };
    const buildAhead = this.s.context.workspaceState.get<string>(BUILD_AHEAD_KEY);
    try {
      const result = await this.s.operations.start(title, runParams, { confirmedAt, changesSystem, ...(buildAhead && command !== 'rollback' ? { prepared: true } : {}) });
      if (!this.s.panel.visible) this.notify(title, result.ok, result.outcome, result.message);
    } catch (error) {
      void vscode.window.showErrorMessage(`NixOS: ${title} could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private notify(title: string, ok: boolean, outcome: string, message: string): void {
    const show = ok ? vscode.window.showInformationMessage : outcome === 'cancelled' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(`NixOS: ${title}: ${message}`, 'Show Progress').then((c) => c && this.s.panel.show(undefined, false));
  }

  async plan(params: SystemPlanParams): Promise<SystemPlan | undefined> {
    const client = this.s.server();
    if (!client) {
      void vscode.window.showErrorMessage('NixOS: the language server is not running, and it works out what the command will run. Restart it (Nix: Restart Language Server) and try again.');
      return undefined;
    }
    try {
      return await client.sendRequest(SYSTEM_PLAN, params);
    } catch (error) {
      void vscode.window.showErrorMessage(`NixOS: could not work out what the command will run: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  async generations(): Promise<GenerationsResult | undefined> {
    const { settings } = currentConfiguration();
    return this.s.server()?.sendRequest(SYSTEM_GENERATIONS, { ...(settings.profile ? { profile: settings.profile } : {}), env: settings.env });
  }

  private async pickGeneration(placeHolder: string, filter: (g: GenerationInfo) => boolean): Promise<GenerationInfo | undefined> {
    const listed = await this.generations();
    if (!listed || listed.generations.length === 0) {
      void vscode.window.showInformationMessage(`NixOS: ${listed?.problem ?? 'there are no generations yet.'}`);
      return undefined;
    }
    const items = listed.generations.filter(filter).reverse().map((g) => ({ label: `Generation ${g.generation}`, description: describeGeneration(g), g }));
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.g;
  }

  async switchGeneration(to?: number): Promise<void> {
    const target = to ?? (await this.pickGeneration('Switch to which generation?', (g) => !g.current))?.generation;
    if (target === undefined) return;
    await this.run('rollback', `Switch to Generation ${target}`, target);
  }

  async diffGenerations(from?: number): Promise<void> {
    const listed = await this.generations();
    const current = listed?.generations.find((g) => g.current);
    const a = from ?? (await this.pickGeneration('Compare which generation with the current one?', (g) => !g.current))?.generation;
    if (a === undefined || !current) return;
    const { settings } = currentConfiguration();
    let diff: PackageDiff | undefined;
    try {
      diff = await this.s.server()?.sendRequest(SYSTEM_DIFF, { ...(settings.profile ? { profile: settings.profile } : {}), env: settings.env, from: a, to: current.generation });
    } catch (error) {
      void vscode.window.showErrorMessage(`NixOS: could not compare the generations: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!diff) return;
    // A read-only document (nothing to save), Markdown so headings and lists read as such.
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/Generation ${a} to ${current.generation}.md` });
    this.diffs.set(uri.path, diffMarkdown(a, current.generation, diff));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  private async runInTerminal(command: SystemCommand, title: string, args: string[], settings: SystemSettings, asked: boolean): Promise<void> {
    const cli = this.s.context.asAbsolutePath('dist/cli.cjs');
    const cwd = workspaceFolder() ?? os.homedir();
    this.s.output.info(`Running ${[process.execPath, cli, ...args].join(' ')}`);
    const info: TaskInfo = { type: TASK_TYPE, command, title, env: settings.env, started: Date.now() };
    // The extension host's own Node runs the CLI; in VS Code that binary is Electron, which acts
    // as plain Node with ELECTRON_RUN_AS_NODE.
    const execution = new vscode.ProcessExecution(process.execPath, [cli, ...args], { cwd, env: { ...settings.env, ELECTRON_RUN_AS_NODE: '1' } });
    const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
    const task = new vscode.Task(info, scope, TERMINAL_TITLES[command], 'Nix for Humanity', execution, []);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, focus: asked, clear: true, showReuseMessage: false };
    await vscode.tasks.executeTask(task);
  }

  /** The terminal way's notice, with the first sentence of a failure from the operation log. */
  private async reportEnd(info: TaskInfo, exitCode: number | undefined): Promise<void> {
    this.s.output.info(`NixOS: ${info.title} ended with exit code ${exitCode ?? 'unknown'}`);
    let record: OperationRecord | null | undefined;
    try {
      record = await this.s.server()?.sendRequest(LAST_OPERATION, { env: info.env, since: info.started });
    } catch {
      // The notice goes out without the log's sentence.
    }
    if (exitCode === 0) void vscode.window.showInformationMessage(record?.outcome === 'up-to-date' ? `NixOS: ${info.title}: already up to date.` : `NixOS: ${info.title} finished.`);
    else if (exitCode === 4) void vscode.window.showWarningMessage(`NixOS: ${info.title}: the system is active, but some units failed. See the terminal.`);
    // 130, 143, 129: cancelled by SIGINT, SIGTERM or SIGHUP (the terminal closed): nothing changed.
    else if (exitCode === 130 || exitCode === 143 || exitCode === 129) void vscode.window.showInformationMessage(`NixOS: ${info.title} was cancelled; nothing changed.`);
    else void vscode.window.showErrorMessage(`NixOS: ${info.title} failed${record?.error ? `: ${record.error}` : ''}. See the terminal.`);
  }

  dispose(): void {
    this.askpass?.close();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * How long a run in the editor waits for a window after its own went (the runner's grace period).
 * A reload and a closed window look the same from here (VS Code calls deactivate for both and
 * tells neither apart), so the setting names both.
 */
function reloadGraceEnv(): Record<string, string> {
  const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('reloadGrace', 30);
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return {};
  return { NIX_HUMANITY_RUNNER_GRACE_MS: String(Math.round(Math.min(3600, Math.max(5, seconds)) * 1000)) };
}

/** A command's argument from the generations view (a tree item) or a number. */
function generationArg(arg: unknown): number | undefined {
  if (typeof arg === 'number') return arg;
  if (arg && typeof arg === 'object' && 'generation' in arg && typeof (arg as { generation: unknown }).generation === 'number') return (arg as { generation: number }).generation;
  return undefined;
}

export function describeGeneration(g: GenerationInfo): string {
  const date = g.date.slice(0, 16).replace('T', ' ');
  return [date, g.nixosVersion && `NixOS ${g.nixosVersion}`, g.kernelVersion && `kernel ${g.kernelVersion}`, g.current && 'current', g.knownGood && 'known good'].filter(Boolean).join(' · ');
}

export function diffMarkdown(from: number, to: number, diff: PackageDiff): string {
  const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  const lines = [`# Generation ${from} → ${to}`, '', `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed. Closure ${mib(diff.closureBytes.from)} → ${mib(diff.closureBytes.to)} (${diff.closureBytes.delta >= 0 ? '+' : ''}${mib(diff.closureBytes.delta)}).`, ''];
  if (diff.added.length) lines.push('## Added', '', ...diff.added.map((p) => `- ${p.name} ${p.version}`), '');
  if (diff.removed.length) lines.push('## Removed', '', ...diff.removed.map((p) => `- ${p.name} ${p.version}`), '');
  if (diff.changed.length) lines.push('## Changed', '', ...diff.changed.map((p) => `- ${p.name} ${p.from} → ${p.to} (${p.direction})`), '');
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) lines.push('No package changed.');
  return lines.join('\n');
}

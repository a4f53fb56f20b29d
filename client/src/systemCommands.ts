// The editor's system commands: each asks the server for its plan (the exact commands that
// change the system, and how they get root), confirms it, then runs the bundled CLI with the
// plan's arguments (`node dist/cli.cjs rebuild ...`) as a task in an integrated terminal, where
// its live status line shows and sudo can ask for a password. Argument arrays only
// (ProcessExecution), never a shell line.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LAST_OPERATION, SYSTEM_PLAN, type SystemPlanParams } from '../../server/src/protocol/messages';
import type { OperationRecord } from '../../server/src/protocol/operations';
import type { SystemPlan } from '../../server/src/protocol/plan';
import { confirmation, generationsArgs, planRequest, readSettings, SYSTEM_COMMANDS, TERMINAL_TITLES, type SystemCommand } from './systemRequest';

export const TASK_TYPE = 'nix-humanity';
const SECTION = 'nixHumanity.system';

export function registerSystemCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, server: () => LanguageClient | undefined): void {
  for (const { command, id, title } of SYSTEM_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => runSystemCommand(context, output, server, command, title)));
  }
  context.subscriptions.push(vscode.tasks.onDidEndTaskProcess((event) => {
    const definition = event.execution.task.definition;
    if (definition.type !== TASK_TYPE || typeof definition.command !== 'string') return;
    void reportEnd(output, server, definition as TaskInfo, event.exitCode);
  }));
}

interface TaskInfo extends vscode.TaskDefinition {
  command: SystemCommand;
  title: string;
  /** The `env` setting: with the server's environment it decides the state folder. */
  env: Record<string, string>;
  started: number;
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function runSystemCommand(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, server: () => LanguageClient | undefined, command: SystemCommand, title: string): Promise<void> {
  // Restricted settings are ignored in untrusted folders, but the commands build and run Nix
  // from this folder's files: not before the folder is trusted.
  if (!vscode.workspace.isTrusted) {
    const choice = await vscode.window.showErrorMessage(
      `Nix: ${title} builds and runs Nix code from this folder, which is not trusted. Trust the folder to use the system commands.`,
      'Manage Workspace Trust',
    );
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const folder = workspaceFolder();
  const settings = readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key), folder);
  const cwd = folder ?? os.homedir();
  let args: string[];
  let asked = false;
  if (command === 'generations') {
    args = generationsArgs(settings);
  } else {
    const plan = await askPlan(server, planRequest(command, settings, cwd));
    if (!plan) return;
    if (plan.problem) {
      void vscode.window.showErrorMessage(`Nix: ${plan.problem}`);
      return;
    }
    const confirm = confirmation(plan);
    if (confirm) {
      const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button);
      if (choice !== confirm.button) return;
      asked = true;
    }
    args = plan.args;
  }
  const cli = context.asAbsolutePath('dist/cli.cjs');
  output.info(`Running ${[process.execPath, cli, ...args].join(' ')}`);
  const info: TaskInfo = { type: TASK_TYPE, command, title, env: settings.env, started: Date.now() };
  // The extension host's own Node runs the CLI; in VS Code that binary is Electron, which acts
  // as plain Node with ELECTRON_RUN_AS_NODE.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, ...args], {
    cwd,
    env: { ...settings.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
  const task = new vscode.Task(info, scope, TERMINAL_TITLES[command], 'Nix for Humanity', execution, []);
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    // A password prompt (sudo, doas) needs the keyboard in the terminal.
    focus: asked,
    clear: true,
    showReuseMessage: false,
  };
  await vscode.tasks.executeTask(task);
}

/** The plan from the language server, which works it out with the code the CLI runs. */
async function askPlan(server: () => LanguageClient | undefined, params: SystemPlanParams): Promise<SystemPlan | undefined> {
  const client = server();
  if (!client) {
    void vscode.window.showErrorMessage('Nix: the language server is not running, and it works out what the command will run. Restart it (Nix: Restart Language Server) and try again.');
    return undefined;
  }
  try {
    return await client.sendRequest(SYSTEM_PLAN, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Nix: could not work out what the command will run: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** A short notice when the operation ends, with the first sentence of a failure from the operation log. */
async function reportEnd(output: vscode.LogOutputChannel, server: () => LanguageClient | undefined, info: TaskInfo, exitCode: number | undefined): Promise<void> {
  output.info(`Nix: ${info.title} ended with exit code ${exitCode ?? 'unknown'}`);
  if (info.command === 'generations') return;
  let record: OperationRecord | null | undefined;
  try {
    record = await server()?.sendRequest(LAST_OPERATION, { env: info.env, since: info.started });
  } catch {
    // The notice goes out without the log's sentence.
  }
  if (exitCode === 0) {
    void vscode.window.showInformationMessage(record?.outcome === 'up-to-date' ? `Nix: ${info.title}: already up to date.` : `Nix: ${info.title} finished.`);
  } else if (exitCode === 4) {
    void vscode.window.showWarningMessage(`Nix: ${info.title}: the system is active, but some units failed. See the terminal.`);
  } else if (exitCode !== 130) {
    void vscode.window.showErrorMessage(`Nix: ${info.title} failed${record?.error ? `: ${record.error}` : ''}. See the terminal.`);
  }
}

// The editor's system commands: each runs the bundled CLI (`node dist/cli.cjs rebuild ...`) as a
// task in an integrated terminal, where its live status line shows and sudo can ask for a
// password. Argument arrays only (ProcessExecution), never a shell line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { readOperations } from '../../server/src/system/rebuild/operationLog';
import { stateDirFromEnv } from '../../server/src/system/knownGood';
import { ProfileNotFoundError } from '../../server/src/system/generations';
import { findOnPath } from '../../server/src/system/rebuild/elevation';
import { runsSystemd } from '../../server/src/system/rebuild/systemd';
import { DEFAULT_PROFILES_DIR, resolveProfile } from '../../server/src/system/rebuild/options';
import { planCommand, readSettings, rollbackTarget, SYSTEM_COMMANDS, type MachineFacts, type RollbackTarget, type SystemCommand } from './systemPlan';

export const TASK_TYPE = 'nix-humanity';
const SECTION = 'nixHumanity.system';

export function registerSystemCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  for (const { command, id, title } of SYSTEM_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => runSystemCommand(context, output, command, title)));
  }
  context.subscriptions.push(vscode.tasks.onDidEndTaskProcess((event) => {
    const definition = event.execution.task.definition;
    if (definition.type !== TASK_TYPE || typeof definition.command !== 'string') return;
    void reportEnd(output, definition as TaskInfo, event.exitCode);
  }));
}

interface TaskInfo extends vscode.TaskDefinition {
  command: SystemCommand;
  title: string;
  stateDir: string;
  started: number;
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function runSystemCommand(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, command: SystemCommand, title: string): Promise<void> {
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
  const env: NodeJS.ProcessEnv = { ...process.env, ...settings.env };
  const cwd = folder ?? os.homedir();
  const facts: MachineFacts = {
    uid: process.getuid?.() ?? 0,
    env,
    cwd,
    which: (program) => findOnPath(program, env.PATH),
    exists: fs.existsSync,
    runsSystemd: runsSystemd(),
    hostname: os.hostname(),
  };
  let target: RollbackTarget | undefined;
  if (command === 'rollback' && !settings.targetHost) {
    try {
      target = rollbackTarget(resolveProfile(settings.profile || undefined, DEFAULT_PROFILES_DIR, cwd), env);
    } catch (error) {
      if (!(error instanceof ProfileNotFoundError)) throw error;
      void vscode.window.showErrorMessage(`Nix: ${error.message}`);
      return;
    }
    if (!target) {
      void vscode.window.showErrorMessage('Nix: there is no generation older than the current one to roll back to.');
      return;
    }
  }
  const plan = planCommand(command, settings, facts, target);
  if (plan.confirmation) {
    const choice = await vscode.window.showWarningMessage(plan.confirmation.message, { modal: true, detail: plan.confirmation.detail }, plan.confirmation.button);
    if (choice !== plan.confirmation.button) return;
  }
  const cli = context.asAbsolutePath('dist/cli.cjs');
  output.info(`Running ${[process.execPath, cli, ...plan.args].join(' ')}`);
  const info: TaskInfo = { type: TASK_TYPE, command, title, stateDir: stateDirFromEnv(env), started: Date.now() };
  // The extension host's own Node runs the CLI; in VS Code that binary is Electron, which acts
  // as plain Node with ELECTRON_RUN_AS_NODE.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, ...plan.args], {
    cwd,
    env: { ...settings.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
  const task = new vscode.Task(info, scope, plan.title, 'Nix for Humanity', execution, []);
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    // A password prompt (sudo, doas) needs the keyboard in the terminal.
    focus: plan.privileged.length > 0,
    clear: true,
    showReuseMessage: false,
  };
  await vscode.tasks.executeTask(task);
}

/** A short notice when the operation ends, with the first sentence of a failure from the operation log. */
async function reportEnd(output: vscode.LogOutputChannel, info: TaskInfo, exitCode: number | undefined): Promise<void> {
  output.info(`Nix: ${info.title} ended with exit code ${exitCode ?? 'unknown'}`);
  if (info.command === 'generations') return;
  const record = readOperations(info.stateDir).filter((r) => Date.parse(r.start) >= info.started - 1000).pop();
  if (exitCode === 0) {
    void vscode.window.showInformationMessage(record?.outcome === 'up-to-date' ? `Nix: ${info.title}: already up to date.` : `Nix: ${info.title} finished.`);
  } else if (exitCode === 4) {
    void vscode.window.showWarningMessage(`Nix: ${info.title}: the system is active, but some units failed. See the terminal.`);
  } else if (exitCode !== 130) {
    void vscode.window.showErrorMessage(`Nix: ${info.title} failed${record?.error ? `: ${record.error}` : ''}. See the terminal.`);
  }
}

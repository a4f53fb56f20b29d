import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { KnowledgeStateParams } from '../../server/src/protocol/knowledge';
import { SYSTEM_ASKPASS } from '../../server/src/protocol/askpass';
import { KNOWLEDGE_STATE, LAST_OPERATION, TRUST_CHANGED, type InitializationOptions, type TrustChangedParams } from '../../server/src/protocol/messages';
import { SERVER_NODE_ARGS } from '../../server/src/protocol/serverProcess';
import { registerAsk } from './ask';
import { BuildDiagnostics } from './buildDiagnostics';
import { CheckOnSave } from './checkOnSave';
import { ConfigurationLens } from './codeLens';
import { GenerationsView } from './generationsView';
import { Operations } from './operations';
import { ProgressPanel } from './progressPanel';
import { SystemStatus } from './statusBar';
import * as os from 'node:os';
import { currentConfiguration, SystemCommands, workspaceFolder } from './systemCommands';

const SETTINGS = 'nixHumanity';

let client: LanguageClient | undefined;
let status: vscode.LanguageStatusItem | undefined;
let knowledgeStatus: vscode.LanguageStatusItem | undefined;
/** This window's askpass program, for a run's sudo asking after a reload (SYSTEM_ASKPASS). */
let askpassHere: () => Promise<string | undefined> = async () => undefined;
/** Takes up this window's runs again (a server that restarted on its own after a crash). */
let reattachHere: () => Promise<void> = async () => undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Nix for Humanity', { log: true });
  context.subscriptions.push(output);

  status = vscode.languages.createLanguageStatusItem('nixHumanity.server', { language: 'nix' });
  status.name = 'Nix for Humanity language server';
  status.command = { command: 'nixHumanity.showOutput', title: 'Show output' };
  context.subscriptions.push(status);
  knowledgeStatus = vscode.languages.createLanguageStatusItem('nixHumanity.knowledge', { language: 'nix' });
  knowledgeStatus.name = 'NixOS knowledge';
  knowledgeStatus.text = 'NixOS: loading';
  knowledgeStatus.command = { command: 'nixHumanity.showOutput', title: 'Show log' };
  context.subscriptions.push(knowledgeStatus);
  registerAsk(context, () => client);
  // The NixOS loop: operations run by the server, shown in the webview, the Problems panel,
  // the generations view and the status bar.
  const operations = new Operations(() => client);
  const panel = new ProgressPanel(context, operations, output);
  const commands = new SystemCommands({ context, output, server: () => client, operations, panel });
  const generations = new GenerationsView(commands, operations);
  askpassHere = () => commands.askpassProgram();
  reattachHere = () => operations.reattach(runsHere());
  panel.lastRecord = async (since) => (client?.isRunning() ? client.sendRequest(LAST_OPERATION, { env: currentConfiguration().settings.env, since }) : undefined);
  panel.resumeAfterReload();
  context.subscriptions.push(
    operations,
    panel,
    new BuildDiagnostics(operations),
    generations,
    new SystemStatus(operations, generations),
    new ConfigurationLens(),
    new CheckOnSave(context, commands, operations),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('nixHumanity.restartServer', async () => {
      output.info('Restarting the language server');
      await stopClient();
      await startClient(context, output);
      await operations.reattach(runsHere());
    }),
    vscode.commands.registerCommand('nixHumanity.showOutput', () => output.show(true)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const params: TrustChangedParams = { trusted: true };
      void client?.sendNotification(TRUST_CHANGED, params);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // Where the server comes from can only change with a restart.
      if (event.affectsConfiguration(`${SETTINGS}.server`)) {
        const choice = await vscode.window.showInformationMessage(
          'The Nix language server settings changed. Restart the server to use them?',
          'Restart',
        );
        if (choice === 'Restart') await vscode.commands.executeCommand('nixHumanity.restartServer');
      }
    }),
  );

  await startClient(context, output);
  // A run the previous window (or server) left to its runner goes on here, with all its events.
  const asked = Date.now();
  await operations.reattach(runsHere());
  if (operations.current) output.info(`Took up ${operations.current.title} from the previous window (${Date.now() - asked} ms after the server started)`);
  generations.refresh();
}

/** Where this window's runs are started from (as SystemCommands.request does), and their settings' environment. */
function runsHere(): { cwd: string; env: Record<string, string> } {
  return { cwd: workspaceFolder() ?? os.homedir(), env: currentConfiguration().settings.env };
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const config = vscode.workspace.getConfiguration(SETTINGS);
  // Restricted too (package.json): an untrusted folder's arguments could stop the server from
  // starting, so there only the user's own value counts.
  const extraArgs = vscode.workspace.isTrusted
    ? config.get<string[]>('server.extraArgs', [])
    : (config.inspect<string[]>('server.extraArgs')?.globalValue ?? []);
  // A custom executable path is a restricted setting: in an untrusted folder it is ignored.
  const customPath = vscode.workspace.isTrusted ? config.get<string>('server.path', '').trim() : '';
  if (customPath) {
    return { command: customPath, args: ['lsp', '--stdio', ...extraArgs], transport: TransportKind.stdio };
  }
  const module = context.asAbsolutePath(path.join('dist', 'cli.cjs'));
  return {
    run: { module, args: ['lsp', '--stdio', ...extraArgs], transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module, args: ['lsp', '--stdio', ...extraArgs], transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS);
  // VS Code already drops workspace values of restricted settings in untrusted folders.
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    settings: {
      maxFileSize: config.get<number>('maxFileSize'),
      nix: { path: config.get<string>('nix.path') },
      formatter: { command: config.get<string[]>('formatter.command') },
      knowledge: {
        live: config.get<boolean>('knowledge.live'),
        optionsJson: config.get<string>('knowledge.optionsJson'),
        host: config.get<string>('knowledge.host'),
      },
      intent: { style: config.get<string>('intent.style') },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nix' },
      { scheme: 'untitled', language: 'nix' },
    ],
    outputChannel: output,
    initializationOptions,
    // .nix files changing on disk refresh the options the workspace's own modules declare.
    synchronize: { configurationSection: SETTINGS, fileEvents: vscode.workspace.createFileSystemWatcher('**/*.nix') },
  };
  client = new LanguageClient('nixHumanity', 'Nix for Humanity', serverOptions(context), clientOptions);
  let started = false;
  client.onDidChangeState((event) => {
    showState(event.newState);
    // Running again after a crash (the client restarts it): its runs are taken up as after a
    // reload, and a run waiting on the old server gets its end (operations.ts takenUp).
    if (event.newState === State.Running) {
      if (started) void reattachHere();
      started = true;
    }
  });
  client.onNotification(KNOWLEDGE_STATE, (params: KnowledgeStateParams) => showKnowledge(params));
  // Only a path goes back: the password itself goes from the box to sudo over the askpass socket.
  client.onRequest(SYSTEM_ASKPASS, async () => {
    const program = await askpassHere();
    return program ? { program } : {};
  });
  showState(State.Starting);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`The language server did not start: ${message}`);
    if (status) {
      status.severity = vscode.LanguageStatusSeverity.Error;
      status.text = 'Nix: server failed';
      status.detail = 'See the output channel; check nixHumanity.server.path';
    }
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop().catch(() => undefined);
}

function showState(state: State): void {
  if (!status) return;
  status.busy = state === State.Starting;
  status.severity = state === State.Stopped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  status.text = state === State.Running ? 'Nix: ready' : state === State.Starting ? 'Nix: starting' : 'Nix: stopped';
  status.detail = vscode.workspace.isTrusted ? 'Trusted workspace' : 'Untrusted workspace: static analysis only';
}

/** The knowledge sources in the status item: the newest ready one in the text, all in the detail. */
function showKnowledge(params: KnowledgeStateParams): void {
  if (!knowledgeStatus) return;
  const loading = params.sources.some((s) => s.state === 'loading');
  const failed = params.sources.filter((s) => s.state === 'failed');
  const options = params.sources.filter((s) => s.state === 'ready').reduce((n, s) => Math.max(n, s.options ?? 0), 0);
  knowledgeStatus.busy = loading;
  knowledgeStatus.severity = failed.length > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  knowledgeStatus.text = loading ? 'NixOS: loading options' : `NixOS: ${options} options`;
  knowledgeStatus.detail = params.sources.map((s) => `${s.source}: ${s.state === 'ready' ? s.detail : `${s.state}, ${s.detail}`}`).join(' · ');
}

// The progress webview's host: one panel, shown for every system operation in front. It keeps
// its page across hide/show (retainContextWhenHidden, and the page's own saved state), comes back
// after a window reload (a serializer), and acts only on page messages that name a known run.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SystemDiagnostic } from '../../server/src/protocol/diagnostics';
import type { OperationRecord } from '../../server/src/protocol/operations';
import type { SystemEventParams } from '../../server/src/protocol/systemRun';
import { applySystemFix, openAt } from './buildDiagnostics';
import type { Operation, Operations } from './operations';
import { progressHtml } from './webviewHtml';
import { pageMessage, type HostMessage } from './webviewMessages';

export const PANEL_TYPE = 'nixHumanity.progress';
/** workspaceState: the run in front while it runs, so the next window knows one was cut short. */
const RUNNING_KEY = 'nixHumanity.progress.running';
/** How long after activation VS Code's own restore of the panel is waited for. */
const RESTORE_WAIT_MS = 2500;

export class ProgressPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: SystemEventParams[] = [];
  private flush: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** When the page first showed an event of the run (for the latency figure): id -> ms. */
  readonly firstShown = new Map<string, number>();
  /** Brought back after a window reload: it may show a run that this window no longer has. */
  private restored = false;
  /** A run the previous window had in front when it went away (for a page that has no saved state). */
  private interrupted: { startedAt: number; running: boolean } | undefined;
  /** The newest record of the operation log (set by the extension: it asks the server). */
  lastRecord: (since: number) => Promise<OperationRecord | null | undefined> = async () => undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly operations: Operations, private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      operations.onStart((op) => {
        if (op.background) return;
        void context.workspaceState.update(RUNNING_KEY, { startedAt: Date.now() });
        this.show(op);
      }),
      operations.onEvents((op, added) => {
        if (!op.background && added.some((e) => e.event.type === 'result')) void context.workspaceState.update(RUNNING_KEY, undefined);
        if (op.background || op !== operations.current || !this.panel) return;
        this.pending.push(...added);
        // Bursts of progress events go out together, at most every 50 ms.
        this.flush ??= setTimeout(() => this.sendPending(), this.pending.length === 1 ? 0 : 50);
      }),
      vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          this.adopt(panel);
          this.restored = true;
        },
      }),
    );
  }

  /**
   * The previous window went away during a run (reloaded or closed): VS Code brings the panel back
   * through the serializer when it saved the workbench in time; when it did not, the panel is
   * opened here, so the person still sees how that run ended.
   */
  resumeAfterReload(): void {
    const cut = this.context.workspaceState.get<{ startedAt: number }>(RUNNING_KEY);
    if (!cut) return;
    void this.context.workspaceState.update(RUNNING_KEY, undefined);
    // A mark left by a window that died long ago is no news now.
    if (Date.now() - cut.startedAt > 3_600_000) return;
    const timer = setTimeout(() => {
      if (this.panel || this.operations.current) return;
      this.interrupted = { startedAt: cut.startedAt, running: true };
      this.restored = true;
      this.show(undefined);
    }, RESTORE_WAIT_MS);
    this.disposables.push({ dispose: () => clearTimeout(timer) });
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Shows the panel (created if needed) with this operation. */
  show(op: Operation | undefined = this.operations.current, preserveFocus = true): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'NixOS', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
      });
      this.adopt(panel);
    } else {
      this.panel.reveal(undefined, preserveFocus);
    }
    if (op) this.sendOperation(op);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')] };
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'images', 'icon.png');
    const webview = panel.webview;
    const nonce = randomBytes(16).toString('base64');
    webview.html = progressHtml({
      cspSource: webview.cspSource,
      nonce,
      script: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.css')).toString(),
    });
    webview.onDidReceiveMessage((raw) => this.receive(raw), undefined, this.disposables);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private sendOperation(op: Operation): void {
    this.pending = [];
    if (!this.ready) return; // sent on 'ready'
    this.post({ type: 'operation', operation: { id: op.id, title: op.title, startedAt: op.startedAt, changesSystem: op.changesSystem }, events: op.events });
    if (op.events.length > 0) this.noteShown(op.id);
  }

  private sendPending(): void {
    this.flush = undefined;
    const op = this.operations.current;
    if (!op || !this.ready || this.pending.length === 0) return;
    this.post({ type: 'events', id: op.id, events: this.pending });
    this.pending = [];
    this.noteShown(op.id);
  }

  private noteShown(id: string): void {
    if (!this.firstShown.has(id)) this.firstShown.set(id, Date.now());
  }

  /**
   * After a window reload the run the page showed normally goes on in its runner, and the new
   * server takes it up (Operations.reattach: the page then gets the whole run). When none is taken
   * up (its runner ended, and its events could not be kept), show how it ended, from the operation log.
   */
  private async showLastRecord(since: number, running: boolean): Promise<void> {
    // A run taken up by the new server ends the wait; else its record, briefly. The saved page
    // may be older than the last run (VS Code saves webview state now and then), so a page
    // showing a finished run looks for a newer record too.
    let record: OperationRecord | null | undefined;
    const after = running ? since : since + 1500;
    for (const deadline = Date.now() + (running ? 15_000 : 6_000); Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      record = await this.lastRecord(after).catch(() => undefined);
      if (record || this.operations.current) break;
    }
    if (this.operations.current || (!record && !running)) return;
    if (!record) {
      // Neither taken up nor recorded (its runner was killed, say): its end is not known here.
      const id = `gone-${since}`;
      this.post({ type: 'operation', operation: { id, title: 'Operation', startedAt: since, changesSystem: false }, events: [{ id, seq: 0, at: Date.now(), event: {
        type: 'result', ok: false, outcome: 'cancelled', action: 'build', backend: 'direct', elevation: 'none', durationMs: Date.now() - since,
        message: 'The run this view showed was not taken up after the reload, and its end was not recorded. Run it again to finish it.',
      } }] });
      return;
    }
    const ok = record.outcome === 'ok' || record.outcome === 'up-to-date';
    const message = record.outcome === 'cancelled'
      ? 'Cancelled (by Cancel, or because no window took it up after the reload in time): every process it started was stopped. Run it again to finish it.'
      : record.error ?? (ok ? 'Finished.' : 'It did not finish.');
    const startedAt = Date.parse(record.start);
    const id = `log-${startedAt}`;
    this.post({
      type: 'operation',
      operation: { id, title: record.action, startedAt, changesSystem: false },
      events: [{ id, seq: 0, at: startedAt + record.durationMs, event: {
        type: 'result', ok, outcome: record.outcome, action: record.action as never, backend: record.backend, elevation: record.elevation, durationMs: record.durationMs, message,
        ...(record.generation !== undefined ? { generation: record.generation } : {}),
        ...(record.storePath ? { storePath: record.storePath } : {}),
      } }],
    });
  }

  /** Tells the page a password box is up (never the password). */
  askpass(waiting: boolean, prompt: string): void {
    const op = this.operations.current;
    if (op) this.post({ type: 'askpass', id: op.id, waiting, prompt });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = pageMessage(raw);
    if (!message) {
      this.output.warn('The progress page sent a message that is not one of ours; ignored.');
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      const op = this.operations.current;
      if (op) this.sendOperation(op);
      else if (this.restored && (message.showing ?? this.interrupted)) {
        const showing = (message.showing ?? this.interrupted)!;
        await this.showLastRecord(showing.startedAt, showing.running);
      }
      this.restored = false;
      this.interrupted = undefined;
      return;
    }
    if (message.type === 'showOutput') return this.output.show(true);
    const op = this.operations.find(message.id);
    if (!op) return;
    switch (message.type) {
      case 'cancel':
        this.operations.cancel(op.id);
        return;
      case 'rollback':
        await vscode.commands.executeCommand('nixHumanity.system.rollback');
        return;
      case 'openFile':
      case 'applyFix': {
        const event = op.events.find((e) => e.seq === message.seq)?.event;
        if (event?.type !== 'diagnostic') return;
        const diagnostic = event as SystemDiagnostic;
        if (message.type === 'openFile') return void (await openAt(diagnostic.file, diagnostic.range));
        const fix = diagnostic.fixes?.[message.fix];
        if (fix) await applySystemFix(fix);
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

// The system operation running now (at most one in front, and background checks behind it): it
// is started through the server (nixHumanity/systemRun), and its events (nixHumanity/systemEvent)
// are kept, in order, for whoever shows them: the webview, the build diagnostics, the status bar.
import { randomBytes } from 'node:crypto';
// (types only: the class runs in Node too, in tests against a real server process)
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SystemPlanParams } from '../../server/src/protocol/messages';
import type { ResultEvent } from '../../server/src/protocol/rebuild';
import { SYSTEM_CANCEL, SYSTEM_EVENT, SYSTEM_RUN, SYSTEM_RUNNING, type SystemEventParams } from '../../server/src/protocol/systemRun';
import { SYSTEM_COMMANDS } from './systemRequest';
import type { OperationInfo } from './webviewMessages';

/** The title a command gives its run, for a run taken up after a reload. */
const TITLES: Record<string, string> = Object.fromEntries(SYSTEM_COMMANDS.map((c) => [c.command, c.title]));

export interface Operation extends OperationInfo {
  plan: SystemPlanParams;
  background: boolean;
  events: SystemEventParams[];
  result?: ResultEvent;
  /** When the user confirmed (for the latency figure). */
  confirmedAt: number;
}

type Listener = (operation: Operation, added: SystemEventParams[]) => void;

/** How long a run whose server went away waits for a new server (a restart takes seconds). */
const ORPHAN_MS = 120_000;

/**
 * The language server went away while the request was out (Restart Language Server, a crash):
 * vscode-jsonrpc rejects a pending request with PendingResponseRejected, and a request sent while
 * the client stops gets ConnectionInactive. The run itself may go on in its runner.
 */
export function serverWentAway(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === -32097 || code === -32096;
}

export class Operations implements vscode.Disposable {
  private readonly all = new Map<string, Operation>();
  /** Events of runs not known yet (see receive). */
  private readonly early = new Map<string, SystemEventParams[]>();
  private readonly listeners: Listener[] = [];
  private readonly startListeners: ((operation: Operation) => void)[] = [];
  /**
   * Runs whose server went away while they ran, waiting for the next server to take them up: their
   * end, and a timer that ends them when no server does (the client gave up restarting it).
   */
  private readonly orphans = new Map<string, { end: (result: ResultEvent) => void; timer?: NodeJS.Timeout }>();
  private wired: LanguageClient | undefined;
  private subscription: vscode.Disposable | undefined;
  /** The newest operation in front (shown by the webview and the status bar). */
  current: Operation | undefined;

  constructor(
    private readonly server: () => LanguageClient | undefined,
    /** How long a run whose server went away waits for a new one (tests shorten it). */
    private readonly orphanMs = ORPHAN_MS,
  ) {}

  /** Listens to the client's event notifications (again after a server restart). */
  private wire(client: LanguageClient): void {
    if (this.wired === client) return;
    this.subscription?.dispose();
    this.wired = client;
    this.subscription = client.onNotification(SYSTEM_EVENT, (params) => this.receive(params));
  }

  private receive(params: SystemEventParams): void {
    const operation = this.all.get(params.id);
    if (!operation) {
      // A run taken up after a reload may send events before the answer that names it arrives.
      const early = this.early.get(params.id) ?? [];
      if (early.length < 10_000) this.early.set(params.id, [...early, params]);
      return;
    }
    if (operation.events.some((e) => e.seq === params.seq)) return;
    operation.events.push(params);
    if (params.event.type === 'result') operation.result = params.event;
    for (const l of this.listeners) l(operation, [params]);
    if (operation.result) this.orphans.get(operation.id)?.end(operation.result);
  }

  onEvents(listener: Listener): vscode.Disposable {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }

  onStart(listener: (operation: Operation) => void): vscode.Disposable {
    this.startListeners.push(listener);
    return { dispose: () => this.startListeners.splice(this.startListeners.indexOf(listener), 1) };
  }

  get running(): Operation[] {
    return [...this.all.values()].filter((o) => !o.result);
  }

  find(id: string): Operation | undefined {
    return this.all.get(id);
  }

  /** Starts a run; resolves with its result once every event is in. */
  async start(title: string, plan: SystemPlanParams, options: { background?: boolean; gcRoot?: string; prepared?: boolean; confirmedAt?: number; changesSystem?: boolean } = {}): Promise<ResultEvent> {
    const client = this.server();
    if (!client) throw new Error('The language server is not running; restart it (Nix: Restart Language Server).');
    this.wire(client);
    const background = options.background ?? false;
    if (!background) await this.cancelBackground();
    const operation: Operation = {
      id: randomBytes(8).toString('hex'),
      title,
      startedAt: Date.now(),
      confirmedAt: options.confirmedAt ?? Date.now(),
      changesSystem: options.changesSystem ?? false,
      plan,
      background,
      events: [],
    };
    this.all.set(operation.id, operation);
    if (!background) this.current = operation;
    for (const l of this.startListeners) l(operation);
    try {
      let result: ResultEvent;
      try {
        result = await client.sendRequest(SYSTEM_RUN, { id: operation.id, plan, background, ...(options.gcRoot ? { gcRoot: options.gcRoot } : {}), ...(options.prepared ? { prepared: true } : {}) });
      } catch (error) {
        // The server went away during the run (a restart): the run goes on in its runner and the
        // next server takes it up (reattach); its result comes through that server's events.
        if (background || !serverWentAway(error)) throw error;
        result = await this.takenUp(operation);
      }
      // Every event was sent before the answer; if one was lost, the result still ends the run.
      if (!operation.result) this.receive({ id: operation.id, seq: operation.events.length, at: Date.now(), event: result });
      return result;
    } finally {
      if (background) this.all.delete(operation.id);
      else this.forgetOld();
    }
  }

  /**
   * A run of ours taken up by a new server (it restarted under the run): the events that came
   * while no server was there. The new server's next events may have come first: kept in order.
   */
  private merge(operation: Operation, events: SystemEventParams[]): void {
    const added = events.filter((e) => !operation.events.some((x) => x.seq === e.seq));
    if (added.length === 0) return;
    operation.events.push(...added);
    operation.events.sort((a, b) => a.seq - b.seq);
    const result = operation.events.find((e) => e.event.type === 'result')?.event;
    if (result?.type === 'result') operation.result = result;
    for (const l of this.listeners) l(operation, added);
    if (operation.result) this.orphans.get(operation.id)?.end(operation.result);
  }

  /**
   * The result of a run whose server went away, once a later server has taken it up (or said it
   * is not there). No server within ORPHAN_MS: it ends here as failed (its runner, alone, has
   * cancelled it after its grace period by then, unless that was set longer).
   */
  private takenUp(operation: Operation): Promise<ResultEvent> {
    if (operation.result) return Promise.resolve(operation.result);
    return new Promise<ResultEvent>((resolve) => {
      const orphan = {
        end: (result: ResultEvent) => {
          clearTimeout(orphan.timer);
          this.orphans.delete(operation.id);
          resolve(result);
        },
        timer: setTimeout(() => this.lost(operation, 'The language server stopped during the run and no new one took it up; how it ended is in the operation log.'), this.orphanMs).unref() as NodeJS.Timeout | undefined,
      };
      this.orphans.set(operation.id, orphan);
    });
  }

  /** Ends a run whose server went away, as failed with `message`. */
  private lost(operation: Operation, message: string): void {
    const orphan = this.orphans.get(operation.id);
    if (!orphan || operation.result) return;
    const result: ResultEvent = {
      type: 'result', ok: false, outcome: 'failed', action: (operation.plan.operation === 'rollback' ? 'rollback-switch' : operation.plan.action) as ResultEvent['action'],
      backend: 'direct', elevation: 'none', durationMs: Date.now() - operation.startedAt, message,
    };
    this.receive({ id: operation.id, seq: operation.events.length, at: Date.now(), event: result });
    orphan.end(result);
  }

  cancel(id?: string): void {
    const client = this.wired;
    for (const op of this.running) {
      if (id === undefined ? !op.background : op.id === id) void client?.sendNotification(SYSTEM_CANCEL, { id: op.id });
    }
  }

  /** Background checks make way for what the person asked for (they hold the operation lock). */
  private async cancelBackground(): Promise<void> {
    const behind = this.running.filter((o) => o.background);
    if (behind.length === 0) return;
    for (const op of behind) void this.wired?.sendNotification(SYSTEM_CANCEL, { id: op.id });
    const deadline = Date.now() + 10_000;
    while (this.running.some((o) => o.background) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  /**
   * A client that started again (a window reload, a server restart) takes up the runs going on for
   * this workspace: the server finds those an earlier server left to their runners and sends every
   * event so far, then the rest. A run that ended meanwhile comes with its result.
   */
  async reattach(where: { cwd: string; env: Record<string, string> }): Promise<void> {
    const client = this.server();
    if (!client) return;
    this.wire(client);
    const running = await client.sendRequest(SYSTEM_RUNNING, where).catch(() => []);
    for (const r of running) {
      const known = this.all.get(r.id);
      if (known) {
        // Taken up: its end comes with this server's events, however long it takes.
        const orphan = this.orphans.get(r.id);
        if (orphan) {
          clearTimeout(orphan.timer);
          orphan.timer = undefined;
        }
        this.merge(known, r.events);
        continue;
      }
      if (r.background) continue;
      const events = [...r.events];
      for (const e of this.early.get(r.id) ?? []) if (!events.some((x) => x.seq === e.seq)) events.push(e);
      this.early.delete(r.id);
      events.sort((a, b) => a.seq - b.seq);
      const title = r.plan.operation === 'rollback' ? (r.plan.to !== undefined ? `Switch to Generation ${r.plan.to}` : 'Roll Back') : TITLES[r.plan.action] ?? r.plan.action;
      const operation: Operation = { id: r.id, title, startedAt: r.events[0]?.at ?? Date.now(), confirmedAt: Date.now(), changesSystem: r.plan.operation === 'rollback' || ['switch', 'boot', 'test'].includes(r.plan.action), plan: r.plan, background: false, events };
      const result = events.find((e) => e.event.type === 'result')?.event;
      if (result?.type === 'result') operation.result = result;
      this.all.set(r.id, operation);
      this.current = operation;
      for (const l of this.startListeners) l(operation);
      // Its end, to those that wait for one (the Problems panel, the status bar, the view's mark).
      if (operation.result) for (const l of this.listeners) l(operation, events.slice(-1));
    }
    this.early.clear();
    // A run of ours that this server did not find: it ran in the server that went (no runner), or
    // ended and was collected already. Its end is in the operation log.
    for (const id of [...this.orphans.keys()]) {
      const operation = this.all.get(id);
      if (!operation || running.some((r) => r.id === id)) continue;
      this.lost(operation, 'The language server stopped during the run, and the new one did not find it running; how it ended is in the operation log.');
    }
  }

  private forgetOld(): void {
    for (const [id, op] of this.all) if (op.result && op !== this.current) this.all.delete(id);
  }

  dispose(): void {
    for (const orphan of this.orphans.values()) clearTimeout(orphan.timer);
    this.subscription?.dispose();
  }
}

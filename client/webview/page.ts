// The progress page of a system operation (Apply, Build, Roll Back...): phases with counts and
// bars, downloads, the builds running now, errors that open their file and offer the fix, the
// summary, and a searchable log tail. Everything it shows comes from the host's messages,
// checked first, and is written with textContent only.
import type { CurrentBuild, Phase, ProgressEvent, ResultEvent, SystemDiagnostic } from '../../server/src/protocol/index';
import type { SummaryEvent, SystemEventParams } from '../../server/src/protocol/systemRun';
import { hostMessage, type OperationInfo, type PageMessage } from '../src/webviewMessages';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: PageMessage) => vscode.postMessage(message);
const LOG_LINES = 2000;

type Step = 'evaluate' | 'build' | 'copy' | 'activate';
const STEPS: [Step, string][] = [['evaluate', 'Evaluate'], ['build', 'Build'], ['copy', 'Copy'], ['activate', 'Activate']];
const STEP_OF: Record<Phase, Step> = { updating: 'evaluate', evaluating: 'evaluate', building: 'build', copying: 'copy', activating: 'activate' };

interface State {
  operation?: OperationInfo;
  events: SystemEventParams[];
}

let state: State = { events: [] };
let askpassWaiting = false;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function render(): void {
  const { operation, events } = state;
  $('title').textContent = operation ? `NixOS: ${operation.title}` : 'NixOS';
  const result = events.find((e) => e.event.type === 'result')?.event as ResultEvent | undefined;
  const running = operation !== undefined && !result;
  const cancel = $<HTMLButtonElement>('cancel');
  cancel.hidden = !running;
  $('state').textContent = !operation ? 'Nothing has run yet.' : running ? 'Running…' : result!.ok ? (result!.outcome === 'up-to-date' ? 'Already up to date' : 'Done') : result!.outcome === 'cancelled' ? 'Cancelled' : 'Failed';
  $('state').className = `state ${!operation ? '' : running ? 'running' : result!.ok ? 'ok' : 'failed'}`;
  renderPhases(events, running, result);
  renderProgress(events, running);
  renderErrors(events);
  renderSummary(operation, result, events.find((e) => e.event.type === 'summary')?.event as SummaryEvent | undefined);
  renderLog();
  $('askpass').hidden = !askpassWaiting;
  stampShown();
}

/**
 * Marks when the page first showed the run's first event and its summary (data-shown-at on
 * #phases and #summary: the time of the frame that draws them), for the editor bench's latency
 * figures: read from the page, they hold no wait of the bench's own polling.
 */
function stampShown(): void {
  const phases = $('phases');
  const summary = $('summary');
  if (state.events.length === 0) delete phases.dataset.shownAt;
  if (summary.hidden) delete summary.dataset.shownAt;
  if ((state.events.length > 0 && !phases.dataset.shownAt) || (!summary.hidden && !summary.dataset.shownAt)) {
    requestAnimationFrame(() => {
      const now = String(Date.now());
      if (state.events.length > 0) phases.dataset.shownAt ??= now;
      if (!summary.hidden) summary.dataset.shownAt ??= now;
    });
  }
}

function renderPhases(events: SystemEventParams[], running: boolean, result: ResultEvent | undefined): void {
  const seen = events.filter((e) => e.event.type === 'phase').map((e) => STEP_OF[(e.event as { phase: Phase }).phase] ?? 'evaluate');
  const last = seen[seen.length - 1];
  const progress = lastProgress(events);
  const list = $('phases');
  list.replaceChildren(...STEPS.map(([step, label]) => {
    const ended = result !== undefined;
    const status = step === last ? (running ? 'active' : result?.ok ? 'done' : result?.outcome === 'cancelled' ? 'cancelled' : 'failed') : seen.includes(step) ? 'done' : ended ? 'skipped' : 'pending';
    const item = el('li', { className: `phase ${status}` });
    item.setAttribute('aria-current', status === 'active' ? 'step' : 'false');
    item.append(el('span', { className: 'phase-name', textContent: label }), el('span', { className: 'phase-status', textContent: status === 'active' ? 'in progress' : status }));
    const counts = step === 'build' ? progress?.builds : step === 'copy' ? progress?.copies : undefined;
    if (counts && counts.expected > 0) {
      const bar = el('progress', { max: counts.expected, value: counts.done });
      bar.setAttribute('aria-label', `${label}: ${counts.done} of ${counts.expected}`);
      item.append(el('span', { className: 'counts', textContent: `${counts.done}/${counts.expected}${counts.running ? `, ${counts.running} running` : ''}${counts.failed ? `, ${counts.failed} failed` : ''}` }), bar);
    }
    return item;
  }));
  const live = $('live');
  const text = last ? `${STEPS.find(([s]) => s === last)![1]}: ${(events.filter((e) => e.event.type === 'phase').pop()!.event as { message: string }).message}` : '';
  if (live.textContent !== text) live.textContent = text;
}

function lastProgress(events: SystemEventParams[]): ProgressEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.event.type === 'progress') return events[i]!.event as ProgressEvent;
  return undefined;
}

function renderProgress(events: SystemEventParams[], running: boolean): void {
  const progress = lastProgress(events);
  const downloads = $('downloads');
  const bytes = progress ? [progress.download, progress.copyBytes].filter((b) => b.expectedBytes > 0 || b.doneBytes > 0) : [];
  downloads.hidden = bytes.length === 0;
  downloads.replaceChildren(...bytes.map((b, i) => {
    const bar = el('progress', { max: Math.max(b.expectedBytes, b.doneBytes, 1), value: b.doneBytes });
    bar.setAttribute('aria-label', i === 0 && progress!.download === b ? 'Downloaded' : 'Copied');
    return el('div', { className: 'bytes' }, `${progress!.download === b ? 'Downloaded' : 'Copied'} ${formatBytes(b.doneBytes)} of ${formatBytes(b.expectedBytes)} `, bar);
  }));
  const current: CurrentBuild[] = running ? progress?.current ?? [] : [];
  const list = $('builds');
  $('builds-section').hidden = current.length === 0;
  list.replaceChildren(...current.map((b) => el('li', { textContent: `${b.name}${b.phase ? ` (${b.phase})` : ''}${b.machine ? ` on ${b.machine}` : ''}, ${formatMs(b.elapsedMs)}` })));
}

function renderErrors(events: SystemEventParams[]): void {
  const diagnostics = events.filter((e) => e.event.type === 'diagnostic');
  $('errors-section').hidden = diagnostics.length === 0;
  $('errors').replaceChildren(...diagnostics.map((e) => {
    const d = e.event as unknown as SystemDiagnostic;
    const name = String(d.file).split('/').pop();
    const open = el('button', { className: 'link', textContent: `${name}:${d.range.start.line + 1}:${d.range.start.character + 1}`, title: `Open ${d.file} at line ${d.range.start.line + 1}` });
    open.dataset.action = 'open';
    open.addEventListener('click', () => post({ type: 'openFile', id: e.id, seq: e.seq }));
    const item = el('li', { className: `error ${d.severity}` }, open, ' ', el('span', { textContent: String(d.message) }));
    (d.fixes ?? []).forEach((fix, i) => {
      if (!fix.edits?.length) return;
      const button = el('button', { className: 'fix', textContent: `Fix: ${fix.title}` });
      button.addEventListener('click', () => post({ type: 'applyFix', id: e.id, seq: e.seq, fix: i }));
      item.append(' ', button);
    });
    return item;
  }));
}

function renderSummary(operation: OperationInfo | undefined, result: ResultEvent | undefined, summary: SummaryEvent | undefined): void {
  const section = $('summary');
  section.hidden = !result;
  if (!result || !operation) return;
  const lines: (Node | string)[] = [el('p', { className: 'message', textContent: result.message })];
  const facts: string[] = [`Took ${formatMs(result.durationMs)}.`];
  if (result.generation !== undefined) facts.unshift(`Generation ${result.generation}.`);
  if (summary?.preparedBuild) facts.push('A prepared build was used: only activation ran.');
  lines.push(el('p', { className: 'facts', textContent: facts.join(' ') }));
  if (summary?.diff) {
    const { added, removed, changed } = summary.diff;
    lines.push(el('p', { textContent: `Against generation ${summary.previousGeneration}: ${added.length} added, ${removed.length} removed, ${changed.length} changed.` }));
    const list = el('ul', { className: 'diff' });
    for (const p of added) list.append(el('li', { className: 'added', textContent: `+ ${p.name} ${p.version}` }));
    for (const p of removed) list.append(el('li', { className: 'removed', textContent: `- ${p.name} ${p.version}` }));
    for (const p of changed) list.append(el('li', { className: 'changed', textContent: `~ ${p.name} ${p.from} → ${p.to}` }));
    if (list.childElementCount > 0) lines.push(list);
  }
  if (summary?.unitsRestarted.length) lines.push(el('p', { textContent: `Units restarted: ${summary.unitsRestarted.join(', ')}.` }));
  if (result.failedUnits?.length) lines.push(el('p', { className: 'failed', textContent: `Units that failed: ${result.failedUnits.join(', ')}.` }));
  if (result.ok && result.generation !== undefined && operation.changesSystem) {
    const back = el('button', { id: 'rollback', textContent: 'Roll Back' });
    back.addEventListener('click', () => post({ type: 'rollback', id: operation.id }));
    lines.push(back);
  }
  section.replaceChildren(el('h2', { textContent: 'Summary' }), ...lines);
}

function renderLog(): void {
  const query = $<HTMLInputElement>('search').value.trim().toLowerCase();
  const lines = state.events.filter((e) => e.event.type === 'log').map((e) => (e.event as { text: string }).text);
  const shown = (query ? lines.filter((l) => l.toLowerCase().includes(query)) : lines).slice(-LOG_LINES);
  $('log').textContent = shown.join('\n');
  $('log-count').textContent = query ? `${shown.length} of ${lines.length} lines match` : `${lines.length} lines`;
}

window.addEventListener('message', (message: MessageEvent) => {
  const m = hostMessage(message.data);
  if (!m) return; // not ours, or malformed: ignored
  if (m.type === 'operation') {
    state = { operation: m.operation, events: [...m.events] };
    askpassWaiting = false;
  } else if (m.type === 'events') {
    if (m.id !== state.operation?.id) return;
    const have = new Set(state.events.map((e) => e.seq));
    for (const e of m.events) if (!have.has(e.seq) && e.id === m.id) state.events.push(e);
    state.events.sort((a, b) => a.seq - b.seq);
  } else if (m.type === 'askpass') {
    if (m.id !== state.operation?.id) return;
    askpassWaiting = m.waiting;
  }
  render();
  // Saved once drawn: the copy of every event so far (thousands in a long build) is not in the
  // way of showing the newest.
  vscode.setState(state);
});

$<HTMLButtonElement>('cancel').addEventListener('click', () => {
  if (state.operation) post({ type: 'cancel', id: state.operation.id });
});
$('search').addEventListener('input', renderLog);
$('output').addEventListener('click', () => post({ type: 'showOutput' }));

// Shown again after being hidden, or after a window reload: what it had, then the host catches up.
const saved = vscode.getState() as State | undefined;
if (saved && Array.isArray(saved.events)) state = saved;
render();
// Elapsed times of running builds move without new events: redraw each second while running.
setInterval(() => {
  if (state.operation && !state.events.some((e) => e.event.type === 'result')) {
    const started = state.operation.startedAt;
    $('elapsed').textContent = formatMs(Date.now() - started);
  }
}, 1000);
post(state.operation
  ? { type: 'ready', showing: { id: state.operation.id, startedAt: state.operation.startedAt, running: !state.events.some((e) => e.event.type === 'result') } }
  : { type: 'ready' });

// Runs the editor's rebuilds and rollbacks in the server, with the runner the CLI uses, and
// streams its events to the client (nixHumanity/systemEvent). Also answers the generations view
// and the generation diff. Processes start only in system/ (exec.ts).
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { SystemPlanParams } from '../protocol/messages';
import type { RebuildAction, ResultEvent, RollbackAction } from '../protocol/rebuild';
import {
  SYSTEM_CANCEL,
  SYSTEM_DIFF,
  SYSTEM_EVENT,
  SYSTEM_GENERATIONS,
  SYSTEM_RUN,
  SYSTEM_RUNNING,
  type DiffParams,
  type GenerationsParams,
  type GenerationsResult,
  type PackageDiff,
  type RunningOperation,
  type SystemEventParams,
  type SystemRunEvent,
  type SystemRunParams,
} from '../protocol/systemRun';
import { diffGenerations } from '../system/generationDiff';
import { listGenerations, ProfileNotFoundError } from '../system/generations';
import { knownGoodGenerations, stateDirFromEnv } from '../system/knownGood';
import { DEFAULT_PROFILES_DIR, resolveProfile } from '../system/rebuild/options';
import { runRebuild, runRollback } from '../system/rebuild/runner';

interface Run extends RunningOperation {
  abort: AbortController;
}

const runs = new Map<string, Run>();
let exitHooked = false;

export function registerSystemRun(connection: Connection): void {
  connection.onRequest(SYSTEM_RUN, (params, token) => runSystem(connection, params, token));
  connection.onNotification(SYSTEM_CANCEL, ({ id }) => runs.get(id)?.abort.abort());
  connection.onRequest(SYSTEM_RUNNING, () => [...runs.values()].map(({ id, plan, background, events }) => ({ id, plan, background, events })));
  connection.onRequest(SYSTEM_GENERATIONS, (params) => generations(params));
  connection.onRequest(SYSTEM_DIFF, (params) => diff(params));
  // When the process ends without a shutdown (its parent, the extension host, went away):
  // aborting sends the first SIGTERM to every process tree at once, before the process ends.
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', cancelAllRuns);
  }
}

/**
 * The editor is going away (shutdown): cancel every run and wait (5 s at most) for them to
 * end, so nothing is left behind. Called from the server's one shutdown handler: a connection
 * keeps only the last handler registered.
 */
export async function shutdownRuns(): Promise<void> {
  cancelAllRuns();
  const deadline = Date.now() + 5000;
  while (runs.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** Stops every run (the server is going away): a cancelled build changes nothing. */
export function cancelAllRuns(): void {
  for (const run of runs.values()) run.abort.abort();
}

function envOf(plan: Pick<SystemPlanParams, 'env'>): NodeJS.ProcessEnv {
  return { ...process.env, ...plan.env };
}

export async function runSystem(connection: Connection, params: SystemRunParams, token?: CancellationToken): Promise<ResultEvent> {
  const abort = new AbortController();
  const run: Run = { id: params.id, plan: params.plan, background: params.background ?? false, events: [], abort };
  runs.set(params.id, run);
  token?.onCancellationRequested(() => abort.abort());
  let seq = 0;
  const units: string[] = [];
  let built = false;
  const send = (event: SystemRunEvent) => {
    const message: SystemEventParams = { id: params.id, seq: seq++, at: Date.now(), event };
    run.events.push(message);
    void connection.sendNotification(SYSTEM_EVENT, message);
  };
  const onEvent = (event: SystemRunEvent) => {
    if (event.type === 'log' && event.source === 'activation') {
      // "restarting the following units: a.service, b.service" (one line, comma-separated).
      const match = /^(restarting|starting|reloading) the following units: (.*)$|^the following new units were started: (.*)$/.exec(event.text);
      if (match) units.push(...(match[2] ?? match[3] ?? '').split(',').map((u) => u.trim()).filter(Boolean));
    }
    // Nix may announce an expected build and then find it valid: only a started one counts.
    if (event.type === 'progress' && (event.builds.done > 0 || event.builds.running > 0 || event.current.length > 0)) built = true;
    if (event.type !== 'result') send(event);
  };
  const p = params.plan;
  const common = {
    ...(p.profile ? { profile: p.profile } : {}),
    ...(p.specialisation ? { specialisation: p.specialisation } : {}),
    ...(p.targetHost ? { targetHost: p.targetHost } : {}),
    elevate: p.elevate ?? 'auto',
    installBootloader: p.installBootloader ?? false,
    env: envOf(p),
    ...(p.cwd ? { cwd: p.cwd } : {}),
    signal: abort.signal,
    interactive: false,
    // A build ahead runs while the person works: at the lowest CPU priority.
    ...(params.background ? { lowPriority: true } : {}),
  };
  let result: ResultEvent;
  try {
    result = p.operation === 'rollback'
      ? await runRollback({ ...common, action: p.action as RollbackAction, ...(p.to !== undefined ? { to: p.to } : {}) }, onEvent)
      : await runRebuild({
        ...common,
        action: p.action as RebuildAction,
        ...(p.flake ? { flake: p.flake } : {}),
        includes: p.includes ?? [],
        ...(p.buildHost ? { buildHost: p.buildHost } : {}),
        backend: p.backend ?? 'auto',
        // Like the CLI (and nixos-rebuild): build and build-vm leave ./result; a build ahead its GC root.
        ...(params.gcRoot ? { outLink: params.gcRoot } : p.action === 'build' || p.action.startsWith('build-vm') ? { outLink: 'result' } : {}),
      }, onEvent);
    if (result.ok && result.generation !== undefined && !params.background) {
      send({ type: 'summary', generation: result.generation, ...await summaryDiff(p, result.generation), unitsRestarted: [...new Set(units)], preparedBuild: Boolean(params.prepared) && !built });
    }
    send(result);
  } finally {
    runs.delete(params.id);
  }
  return result;
}

/** The diff of the new generation against the one before it, when both are there. */
async function summaryDiff(plan: SystemPlanParams, generation: number): Promise<{ previousGeneration?: number; diff?: PackageDiff }> {
  if (plan.targetHost) return {};
  try {
    const profile = resolveProfile(plan.profile, DEFAULT_PROFILES_DIR, plan.cwd ?? process.cwd());
    const all = listGenerations(profile);
    const now = all.find((g) => g.generation === generation);
    const before = all.filter((g) => g.generation < generation).pop();
    if (!now || !before) return {};
    return { previousGeneration: before.generation, diff: await diffGenerations(before.storePath, now.storePath, { env: envOf(plan) }) };
  } catch {
    return {};
  }
}

function generations(params: GenerationsParams): GenerationsResult {
  const env = envOf(params);
  const profile = resolveProfile(params.profile || undefined, DEFAULT_PROFILES_DIR, process.cwd());
  try {
    const all = listGenerations(profile);
    const good = knownGoodGenerations(stateDirFromEnv(env), profile, all);
    return {
      profile,
      generations: all.map((g) => ({
        generation: g.generation,
        date: g.date.toISOString(),
        storePath: g.storePath,
        ...(g.nixosVersion ? { nixosVersion: g.nixosVersion } : {}),
        ...(g.kernelVersion ? { kernelVersion: g.kernelVersion } : {}),
        specialisations: g.specialisations,
        current: g.current,
        knownGood: good.has(g.generation),
      })),
    };
  } catch (error) {
    if (error instanceof ProfileNotFoundError) return { profile, generations: [], problem: error.message };
    throw error;
  }
}

async function diff(params: DiffParams): Promise<PackageDiff> {
  const profile = resolveProfile(params.profile || undefined, DEFAULT_PROFILES_DIR, process.cwd());
  const all = listGenerations(profile);
  const find = (n: number) => {
    const g = all.find((x) => x.generation === n);
    if (!g) throw new Error(`There is no generation ${n} in ${profile}.`);
    return g;
  };
  return diffGenerations(find(params.from).storePath, find(params.to).storePath, { env: envOf(params) });
}

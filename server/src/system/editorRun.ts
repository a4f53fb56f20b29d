// One editor operation (a rebuild or rollback asked for by the editor), with the runner the CLI
// uses, its events numbered for the editor, and the summary after a new generation. Run by the
// language server itself (background checks) or by the operation runner process it starts (what
// the person asked for: it survives a window reload, see runnerHost.ts).
import type { SystemPlanParams } from '../protocol/messages';
import type { RebuildAction, ResultEvent, RollbackAction } from '../protocol/rebuild';
import type { PackageDiff, SystemRunEvent, SystemRunParams } from '../protocol/systemRun';
import { diffGenerations } from './generationDiff';
import { listGenerations } from './generations';
import { DEFAULT_PROFILES_DIR, resolveProfile } from './rebuild/options';
import { runRebuild, runRollback } from './rebuild/runner';

export function envOf(plan: Pick<SystemPlanParams, 'env'>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, ...plan.env };
}

/**
 * Runs the operation; every event goes to `send` (the result last, after the summary), and the
 * result is also returned. Aborting `signal` cancels it as the CLI's Ctrl-C does.
 */
export async function executeRun(params: SystemRunParams, send: (event: SystemRunEvent) => void, signal: AbortSignal): Promise<ResultEvent> {
  const units: string[] = [];
  let built = false;
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
    signal,
    interactive: false,
    // A build ahead runs while the person works: at the lowest CPU priority.
    ...(params.background ? { lowPriority: true } : {}),
  };
  const result = p.operation === 'rollback'
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

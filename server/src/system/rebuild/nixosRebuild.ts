// The nixos-rebuild backend: the installed nixos-rebuild (or nixos-rebuild-ng) does the work; we
// pass the same options, read its output (internal-json where Nix prints it, plain lines where
// nixos-rebuild does) and turn it into the same events.
import { describeExit } from '../exec';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentGenerationNumber } from '../generations';
import { elevatedArgv } from './elevation';
import type { PlanStep } from '../../protocol/plan';
import { outPathCommand, type BuildAttribute } from './commands';
import { buildFailed, failedUnitsOf, type BackendOutcome } from './direct';
import type { RebuildAction } from '../../protocol/rebuild';
import { NixProgress } from './nixLog';
import { runsSwitchScript, setsProfile, type ConfigurationSource } from './options';
import { StepFailure, type Session } from './session';
import { runProcessStreaming } from '../exec';

export interface NixosRebuildPlan {
  /** The planned nixos-rebuild step (plan.ts): its argv, and whether it runs as root. */
  step: PlanStep;
  action: RebuildAction;
  source: ConfigurationSource;
  profile: string;
  /** --upgrade / --upgrade-all (channels mode only; the runner drops it for flakes). */
  upgrade?: 'nixos' | 'all';
}

/** nixos-rebuild's own progress lines, mapped to our phases. */
const PHASE_LINES: [RegExp, 'building' | 'copying' | 'activating', string][] = [
  [/^building the system configuration/, 'building', 'Building the system.'],
  [/^copying .* to /i, 'copying', 'Copying the system.'],
  [/^(updating GRUB|activating the configuration|stopping the following units|setting up \/etc|would )/, 'activating', 'Activating the new system.'],
];

export async function nixosRebuildBackend(session: Session, plan: NixosRebuildPlan): Promise<BackendOutcome> {
  // nixos-rebuild needs root itself for the steps that change the system, and for updating
  // root's channels with --upgrade; builds alone stay as the user (decided by the plan).
  const { step } = plan;
  const program = step.argv[0]!;
  const full = step.root ? elevatedArgv(session.config.elevation, step.argv) : step.argv;
  const before = currentGenerationNumber(plan.profile);
  const progress = new NixProgress();
  const lines: string[] = [];
  let phase: string = 'evaluating';
  session.phase(plan.upgrade ? 'updating' : 'evaluating', `Running ${full.join(' ')}.`);
  const result = await runProcessStreaming(full[0]!, full.slice(1), {
    cwd: session.config.cwd,
    env: session.config.env,
    signal: session.config.signal,
    // One output in the order written: the phase lines and what follows them stay in order.
    merge: true,
    onLine: ({ line }) => {
      lines.push(line);
      const log = progress.feed(line);
      for (const [pattern, next, message] of PHASE_LINES) {
        if (pattern.test(line) && next !== phase) {
          phase = next;
          session.phase(next, message);
        }
      }
      if (phase === 'evaluating' && progress.sawBuildWork) {
        phase = 'building';
        session.phase('building', 'Building the system.');
      }
      if (log) session.emit(phase === 'activating' && log.source === 'nix' ? { ...log, source: 'activation' } : log);
      if (progress.takeChanged()) session.emit(progress.snapshot());
    },
  });
  if (result.cancelled) throw new StepFailure('Cancelled.', undefined, true);
  if (result.spawnError !== undefined) {
    throw new StepFailure(`Could not run ${program}: ${/ENOENT/.test(result.spawnError) ? 'it is not installed or not on PATH' : result.spawnError}. nixos-rebuild comes with NixOS; elsewhere choose --backend direct.`);
  }
  const after = currentGenerationNumber(plan.profile);
  const generation = setsProfile(plan.action) && after !== undefined && after !== before ? after : undefined;
  const storePath = generation !== undefined
    ? safeRealpath(plan.profile)
    : await builtStorePath(session, plan, lines, result.exitCode === 0 || result.exitCode === 4 || phase === 'activating');
  const common = { ...(storePath ? { storePath } : {}), ...(generation !== undefined ? { generation } : {}) };
  if (result.exitCode === 0) {
    return { outcome: 'ok', ...common, ...(runsSwitchScript(plan.action) && plan.action !== 'dry-activate' ? { activation: 'ok' as const } : {}), message: `nixos-rebuild ${plan.action} finished.` };
  }
  if (result.exitCode === 4 && runsSwitchScript(plan.action)) {
    const failedUnits = failedUnitsOf(lines);
    return { outcome: 'units-failed', activation: 'units-failed', failedUnits, exitCode: 4, ...common, message: `The new system is active, but some units failed to start${failedUnits.length ? `: ${failedUnits.join(', ')}` : ''}. Check them with 'systemctl status', or roll back with 'nix-humanity rollback'.` };
  }
  if (phase === 'activating') {
    return { outcome: 'failed', activation: 'failed', exitCode: result.exitCode, ...common, message: `nixos-rebuild ${plan.action} failed while activating (${describeExit(result)}).` };
  }
  return buildFailed(session, { command: 'nixos-rebuild', result, progress, stdout: [] }, plan);
}

/** The attribute nixos-rebuild builds for each action. */
function attributeOf(action: RebuildAction): BuildAttribute {
  return action === 'build-vm' ? 'vm' : action === 'build-vm-with-bootloader' ? 'vmWithBootLoader' : 'toplevel';
}

/**
 * The store path nixos-rebuild built, for the actions that leave no new generation to read it
 * from (test, dry-activate, build, build-vm*). nixos-rebuild prints it nowhere by itself, so: the
 * switch-to-configuration it ran (with -v it echoes each command, `$ /nix/store/...-nixos-system-
 * .../bin/switch-to-configuration test`), else the `result` link build and build-vm leave, else an
 * evaluation of the output path (evaluation only: the build is done, the path is fixed by it).
 */
async function builtStorePath(session: Session, plan: NixosRebuildPlan, lines: readonly string[], built: boolean): Promise<string | undefined> {
  if (!built || plan.action === 'dry-build') return undefined;
  const echoed = storePathFromOutput(lines);
  if (echoed) return echoed;
  if (plan.action === 'build' || plan.action.startsWith('build-vm')) {
    const link = safeRealpath(path.join(session.config.cwd, 'result'));
    if (link?.startsWith('/nix/store/')) return link;
  }
  try {
    const { result, stdout } = await session.runPlain(outPathCommand(plan.source, attributeOf(plan.action)), { quiet: true });
    const value = stdout.join('').trim().replace(/^"|"$/g, '');
    return result.exitCode === 0 && /^\/nix\/store\/[0-9a-z]{32}-/.test(value) ? value : undefined;
  } catch (error) {
    // Only the store path is missing then; the operation itself already finished.
    if (error instanceof StepFailure && !error.cancelled) return undefined;
    throw error;
  }
}

/** The toplevel of the first switch-to-configuration path in nixos-rebuild's output, if any. */
export function storePathFromOutput(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /(\/nix\/store\/[0-9a-z]{32}-[^\s/'"]+)(?:\/specialisation\/[^\s/'"]+)?\/bin\/switch-to-configuration\b/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

function safeRealpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

// The nixos-rebuild backend: the installed nixos-rebuild (or nixos-rebuild-ng) does the work; we
// pass the same options, read its output (internal-json where Nix prints it, plain lines where
// nixos-rebuild does) and turn it into the same events.
import * as fs from 'node:fs';
import { currentGenerationNumber } from '../generations';
import { elevatedArgv } from './elevation';
import { nixosRebuildCommand } from './commands';
import { buildFailed, failedUnitsOf, type BackendOutcome } from './direct';
import type { RebuildAction } from './events';
import { NixProgress } from './nixLog';
import { profileName, runsSwitchScript, setsProfile, type ConfigurationSource } from './options';
import { StepFailure, type Session } from './session';
import { runProcessStreaming } from '../exec';

export interface NixosRebuildPlan {
  program: string;
  action: RebuildAction;
  source: ConfigurationSource;
  profile: string;
  profilesDir: string;
  specialisation?: string;
  targetHost?: string;
  buildHost?: string;
}

/** nixos-rebuild's own progress lines, mapped to our phases. */
const PHASE_LINES: [RegExp, 'building' | 'copying' | 'activating', string][] = [
  [/^building the system configuration/, 'building', 'Building the system.'],
  [/^copying .* to /i, 'copying', 'Copying the system.'],
  [/^(updating GRUB|activating the configuration|stopping the following units|setting up \/etc|would )/, 'activating', 'Activating the new system.'],
];

export async function nixosRebuildBackend(session: Session, plan: NixosRebuildPlan): Promise<BackendOutcome> {
  const name = profileName(plan.profile, plan.profilesDir);
  if (name === null) {
    throw new StepFailure(`nixos-rebuild only manages profiles under ${plan.profilesDir}/system-profiles, not ${plan.profile}. Use --backend direct for another profile.`);
  }
  const argv = nixosRebuildCommand(plan.program, {
    action: plan.action,
    source: plan.source,
    ...(name ? { profileName: name } : {}),
    ...(plan.specialisation ? { specialisation: plan.specialisation } : {}),
    ...(plan.targetHost ? { targetHost: plan.targetHost } : {}),
    ...(plan.buildHost ? { buildHost: plan.buildHost } : {}),
  });
  // nixos-rebuild needs root itself for the steps that change the system; builds stay as the user.
  const needsRoot = runsSwitchScript(plan.action) && !plan.targetHost;
  const full = needsRoot ? elevatedArgv(session.config.elevation, argv) : argv;
  const before = currentGenerationNumber(plan.profile);
  const progress = new NixProgress();
  const lines: string[] = [];
  let phase: string = 'evaluating';
  session.phase('evaluating', `Running ${plan.program} ${plan.action}.`);
  const result = await runProcessStreaming(full[0]!, full.slice(1), {
    cwd: session.config.cwd,
    env: session.config.env,
    signal: session.config.signal,
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
    throw new StepFailure(`Could not run ${plan.program}: ${/ENOENT/.test(result.spawnError) ? 'it is not installed or not on PATH' : result.spawnError}. nixos-rebuild comes with NixOS; elsewhere choose --backend direct.`);
  }
  const after = currentGenerationNumber(plan.profile);
  const generation = setsProfile(plan.action) && after !== undefined && after !== before ? after : undefined;
  const storePath = generation !== undefined ? safeRealpath(plan.profile) : undefined;
  const common = { ...(storePath ? { storePath } : {}), ...(generation !== undefined ? { generation } : {}) };
  if (result.exitCode === 0) {
    return { outcome: 'ok', ...common, ...(runsSwitchScript(plan.action) && plan.action !== 'dry-activate' ? { activation: 'ok' as const } : {}), message: `nixos-rebuild ${plan.action} finished.` };
  }
  if (result.exitCode === 4 && runsSwitchScript(plan.action)) {
    const failedUnits = failedUnitsOf(lines);
    return { outcome: 'units-failed', activation: 'units-failed', failedUnits, exitCode: 4, ...common, message: `The new system is active, but some units failed to start${failedUnits.length ? `: ${failedUnits.join(', ')}` : ''}. Check them with 'systemctl status', or roll back with 'nix-humanity rollback'.` };
  }
  if (phase === 'activating') {
    return { outcome: 'failed', activation: 'failed', exitCode: result.exitCode, ...common, message: `nixos-rebuild ${plan.action} failed while activating (exit code ${result.exitCode}).` };
  }
  return buildFailed(session, { result, progress, stdout: [] }, plan);
}

function safeRealpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

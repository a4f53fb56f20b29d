// The direct backend: the steps nixos-rebuild takes, run one by one so each reports structured
// progress. Build as the user; only nix-env and switch-to-configuration get root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentGenerationNumber } from '../generations';
import type { ActivationOutcome } from '../../protocol/rebuild';
import type { PlanStep } from '../../protocol/plan';
import { addRootCommand, buildCommand, type BuildAttribute, copyClosureCommand, instantiateCommand, realiseCommand } from './commands';
import type { RebuildAction, Outcome } from '../../protocol/rebuild';
import { activates, buildsVm, runsSwitchScript, setsProfile, type ConfigurationSource } from './options';
import { activationArgv, withSystem } from './plan';
import { describeExit } from '../exec';
import { firstError, StepFailure, type NixRun, type Session } from './session';
import { wantsSystemdRun } from './systemd';

export interface DirectPlan {
  action: RebuildAction;
  source: ConfigurationSource;
  profile: string;
  specialisation?: string;
  targetHost?: string;
  buildHost?: string;
  currentSystem: string;
  /** Where the result link goes (a temporary folder unless the user wants `result`). */
  outLink: string;
  includes: string[];
  /** The planned steps that change the system (plan.ts): what runs as root is run from these. */
  steps: PlanStep[];
  /** Where /run/systemd/system is looked for on a target host (tests; default /). */
  systemdRoot?: string;
}

export interface BackendOutcome {
  outcome: Outcome;
  message: string;
  storePath?: string;
  generation?: number;
  activation?: ActivationOutcome;
  failedUnits?: string[];
  exitCode?: number;
  /** The signal that killed the failing command (not ours). */
  killedBy?: string;
}

export function describeSource(source: ConfigurationSource): string {
  return source.kind === 'flake'
    ? `${source.ref}#${source.host}`
    : source.nixosConfig ?? '<nixos-config> from NIX_PATH';
}

function workspaceOf(source: ConfigurationSource, cwd: string): { root: string; file?: string } {
  if (source.kind === 'flake') return { root: source.dir ?? cwd, ...(source.dir ? { file: path.join(source.dir, 'flake.nix') } : {}) };
  if (source.nixosConfig) return { root: path.dirname(source.nixosConfig), file: source.nixosConfig };
  return { root: '/etc/nixos' };
}

export async function directRebuild(session: Session, plan: DirectPlan): Promise<BackendOutcome> {
  const { action, source } = plan;
  const attr: BuildAttribute = action === 'build-vm' ? 'vm' : action === 'build-vm-with-bootloader' ? 'vmWithBootLoader' : 'toplevel';
  const dry = action === 'dry-build';
  session.phase('evaluating', `Evaluating ${describeSource(source)}.`);

  let out: string | undefined;
  /** Where the result lives right now: undefined = here. */
  let outHost: string | undefined;
  if (plan.buildHost && !dry) {
    out = await buildElsewhere(session, plan, attr);
    outHost = plan.buildHost;
  } else {
    const run = await session.runNix(buildCommand(source, attr, dry ? undefined : plan.outLink, source.kind === 'flake' ? plan.includes : []), { building: true });
    if (run.result.exitCode !== 0) return buildFailed(session, run, plan);
    if (dry) {
      const n = run.progress.plannedDrvs.length;
      return { outcome: 'ok', message: n === 0 ? 'Dry run: everything is already built.' : `Dry run: ${n} derivation${n === 1 ? '' : 's'} would be built.` };
    }
    // realpath(3) in one call; Node's own realpathSync lstats every component from JS.
    out = fs.realpathSync.native(plan.outLink);
  }
  if (!out) throw new StepFailure('The build finished without naming its result.');
  const host = plan.targetHost;
  if (outHost && !host) {
    // Built elsewhere, used here: bring it back, with a GC root, like nixos-rebuild.
    session.phase('copying', `Copying the system from ${outHost}.`);
    await copy(session, ['from', outHost], out);
    await ensure(session.runPlain(addRootCommand(out, plan.outLink)), 'Could not keep the copied system from being garbage collected');
    outHost = undefined;
  }

  if (buildsVm(action)) {
    const runner = safeReaddir(path.join(out, 'bin')).find((f) => /^run-.*-vm$/.test(f));
    const what = action === 'build-vm' ? 'the virtual machine' : 'the virtual machine with its boot loader';
    return { outcome: 'ok', storePath: out, message: `Built ${what}. Start it with ${path.join(plan.outLink, 'bin', runner ?? 'run-*-vm')}.` };
  }

  if (!(await exists(session, outHost, path.join(out, 'nixos-version')))) {
    return { outcome: 'failed', storePath: out, message: `The result ${out} has no nixos-version file, so it is not a NixOS system; it was not activated. Check that the flake attribute or <nixpkgs/nixos> is a NixOS configuration.` };
  }
  if (action === 'build') return { outcome: 'ok', storePath: out, message: `Built ${out}.` };

  // From here on the system is deployed on the target (or here).
  if (host && outHost !== host) {
    session.checkCancelled('before copying');
    session.phase('copying', `Copying the system to ${host}.`);
    if (outHost) {
      await copy(session, ['from', outHost], out);
      await ensure(session.runPlain(addRootCommand(out, plan.outLink)), 'Could not keep the copied system from being garbage collected');
    }
    await copy(session, ['to', host], out);
    outHost = host;
  }

  let activated = out;
  if (plan.specialisation) {
    const specialisationPath = path.join(out, 'specialisation', plan.specialisation);
    if (!(await exists(session, host, specialisationPath))) {
      const names = host ? [] : safeReaddir(path.join(out, 'specialisation'));
      return {
        outcome: 'failed',
        storePath: out,
        message: `This configuration has no specialisation '${plan.specialisation}'. ${names.length > 0 ? `It has: ${names.join(', ')}.` : 'It has none.'}`,
      };
    }
    activated = (await realpath(session, host, specialisationPath)) ?? specialisationPath;
  }

  if (activates(action)) {
    const current = await realpath(session, host, plan.currentSystem);
    if (current === activated) {
      return { outcome: 'up-to-date', storePath: out, message: `The system is already up to date: ${plan.currentSystem} is ${activated}. Nothing was changed.` };
    }
  }

  session.checkCancelled('before activating; nothing was changed');
  session.phase('activating', action === 'dry-activate' ? 'Showing what activating would change.' : host ? `Activating on ${host}.` : 'Activating the new system.');
  let generation: number | undefined;
  if (setsProfile(action)) {
    // Like nixos-rebuild: a new named profile's folder (system-profiles/) may not exist yet.
    const mkdir = planned(plan.steps, 'mkdir');
    if (mkdir && !(await exists(session, host, path.dirname(plan.profile)))) {
      const { result, lines } = await session.runPrivileged(mkdir.argv, mkdir.env, mkdir.host);
      if (result.exitCode !== 0) return { outcome: 'failed', storePath: out, exitCode: result.exitCode, message: `Could not create ${path.dirname(plan.profile)}: ${lastLine(lines)}.` };
    }
    const setProfile = planned(plan.steps, 'set-profile')!;
    const { result, lines } = await session.runPrivileged(withSystem(setProfile.argv, out), setProfile.env, setProfile.host);
    if (result.exitCode !== 0) {
      return { outcome: 'failed', storePath: out, exitCode: result.exitCode, message: `Could not point the profile ${plan.profile} at the new system (nix-env ${describeExit(result)}): ${lastLine(lines)}. Nothing was activated.` };
    }
    session.profileChanged = true;
    generation = await profileGeneration(session, host, plan.profile);
  }
  if (!runsSwitchScript(action)) return { outcome: 'ok', storePath: out, ...(generation ? { generation } : {}), message: 'Done.' };
  return activate(session, {
    step: planned(plan.steps, 'activate')!,
    action,
    system: out,
    ...(plan.systemdRoot !== undefined ? { systemdRoot: plan.systemdRoot } : {}),
    storePath: out,
    generation,
  });
}

function planned(steps: readonly PlanStep[], kind: PlanStep['kind']): PlanStep | undefined {
  return steps.find((s) => s.kind === kind);
}

export interface ActivationRequest {
  /** The planned switch-to-configuration step. */
  step: PlanStep;
  action: string;
  /** The store path (or profile) BUILT_SYSTEM / CHOSEN_GENERATION stand for. */
  system: string;
  /** Where /run/systemd/system is looked for on a target host (tests; default /). */
  systemdRoot?: string;
  storePath?: string;
  generation?: number;
}

/** Runs switch-to-configuration and reads its exit code: 0 ok, 4 "activated, some units failed". */
export async function activate(session: Session, request: ActivationRequest): Promise<BackendOutcome> {
  const { step } = request;
  // The target host is asked whether it runs systemd when it comes to it, on the shared connection.
  const wrap = step.systemdRun === 'if-there' ? await wantsSystemdRun(session, step.host, undefined, request.systemdRoot) : step.systemdRun === true;
  const argv = withSystem(activationArgv(step, wrap), request.system);
  const { result, lines } = await session.runPrivileged(argv, step.env, step.host);
  const common = { ...(request.storePath ? { storePath: request.storePath } : {}), ...(request.generation ? { generation: request.generation } : {}) };
  const where = request.generation ? ` (generation ${request.generation})` : '';
  if (result.exitCode === 0) {
    const done: Record<string, string> = {
      switch: `Switched to the new system${where}.`,
      boot: `The new system${where} will be used at the next boot.`,
      test: 'The new system is active until the next boot; the boot menu is unchanged.',
      'dry-activate': 'Dry activation finished; nothing was changed.',
    };
    return { outcome: 'ok', activation: request.action === 'dry-activate' ? undefined : 'ok', ...common, message: done[request.action] ?? 'Done.' };
  }
  if (result.exitCode === 4 && request.action !== 'dry-activate') {
    const failedUnits = failedUnitsOf(lines);
    return {
      outcome: 'units-failed',
      activation: 'units-failed',
      failedUnits,
      exitCode: 4,
      ...common,
      message: `The new system${where} is active, but some units failed to start${failedUnits.length > 0 ? `: ${failedUnits.join(', ')}` : ''}. Check them with 'systemctl status', or roll back with 'nix-humanity rollback'.`,
    };
  }
  return {
    outcome: 'failed',
    activation: 'failed',
    ...(result.signal ? { killedBy: result.signal } : { exitCode: result.exitCode }),
    ...common,
    message: `switch-to-configuration ${request.action} failed (${describeExit(result)}): ${lastLine(lines)}. The system may be partly activated; roll back with 'nix-humanity rollback' if it misbehaves.`,
  };
}

/** `warning: the following units failed: a.service, b.service` */
export function failedUnitsOf(lines: readonly string[]): string[] {
  for (const line of lines) {
    const match = /the following units failed: (.*)$/.exec(line);
    if (match) return match[1]!.split(/,\s*/).map((u) => u.trim()).filter(Boolean);
  }
  return [];
}

async function buildElsewhere(session: Session, plan: DirectPlan, attr: BuildAttribute): Promise<string> {
  const buildHost = plan.buildHost!;
  const instantiate = await session.runNix(instantiateCommand(plan.source, attr, plan.source.kind === 'flake' ? plan.includes : []));
  if (instantiate.result.exitCode !== 0) throw new BuildFailed(instantiate);
  const drv = instantiate.stdout.map((l) => l.trim()).filter((l) => l.endsWith('.drv')).pop();
  if (!drv) throw new StepFailure('Evaluation finished without a derivation to build.');
  session.phase('copying', `Copying the derivation to ${buildHost}.`);
  await copy(session, ['to', buildHost], drv);
  session.phase('building', `Building on ${buildHost}.`);
  const realise = await session.runNix(realiseCommand(drv), { host: buildHost });
  if (realise.result.exitCode !== 0) throw new BuildFailed(realise);
  const out = realise.stdout.map((l) => l.trim()).filter((l) => l.startsWith('/nix/store/')).pop();
  if (!out) throw new StepFailure(`The build on ${buildHost} finished without naming its result.`);
  return out;
}

/** A failed evaluation or build, carried out of helper steps to be diagnosed once. */
export class BuildFailed extends Error {
  constructor(readonly run: NixRun) {
    super('build failed');
  }
}

export function buildFailed(session: Session, run: NixRun, plan: Pick<DirectPlan, 'source'>): BackendOutcome {
  const workspace = workspaceOf(plan.source, session.config.cwd);
  const diagnostics = session.diagnose(run, workspace.root, workspace.file);
  // A signal that was not ours (the OOM killer, kill -9) ended it: that, not a line it printed before.
  const error = run.result.signal ? `${run.command} was ${describeExit(run.result)}` : firstError(run) ?? describeExit(run.result);
  const evaluating = !run.progress.sawBuildWork;
  const where = diagnostics.length > 0 ? ` See the ${diagnostics.length === 1 ? 'problem' : `${diagnostics.length} problems`} marked in ${[...new Set(diagnostics.map((d) => path.basename(d.file)))].join(', ')}.` : '';
  return {
    outcome: 'failed',
    ...(run.result.signal ? { killedBy: run.result.signal } : { exitCode: run.result.exitCode }),
    message: `${evaluating ? 'The configuration did not evaluate' : 'The build failed'}: ${error}.${where} Nothing was changed.`.replace(/\.\./g, '.'),
  };
}

async function copy(session: Session, [direction, host]: ['to' | 'from', string], storePath: string): Promise<void> {
  session.useHost(host);
  const { result } = await session.runPlain(copyClosureCommand(direction, host, storePath));
  if (result.exitCode !== 0) {
    throw new StepFailure(`Copying ${storePath} ${direction} ${host} failed (nix-copy-closure ${describeExit(result)}). Check that you can 'ssh ${host}' without a password prompt and that Nix is installed there.`, result.exitCode);
  }
}

async function ensure(run: Promise<{ result: { exitCode: number; signal?: NodeJS.Signals } }>, what: string): Promise<void> {
  const { result } = await run;
  if (result.exitCode !== 0) throw new StepFailure(`${what} (${describeExit(result)}).`, result.exitCode);
}

async function exists(session: Session, host: string | undefined, file: string): Promise<boolean> {
  if (!host) return fs.existsSync(file);
  const { result } = await session.runPlain(['test', '-e', file], { host, quiet: true });
  return result.exitCode === 0;
}

/** realpath of `file` here, or on `host` over ssh; undefined when it does not resolve. */
export async function realpath(session: Session, host: string | undefined, file: string): Promise<string | undefined> {
  if (!host) {
    try {
      return fs.realpathSync.native(file);
    } catch {
      return undefined;
    }
  }
  const { result, stdout } = await session.runPlain(['readlink', '-f', file], { host, quiet: true });
  return result.exitCode === 0 ? stdout.join('').trim() || undefined : undefined;
}

async function profileGeneration(session: Session, host: string | undefined, profile: string): Promise<number | undefined> {
  if (!host) return currentGenerationNumber(profile);
  const { result, stdout } = await session.runPlain(['readlink', profile], { host, quiet: true });
  if (result.exitCode !== 0) return undefined;
  const match = /-(\d+)-link$/.exec(stdout.join('').trim());
  return match ? Number(match[1]) : undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function lastLine(lines: readonly string[]): string {
  return [...lines].reverse().find((l) => l.trim() !== '')?.trim() ?? 'no output';
}

import type { CliCommand, CliIO } from '../io';
import { checkIndex } from './check.js';
import { UsageError } from '../io';
import { parseCommandArgs } from '../args';
import { ELEVATION_METHODS } from '../../system/rebuild/elevation';
import { BUILT_SYSTEM, type SystemPlan } from '../../protocol/plan';
import type { Backend, ElevationMethod, ProgressEvent, RebuildAction, RebuildEvent, ResultEvent } from '../../protocol/rebuild';
import { shellQuote } from '../../system/rebuild/commands';
import { buildsVm, checkHost, REBUILD_ACTIONS, type RebuildOptions } from '../../system/rebuild/options';
import { resolvedRebuildPlan, thisMachine } from '../../system/rebuild/plan';
import { runRebuild } from '../../system/rebuild/runner';

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'Build the NixOS configuration and switch, test or boot into it, with live progress',
  usage: `Usage: nix-humanity rebuild ACTION [options]

Builds the system configuration as your user and, for the actions that
change the system, runs only the two steps that need root (setting the
profile and switch-to-configuration) through --elevate.

Actions:
  dry-build      Show what would be built
  build          Build the system (link: ./result)
  test           Build and activate it until the next boot
  boot           Build and make it the boot default, without activating it
  switch         Build, make it the boot default and activate it
  dry-activate   Build and show what activating it would change
  build-vm       Build a virtual machine of it (link: ./result)
  build-vm-with-bootloader
                 The same, booting through the boot loader (link: ./result)

Options:
  --flake REF[#HOST]         Build nixosConfigurations.HOST of this flake
                             (HOST defaults to this machine's host name;
                             /etc/nixos/flake.nix makes flake mode the default)
  -I NAME=PATH               Add to the Nix search path (repeatable), e.g.
                             -I nixos-config=./configuration.nix
  --profile PATH             The system profile (default
                             /nix/var/nix/profiles/system; system-profiles/NAME)
  --specialisation NAME      Activate this specialisation (switch, test)
  --target-host HOST         Deploy to HOST over ssh
  --build-host HOST          Build on HOST over ssh
  --elevate METHOD           auto | none | sudo | pkexec | run0 | doas (default auto)
  --backend BACKEND          auto | direct | nixos-rebuild (default auto, or
                             NIX_HUMANITY_BACKEND)
  --install-bootloader       Reinstall the boot loader (switch, boot)
  --upgrade                  First update the nixos channel (and channels
                             marked .update-on-nixos-rebuild) with
                             nix-channel --update, as root for root's
                             channels; flakes: ignored (use nix flake update)
  --upgrade-all              The same for every channel
  --json                     One JSON object per line: phase, progress, log,
                             diagnostic and a final result
  --plan                     Run nothing: print the plan, every auto choice
                             made, the commands that change the system and
                             how each gets root (with --json: one object)

Exit status: 0 when done (or already up to date), 4 when the system was
activated but some units failed, 130 when cancelled (129 by SIGHUP,
143 by SIGTERM), 1 on any other failure.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      flake: { type: 'string' },
      I: { type: 'string', short: 'I', multiple: true },
      profile: { type: 'string' },
      specialisation: { type: 'string' },
      'target-host': { type: 'string' },
      'build-host': { type: 'string' },
      elevate: { type: 'string' },
      backend: { type: 'string' },
      'install-bootloader': { type: 'boolean' },
      upgrade: { type: 'boolean' },
      'upgrade-all': { type: 'boolean' },
      json: { type: 'boolean' },
      plan: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError(`rebuild needs one action: ${REBUILD_ACTIONS.join(', ')}`);
    const action = positionals[0]! === 'dry-run' ? 'dry-build' : positionals[0]!;
    if (!REBUILD_ACTIONS.includes(action as RebuildAction)) throw new UsageError(`unknown action '${action}' (one of ${REBUILD_ACTIONS.join(', ')})`);
    const elevate = elevationOption(values.elevate);
    const backend = values.backend ?? 'auto';
    if (!['auto', 'direct', 'nixos-rebuild'].includes(backend)) throw new UsageError(`unknown backend '${backend}' (auto, direct or nixos-rebuild)`);
    hostOption(values['target-host'], '--target-host');
    hostOption(values['build-host'], '--build-host');
    const options: RebuildOptions = {
      action: action as RebuildAction,
      ...(values.flake !== undefined ? { flake: values.flake } : {}),
      includes: values.I ?? [],
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values.specialisation !== undefined ? { specialisation: values.specialisation } : {}),
      ...(values['target-host'] !== undefined ? { targetHost: values['target-host'] } : {}),
      ...(values['build-host'] !== undefined ? { buildHost: values['build-host'] } : {}),
      ...(sshOptionsFromEnv(io.env)),
      elevate,
      backend: backend as Backend | 'auto',
      installBootloader: Boolean(values['install-bootloader']),
      ...(values['upgrade-all'] ? { upgrade: 'all' as const } : values.upgrade ? { upgrade: 'nixos' as const } : {}),
      ...(action === 'build' || buildsVm(action as RebuildAction) ? { outLink: 'result' } : {}),
      env: io.env,
      cwd: io.cwd,
      signal: io.signal,
      interactive: io.isTTY,
      nixos: checkIndex(),
    };
    if (values.plan) return printPlan(resolvedRebuildPlan(options, thisMachine(options)), io, Boolean(values.json));
    const output = new RebuildOutput(io, Boolean(values.json));
    const result = await runRebuild(options, (event) => output.event(event));
    return exitCode(result);
  },
};

/** `--plan`: the plan as one JSON object, or for a person; exit status 1 when it cannot run. */
export function printPlan(plan: SystemPlan, io: CliIO, json: boolean): number {
  if (json) {
    io.stdout(JSON.stringify(plan, null, 2) + '\n');
    return plan.problem ? 1 : 0;
  }
  if (plan.problem) {
    io.stderr(`nix-humanity: ${plan.problem}\n`);
    return 1;
  }
  const lines = [`Backend: ${plan.backend}; root rights ${plan.targetHost ? `on ${plan.targetHost} as each step says` : `through ${plan.elevation.method}`}.`];
  if (plan.rollbackTo) lines.push(`Goes to generation ${plan.rollbackTo.generation} (${plan.rollbackTo.label}).`);
  if (plan.steps.length === 0) lines.push('Nothing here changes the system.');
  else lines.push('These change the system:', ...plan.steps.map((s, i) => `  ${i + 1}. ${s.display}${s.root ? '' : ' (as you)'}`));
  if (plan.steps.some((s) => s.display.includes(BUILT_SYSTEM))) lines.push(`${BUILT_SYSTEM} is the store path the build produces; they run only after it succeeds.`);
  lines.push(`Run it: nix-humanity ${plan.args.map(shellQuote).join(' ')}`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

export function elevationOption(value: string | undefined): ElevationMethod | 'auto' {
  const elevate = value ?? 'auto';
  if (elevate !== 'auto' && !ELEVATION_METHODS.includes(elevate as ElevationMethod)) {
    throw new UsageError(`unknown elevation method '${elevate}' (auto, ${ELEVATION_METHODS.join(', ')})`);
  }
  return elevate as ElevationMethod | 'auto';
}

/** A --target-host / --build-host value that is not a plausible [user@]host is a usage mistake. */
export function hostOption(value: string | undefined, flag: string): void {
  const problem = value ? checkHost(value, flag) : undefined;
  if (problem) throw new UsageError(problem.replace(/\.$/, ''));
}

/** NIX_SSHOPTS, as nixos-rebuild reads it, also reaches our own ssh calls. */
export function sshOptionsFromEnv(env: NodeJS.ProcessEnv): { sshOptions?: string[] } {
  const opts = env.NIX_SSHOPTS?.trim();
  return opts ? { sshOptions: opts.split(/\s+/) } : {};
}

export function exitCode(result: ResultEvent): number {
  switch (result.outcome) {
    case 'ok':
    case 'up-to-date':
      return 0;
    case 'units-failed':
      return 4;
    case 'cancelled':
      // 128 + the signal's number, as a shell reports a process ended by it (130: Ctrl-C).
      return result.cancelledBy === 'SIGTERM' ? 143 : result.cancelledBy === 'SIGHUP' ? 129 : 130;
    default:
      return 1;
  }
}

const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/**
 * Prints events: JSON lines with --json; on a terminal, log lines scroll above one live status
 * line; otherwise plain lines, with a progress line now and then.
 */
export class RebuildOutput {
  private status = '';
  private phaseLabel = '';
  private lastPlainProgress = 0;

  constructor(private readonly io: CliIO, private readonly json: boolean) {}

  event(event: RebuildEvent): void {
    if (this.json) {
      this.io.stdout(JSON.stringify(event) + '\n');
      return;
    }
    switch (event.type) {
      case 'phase':
        this.phaseLabel = event.phase;
        this.line(`==> ${event.message}`);
        this.setStatus(`[${event.phase}]`);
        return;
      case 'progress': {
        const text = progressText(event);
        if (this.io.isTTY) this.setStatus(`[${this.phaseLabel}] ${text}`);
        else if (Date.now() - this.lastPlainProgress >= PLAIN_PROGRESS_INTERVAL_MS && text) {
          this.lastPlainProgress = Date.now();
          this.line(`    ${text}`);
        }
        return;
      }
      case 'log':
        this.line(event.drv ? `${nameOf(event.drv)}> ${event.text}` : event.text);
        return;
      case 'diagnostic': {
        const where = `${event.file}:${event.range.start.line + 1}:${event.range.start.character + 1}`;
        const fixes = (event.fixes ?? []).map((f) => `\n    fix: ${f.title}`).join('');
        this.line(`${where}: ${event.severity}: ${event.message}${fixes}`);
        return;
      }
      case 'result':
        this.setStatus('');
        if (event.ok) this.io.stdout(`${event.message}\n`);
        else this.io.stderr(`nix-humanity: ${event.message}\n`);
        return;
    }
  }

  private line(text: string): void {
    if (this.io.isTTY && this.status) this.io.stdout('\r\x1b[K');
    this.io.stdout(text + '\n');
    if (this.io.isTTY && this.status) this.io.stdout(this.status);
  }

  private setStatus(text: string): void {
    if (!this.io.isTTY) return;
    const width = Math.max(20, Number(this.io.env.COLUMNS) || 100) - 1;
    this.status = text.length > width ? text.slice(0, width - 1) + '…' : text;
    this.io.stdout('\r\x1b[K' + this.status);
  }
}

/** `3/10 built, 1 running · 2/4 copied (1.2/5.0 MiB) · 0.8/3.1 MiB DL · hello-2.12.1 (buildPhase, 12s)` */
export function progressText(p: ProgressEvent): string {
  const parts: string[] = [];
  if (p.builds.expected > 0) {
    parts.push(`${p.builds.done}/${p.builds.expected} built${p.builds.running ? `, ${p.builds.running} running` : ''}${p.builds.failed ? `, ${p.builds.failed} failed` : ''}`);
  }
  if (p.copies.expected > 0) {
    const bytes = p.copyBytes.expectedBytes > 0 ? ` (${mib(p.copyBytes.doneBytes)}/${mib(p.copyBytes.expectedBytes)} MiB)` : '';
    parts.push(`${p.copies.done}/${p.copies.expected} copied${bytes}`);
  }
  // a file:// or local cache copies without downloading: no "0.0/x MiB DL" forever then
  if (p.download.expectedBytes > 0 && (p.download.doneBytes > 0 || p.copyBytes.expectedBytes === 0))
    parts.push(`${mib(p.download.doneBytes)}/${mib(p.download.expectedBytes)} MiB DL`);
  for (const b of p.current.slice(0, 2)) {
    parts.push(`${b.name} (${[b.phase, `${Math.round(b.elapsedMs / 1000)}s`, b.machine].filter(Boolean).join(', ')})`);
  }
  return parts.join(' · ');
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function nameOf(drv: string): string {
  return drv.slice(drv.lastIndexOf('/') + 1).replace(/^[0-9a-z]{32}-/, '').replace(/\.drv$/, '');
}

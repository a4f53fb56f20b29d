// The plan of a rebuild or rollback, worked out before anything runs: the commands that change
// the system, which of them get root and how. The runner executes these steps, the CLI prints
// them (`--plan --json`), and the editor's confirmation names them.
import type { Backend, ElevationMethod, RebuildAction, RollbackAction } from './rebuild';

/** Stands for the store path the build produces, which is not known before it runs. */
export const BUILT_SYSTEM = '<built system>';
/** Stands for the store path of the generation a rollback goes to, read when it runs. */
export const CHOSEN_GENERATION = '<chosen generation>';

/** How a privileged step gets root rights. */
export interface Elevation {
  method: ElevationMethod;
  /** sudo only: ask through the SUDO_ASKPASS program (`sudo -A`), for editors without a terminal. */
  askpass?: boolean;
  /** sudo / doas: a terminal is there to ask on (no `-n`). */
  interactive?: boolean;
}

export type PlanStepKind = 'update-channel' | 'mkdir' | 'set-profile' | 'rollback-profile' | 'switch-generation' | 'activate' | 'nixos-rebuild';

export interface PlanStep {
  kind: PlanStepKind;
  /** The command before elevation; BUILT_SYSTEM or CHOSEN_GENERATION stand for a store path. */
  argv: string[];
  /** Variables it needs; every elevation method but none passes them on explicitly. */
  env: Record<string, string>;
  /** Runs with root rights (through the elevation); false: as you. */
  root: boolean;
  /** Runs on this machine over ssh. */
  host?: string;
  /** mkdir: only when the folder is missing there, looked at when it runs. */
  onlyIfMissing?: boolean;
  /** activate: inside systemd-run, or 'if-there' when the target host decides (it is asked). */
  systemdRun?: boolean | 'if-there';
  /** The whole command line as a person would type it, elevation included. */
  display: string;
}

export interface RollbackTarget {
  generation: number;
  /** e.g. "NixOS 24.11, 2026-11-30". */
  label: string;
}

export interface SystemPlan {
  operation: 'rebuild' | 'rollback';
  action: RebuildAction | RollbackAction;
  backend: Backend;
  /** Root rights here; on a target host the steps say how they get them there. */
  elevation: Elevation;
  /** This process already runs as root. */
  runsAsRoot: boolean;
  targetHost?: string;
  /** The system profile, resolved. */
  profile: string;
  /** Where a rollback goes, when it is known before it runs (not on a target host). */
  rollbackTo?: RollbackTarget;
  /** The commands that change the system, in order (none for builds). */
  steps: PlanStep[];
  /** The CLI arguments (after the program) that run exactly this plan. */
  args: string[];
  /** Why it cannot run (no older generation, no such profile); no steps then. */
  problem?: string;
}

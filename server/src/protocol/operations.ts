// One line of the operation log (operations.jsonl in the state folder): what was asked, how it
// ran and how it ended. Never holds secrets or whole build logs.
import type { Backend, ElevationMethod, Outcome } from './rebuild';

export interface OperationRecord {
  action: string;
  backend: Backend;
  elevation: ElevationMethod;
  /** ISO time the operation started. */
  start: string;
  durationMs: number;
  outcome: Outcome;
  /** The configuration: a flake reference or the nixos-config path. */
  configuration?: string;
  profile?: string;
  targetHost?: string;
  buildHost?: string;
  storePath?: string;
  generation?: number;
  /** The first sentence of the failure, if it failed. */
  error?: string;
  /** The signal that cancelled it (outcome `cancelled`). */
  cancelledBy?: string;
  /** The signal that killed the command that failed. */
  killedBy?: string;
}

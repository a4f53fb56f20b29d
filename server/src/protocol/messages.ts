// Custom messages between the extension and the server, declared once with their types. The
// client bundle imports this file too: constants and types only.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { KnowledgeStateParams } from './knowledge';
import type { OperationRecord } from './operations';
import type { SystemPlan } from './plan';
import type { Backend, ElevationMethod, RebuildAction, RollbackAction } from './rebuild';

/** What the client sends as `initializationOptions`. */
export interface InitializationOptions {
  /** Whether the workspace is trusted: untrusted workspaces get static analysis only. */
  trusted?: boolean;
  /** The `nixHumanity` settings section, so the first diagnostics already use them. */
  settings?: unknown;
}

export interface TrustChangedParams {
  trusted: boolean;
}

/** Client -> server: the workspace was trusted (evaluation and builds may now run). */
export const TRUST_CHANGED = new NotificationType<TrustChangedParams>('nixHumanity/trustChanged');

/** Server -> client: the NixOS knowledge sources and their states, on every change. */
export const KNOWLEDGE_STATE = new NotificationType<KnowledgeStateParams>('nixHumanity/knowledgeState');

/** What the editor asks to run: the CLI's options for `rebuild ACTION` or `rollback`. */
export interface SystemPlanParams {
  operation: 'rebuild' | 'rollback';
  action: RebuildAction | RollbackAction;
  /** `REF[#HOST]`. */
  flake?: string;
  /** `-I` entries, `NAME=PATH` or `PATH`. */
  includes?: string[];
  profile?: string;
  specialisation?: string;
  targetHost?: string;
  buildHost?: string;
  elevate?: ElevationMethod | 'auto';
  backend?: Backend | 'auto';
  installBootloader?: boolean;
  /** rollback: go to this generation rather than the one chosen. */
  to?: number;
  /** Variables over the server's environment (the editor's `env` setting); the CLI gets them too. */
  env?: Record<string, string>;
  cwd?: string;
  /** A person at a terminal runs it, so sudo and doas may ask there. */
  interactive?: boolean;
}

/**
 * Client -> server: the plan of a system command, every `auto` choice and the rollback target
 * resolved, with the CLI arguments that run exactly it. Runs nothing.
 */
export const SYSTEM_PLAN = new RequestType<SystemPlanParams, SystemPlan, void>('nixHumanity/systemPlan');

export interface LastOperationParams {
  /** Variables over the server's environment (they decide the state folder). */
  env?: Record<string, string>;
  /** Only an operation started at or after this time (ms since the epoch). */
  since: number;
}

/** Client -> server: the newest record of the operation log, if one started since `since`. */
export const LAST_OPERATION = new RequestType<LastOperationParams, OperationRecord | null, void>('nixHumanity/lastOperation');

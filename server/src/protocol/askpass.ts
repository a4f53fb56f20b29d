// sudo -A in a run the window did not start or no longer holds (a reload, a server restart): the
// operation runner relays each prompt to the window attached now (system/detached/askpassRelay.ts),
// whose server asks its client where that window's askpass program is. Only a path crosses the
// language server's stream, never a password: a traced stream would log it.
import { RequestType } from 'vscode-languageserver-protocol';

export interface SystemAskpassParams {
  /** The run whose sudo asks. */
  id: string;
}

export interface SystemAskpassResult {
  /** The SUDO_ASKPASS program of this window (its password box); absent when it has none (askpass off). */
  program?: string;
}

/** Server -> client: where is this window's askpass? (started now if needed and allowed by the settings) */
export const SYSTEM_ASKPASS = new RequestType<SystemAskpassParams, SystemAskpassResult, void>('nixHumanity/systemAskpass');

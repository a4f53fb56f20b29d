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

/** The longest request line an askpass socket reads from its helper (dist/askpass.cjs). */
export const ASKPASS_REQUEST_MAX = 4096;

/** What an askpass socket makes of the bytes its helper sent so far. */
export type AskpassRequest = { kind: 'incomplete' } | { kind: 'malformed' } | { kind: 'refused' } | { kind: 'ok'; prompt: string };

/**
 * Reads the helper's one request line, `{"token": ..., "prompt": ...}\n`: the window's socket
 * (client/src/askpass.ts) and the runner's relay (system/detached/askpassRelay.ts) read the same
 * line and must refuse alike. Too long or not JSON is malformed; a wrong token is refused; a
 * missing or overlong prompt reads as sudo's own "Password:".
 */
export function readAskpassRequest(data: string, token: string): AskpassRequest {
  if (data.length > ASKPASS_REQUEST_MAX) return { kind: 'malformed' };
  const end = data.indexOf('\n');
  if (end === -1) return { kind: 'incomplete' };
  let request: { token?: unknown; prompt?: unknown };
  try {
    request = JSON.parse(data.slice(0, end));
  } catch {
    return { kind: 'malformed' };
  }
  if (typeof request?.token !== 'string' || request.token !== token) return { kind: 'refused' };
  return { kind: 'ok', prompt: typeof request.prompt === 'string' && request.prompt.length < 300 ? request.prompt : 'Password:' };
}

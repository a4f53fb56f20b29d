// Custom messages between the extension and the server, declared once and imported by both sides.
// Only constants and types here: the client bundle imports this file too.

/** Client -> server notification: the workspace was trusted (evaluation and builds may now run). */
export const TRUST_CHANGED = 'nixHumanity/trustChanged';
export interface TrustChangedParams {
  trusted: boolean;
}

/** What the client sends as `initializationOptions`. */
export interface InitializationOptions {
  /** Whether the workspace is trusted: untrusted workspaces get static analysis only. */
  trusted?: boolean;
  /** The `nixHumanity` settings section, so the first diagnostics already use them. */
  settings?: unknown;
}

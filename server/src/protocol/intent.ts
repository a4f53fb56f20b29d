// Plain-language requests between the editor and the server: ask (text -> what was understood,
// the edit and a preview), explain (a file's lines in plain words), and the choices the
// learning store keeps.
import { NotificationType, RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';

export type ResponseStyle = 'concise' | 'friendly' | 'expert';

export interface AskParams {
  /** The request; empty with `commentLine`: the comment on that line is the request. */
  text: string;
  /** The document the person is in: it is edited first. */
  uri?: string;
  /** 0-based line of a `# request` comment (the code action). */
  commentLine?: number;
  /** Remove that comment in the same edit. */
  removeComment?: boolean;
  /** Take alternative `alternative` (0-based) for intent `intent` instead; remembered. */
  pick?: { intent: number; alternative: number };
}

export interface AskIntent {
  summary: string;
  notes: string[];
  alternatives: Array<{ summary: string; reason: string }>;
}

export interface AskResult {
  understood: boolean;
  /** The request as read (the comment's words for a comment). */
  text: string;
  intents: AskIntent[];
  unknown: Array<{ words: string; nearest: string[] }>;
  /** A sentence per change: what is set where, or that it already is. */
  messages: string[];
  edit: WorkspaceEdit;
  /** Unified diffs of the edit, for a preview. */
  preview: string;
}

/** Client -> server: understand a request and plan its edit (nothing is applied). */
export const ASK = new RequestType<AskParams, AskResult, void>('nixHumanity/ask');

export interface ExplainParams {
  uri: string;
  /** 0-based lines; all the file when absent. */
  startLine?: number;
  endLine?: number;
  style?: ResponseStyle;
}

export interface ExplainResult {
  items: Array<{ line: number; option: string; text: string }>;
}

/** Client -> server: what the settings on these lines do, in plain words. */
export const EXPLAIN = new RequestType<ExplainParams, ExplainResult, void>('nixHumanity/explain');

export interface IntentFeedbackParams {
  /**
   * An alternative was picked, an applied edit was undone (the message's Undo, or Edit > Undo of
   * Ask's edit), that undo was redone (Edit > Redo: it no longer counts), or everything learnt is
   * forgotten.
   */
  kind: 'picked' | 'undone' | 'redone' | 'forget';
  words?: string;
  summary?: string;
}

/** Client -> server: a choice for the learning store (local; nothing is sent anywhere else). */
export const INTENT_FEEDBACK = new NotificationType<IntentFeedbackParams>('nixHumanity/intentFeedback');

// Plain-language requests: text -> intents (understand.ts) -> planned edits (plan.ts), and
// plain-words explanations of a configuration (explain.ts). Pure: files come in as text.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { Plan, Understanding, Workspace } from './model.js';
import { planIntents } from './plan.js';
import { presentIn } from './present.js';
import { understand } from './understand.js';

export type { Alternative, Change, Intent, Plan, Understanding, Workspace } from './model.js';
export { understand, matchPackage } from './understand.js';
export { planIntents } from './plan.js';
export { presentIn, type Present } from './present.js';
export { explainText, type Explanation, type Style } from './explain.js';
export { isTimeZone, timeZone, schedule, ports } from './values.js';
export { commentRequestAt, type CommentRequest } from './comment.js';
export { unifiedDiff } from './diff.js';
export { emptyLearning, readLearning, recordPick, recordRedo, recordUndo, rerank, type Learning } from './learning.js';

export interface Answer {
  understanding: Understanding;
  plan: Plan;
}

/** Understands a request (read against what the workspace already has) and plans its edits over it. */
export function ask(text: string, ws: Workspace, index: NixosIndex): Answer {
  const understanding = understand(text, index, presentIn(ws));
  return { understanding, plan: planIntents(understanding.intents, ws, index) };
}

// A reading of one clause, and what the rules of understand.ts and users.ts share while they
// read a request: the index, what the configuration has, the user named last, and the frame a
// verbless clause continues ("install firefox and vim").
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { Alternative, Change, Intent } from './model.js';
import type { Present } from './present.js';
import type { Clause } from './words.js';
import type { DesktopCleanup } from './desktops.js';

export interface Reading {
  intent: Intent;
  alternatives: Alternative[];
  /** The words of an earlier clause this one completes ("..., her name is lisa"): no longer not understood. */
  answers?: string;
}

/** What reads a verbless clause after this one ("and vim" after "install firefox"). */
export type Frame = (c: Clause) => Reading | undefined;

export interface Context {
  index: NixosIndex;
  /** What the configuration already has (ranks readings; edits nothing). */
  present: Present;
  /** The user the request last named, for "her", "him", "them". */
  lastUser?: string;
  /** The group the request last created, for "add admin to it". */
  lastGroup?: string;
  /** The request as written (case kept): values such as a full name are taken from it. */
  said?: string;
  /** What the clause before named ("docker" in "enable docker; add dana to it"). */
  lastNamed?: string;
  /** The whole clause before, for one that completes it ("the boot waits too long, put 1 second"). */
  lastText?: string;
  /** The time zone the request last named, for "set the time zone accordingly". */
  lastZone?: string;
  frame?: Frame;
  /** The frame reads clauses with a verb of their own too ("..., delete what is older than 30 days"). */
  frameTakesVerbs?: boolean;
  /** What turning a desktop off took along, taken back when the request turns another on. */
  cleanups?: DesktopCleanup[];
}

export const intent = (c: Clause, family: Intent['family'], summary: string, changes: Change[], confidence = 1, notes: string[] = []): Reading => ({
  intent: { family, summary, words: c.text, changes, notes, confidence },
  alternatives: [],
});

/** Whether the clause asks to turn something off. */
export function off(c: Clause): boolean {
  const v = c.verb === 'disable' || c.verb === 'remove' || c.verb === 'close';
  return v !== c.negated;
}

export const has = (c: Clause, re: RegExp) => re.test(` ${c.text} `);

// What the person chose before, as plain data the caller keeps (the CLI in the XDG state folder,
// the editor in its storage): an alternative picked for some words ranks first for the same
// words next time; a reading whose edit was undone ranks below its alternatives (a Redo of that
// undo takes it back). Nothing leaves
// the machine; forgetting is replacing the data with emptyLearning().
import type { Alternative, Understanding } from './model.js';
import { normalise } from './words.js';

export interface Learning {
  version: 1;
  /** Normalised words -> the summary picked for them. */
  picked: Record<string, string>;
  /** Summary -> how many times its edit was undone. */
  undone: Record<string, number>;
}

export const emptyLearning = (): Learning => ({ version: 1, picked: {}, undone: {} });

/** Learning from untrusted JSON (a file on disk): what is malformed is dropped. */
export function readLearning(json: unknown): Learning {
  const out = emptyLearning();
  if (!json || typeof json !== 'object') return out;
  const j = json as Partial<Learning>;
  for (const [k, v] of Object.entries(j.picked ?? {})) if (typeof v === 'string') out.picked[k] = v;
  for (const [k, v] of Object.entries(j.undone ?? {})) if (typeof v === 'number' && v > 0) out.undone[k] = v;
  return out;
}

export function recordPick(l: Learning, words: string, summary: string): Learning {
  return { ...l, picked: { ...l.picked, [normalise(words)]: summary } };
}

export function recordUndo(l: Learning, summary: string): Learning {
  return { ...l, undone: { ...l.undone, [summary]: (l.undone[summary] ?? 0) + 1 } };
}

/** A Redo right after that undo: the person wanted the edit after all, so the undo does not count. */
export function recordRedo(l: Learning, summary: string): Learning {
  const { [summary]: count = 0, ...rest } = l.undone;
  return { ...l, undone: count > 1 ? { ...rest, [summary]: count - 1 } : rest };
}

/** The understanding with each intent's readings reordered by what was learnt. */
export function rerank(u: Understanding, l: Learning): Understanding {
  const intents = [...u.intents];
  const alternatives = u.alternatives.map((a) => [...a]);
  intents.forEach((intent, i) => {
    const alts = alternatives[i]!;
    if (alts.length === 0) return;
    const wanted = l.picked[normalise(intent.words)];
    let k = wanted === undefined || wanted === intent.summary ? -1 : alts.findIndex((a) => a.intent.summary === wanted);
    let reason = 'you picked this before for the same words';
    if (k < 0 && (l.undone[intent.summary] ?? 0) > 0) {
      k = alts.findIndex((a) => (l.undone[a.intent.summary] ?? 0) < l.undone[intent.summary]!);
      reason = 'the first reading was undone before';
    }
    if (k < 0) return;
    const chosen = alts[k]!;
    const demoted: Alternative = { intent, reason: `the first reading before (${reason === 'the first reading was undone before' ? 'undone before' : 'not picked before'})` };
    alts.splice(k, 1, demoted);
    intents[i] = { ...chosen.intent, notes: [...chosen.intent.notes, `Ranked first because ${reason}.`] };
  });
  return { ...u, intents, alternatives };
}

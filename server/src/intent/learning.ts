// What the person chose before, as plain data the caller keeps (the CLI in the XDG state folder,
// the editor in its storage). An alternative picked ranks first next time for the same words,
// and for the same kind of request: one whose first reading was the one passed over ("install
// docker" -> the package; then "docker please", also first read as Docker's service, gives the
// package first; "install vlc or mpv" -> mpv; then "vlc, mpv or smplayer" gives mpv first). A
// reading whose edit was undone ranks below its alternatives, and an undo of a picked reading
// takes that pick back (shelved: a Redo of the undo restores it). Nothing leaves the machine;
// forgetting is replacing the data with emptyLearning().
import type { Alternative, Understanding } from './model.js';
import { normalise } from './words.js';

export interface Learning {
  version: 1;
  /** Normalised words -> the summary picked for them. */
  picked: Record<string, string>;
  /** The first reading's summary -> the summary picked instead of it (the same kind of request). */
  pickedOver: Record<string, string>;
  /** Summary -> how many times its edit was undone. */
  undone: Record<string, number>;
  /** Picks an undo took back, by the key they had ("w:" words, "o:" first reading); a Redo restores them. */
  shelved: Record<string, string>;
}

export const emptyLearning = (): Learning => ({ version: 1, picked: {}, pickedOver: {}, undone: {}, shelved: {} });

/** Learning from untrusted JSON (a file on disk, maybe written before pickedOver existed): what is malformed is dropped. */
export function readLearning(json: unknown): Learning {
  const out = emptyLearning();
  if (!json || typeof json !== 'object') return out;
  const j = json as Partial<Record<keyof Learning, unknown>>;
  const strings = (from: unknown, to: Record<string, string>) => {
    if (from && typeof from === 'object') for (const [k, v] of Object.entries(from)) if (typeof v === 'string') to[k] = v;
  };
  strings(j.picked, out.picked);
  strings(j.pickedOver, out.pickedOver);
  strings(j.shelved, out.shelved);
  if (j.undone && typeof j.undone === 'object') for (const [k, v] of Object.entries(j.undone)) if (typeof v === 'number' && v > 0) out.undone[k] = v;
  return out;
}

/** `summary` picked for `words`; `over`: the reading it was picked instead of (the first one as understood, before any learning). */
export function recordPick(l: Learning, words: string, summary: string, over?: string): Learning {
  const pickedOver = over !== undefined && over !== summary ? { ...l.pickedOver, [over]: summary } : l.pickedOver;
  return { ...l, picked: { ...l.picked, [normalise(words)]: summary }, pickedOver };
}

/** The edit of `summary` was undone: it ranks lower, and a pick of it no longer counts. */
export function recordUndo(l: Learning, summary: string): Learning {
  const shelved = { ...l.shelved };
  const keep = <T extends Record<string, string>>(m: T, prefix: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m)) {
      if (v === summary) shelved[prefix + k] = v;
      else out[k] = v;
    }
    return out;
  };
  return { ...l, picked: keep(l.picked, 'w:'), pickedOver: keep(l.pickedOver, 'o:'), shelved, undone: { ...l.undone, [summary]: (l.undone[summary] ?? 0) + 1 } };
}

/** A Redo right after that undo: the person wanted the edit after all, so the undo does not count and its picks come back. */
export function recordRedo(l: Learning, summary: string): Learning {
  const { [summary]: count = 0, ...rest } = l.undone;
  const picked = { ...l.picked };
  const pickedOver = { ...l.pickedOver };
  const shelved: Record<string, string> = {};
  for (const [k, v] of Object.entries(l.shelved)) {
    if (v !== summary) shelved[k] = v;
    else if (k.startsWith('w:')) picked[k.slice(2)] ??= v;
    else pickedOver[k.slice(2)] ??= v;
  }
  return { ...l, picked, pickedOver, shelved, undone: count > 1 ? { ...rest, [summary]: count - 1 } : rest };
}

/** The understanding with each intent's readings reordered by what was learnt. */
export function rerank(u: Understanding, l: Learning): Understanding {
  const intents = [...u.intents];
  const alternatives = u.alternatives.map((a) => [...a]);
  intents.forEach((intent, i) => {
    const alts = alternatives[i]!;
    if (alts.length === 0) return;
    const find = (wanted: string | undefined) => (wanted === undefined || wanted === intent.summary ? -1 : alts.findIndex((a) => a.intent.summary === wanted));
    let k = find(l.picked[normalise(intent.words)]);
    let reason = 'you picked this before for the same words';
    let was = 'not picked before';
    if (k < 0) {
      k = find(l.pickedOver[intent.summary]);
      reason = `you picked this before over "${intent.summary}"`;
    }
    if (k < 0 && (l.undone[intent.summary] ?? 0) > 0) {
      k = alts.findIndex((a) => (l.undone[a.intent.summary] ?? 0) < l.undone[intent.summary]!);
      reason = 'the first reading was undone before';
      was = 'undone before';
    }
    if (k < 0) return;
    const chosen = alts[k]!;
    const demoted: Alternative = { intent, reason: `the first reading before (${was})` };
    alts.splice(k, 1, demoted);
    intents[i] = { ...chosen.intent, notes: [...chosen.intent.notes, `Ranked first because ${reason}.`] };
  });
  return { ...u, intents, alternatives };
}

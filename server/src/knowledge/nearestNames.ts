// How far apart two names are, and which known names are close to a misspelt one: for "did you
// mean" in the editor's diagnostics (undefined names), in build errors (option names), and in
// the knowledge sources.

/**
 * Levenshtein distance with adjacent transpositions counted as one edit.
 * With `limit`, any distance above it may be given as limit + 1 (the search
 * stops once every way through is over it). Three rows, reused: a scope can
 * hold thousands of names to compare.
 */
export function editDistance(s: string, t: string, limit = Infinity): number {
  const m = s.length,
    n = t.length;
  if (rows[0]!.length <= n) for (let k = 0; k < 3; k++) rows[k] = new Int32Array(2 * n + 2);
  let prev2 = rows[0]!,
    prev = rows[1]!,
    cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevBest = 0;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let best = i;
    const si = s.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const tj = t.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (si === tj ? 0 : 1));
      if (i > 1 && j > 1 && si === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === tj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    // rows only grow downwards, but a transposition reads two rows back: both must be over
    if (best > limit && prevBest > limit) return limit + 1;
    prevBest = best;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * editDistance of `m` codes of `s` from `start` (the bytes of an ASCII name in a Buffer) and `t`,
 * without making a string of them: did-you-mean compares thousands of cached names per question.
 * With `limit`, as editDistance.
 */
export function editDistanceAt(s: ArrayLike<number>, start: number, m: number, t: string, limit = Infinity): number {
  const n = t.length;
  if (rows[0]!.length <= n) for (let k = 0; k < 3; k++) rows[k] = new Int32Array(2 * n + 2);
  let prev2 = rows[0]!,
    prev = rows[1]!,
    cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevBest = 0;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let best = i;
    const si = s[start + i - 1]!;
    const sBefore = i > 1 ? s[start + i - 2]! : -1;
    for (let j = 1; j <= n; j++) {
      const tj = t.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (si === tj ? 0 : 1));
      if (i > 1 && j > 1 && si === t.charCodeAt(j - 2) && sBefore === tj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit && prevBest > limit) return limit + 1;
    prevBest = best;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}

/**
 * The closest candidates to `name`, close enough to be a plausible typo (a third of its length,
 * one to three edits; a difference in case alone counts as half an edit), nearest first.
 */
export function nearest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c, max);
    if (d <= max) scored.push({ c, d });
  }
  return scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, limit).map((s) => s.c);
}

/**
 * Whether two names differ only in their digits (`nodejs_18`, `nodejs_20`; `app`, `app2`): two
 * versions or instances of one thing, both likely real, never a misspelling of each other.
 */
export function differOnlyInDigits(a: string, b: string): boolean {
  return a.replace(/\d+/g, '') === b.replace(/\d+/g, '');
}

/** Set bits of a 32-bit number: how many letter classes two masks (letterMask) differ in. */
export function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

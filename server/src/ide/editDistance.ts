// How far apart two names are, for "did you mean" suggestions: in the
// editor's diagnostics (undefined names) and in build errors (option names).

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

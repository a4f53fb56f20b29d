// The common prefix of two texts, as an edit leaves them: compared a chunk at a time, doubling
// while chunks match and halving once one does not. Comparing sliced strings runs at memory
// speed; a charCodeAt loop over the freshly concatenated text an editor hands over does not.

/** The length of the longest common prefix of a and b, at most max; `firstStep` the first chunk. */
export function commonPrefix(a: string, b: string, max: number, firstStep = 4096): number {
  const m = Math.min(max, a.length, b.length);
  let k = 0;
  for (let step = firstStep; k < m && step >= 16; ) {
    const len = Math.min(step, m - k);
    if (a.slice(k, k + len) === b.slice(k, k + len)) {
      k += len;
      step *= 2;
    } else step = len >> 1;
  }
  while (k < m && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

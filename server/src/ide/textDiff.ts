// Minimal line-based edits from one text to another, so that formatting
// replaces only the lines that changed. Common leading/trailing lines are
// dropped first; the middle is diffed with Myers' O((N+M)D) algorithm. If the
// middle differs too much (D above a bound), it becomes one replacement,
// keeping cost bounded for big files.
import type { TextEdit } from './types.js';

/** Lines with their terminators (`\n`, `\r\n` or `\r`), so joining them gives back the text. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

type Op = { kind: 'keep' | 'del' | 'ins'; i: number; j: number };

/** Myers diff of int sequences; undefined when more than maxD edits are needed. */
function myers(a: number[], b: number[], maxD: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= Math.min(max, maxD); d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
  }
  if (found < 0) return undefined;
  // Backtrack.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d]!; // V before step d, indexes k in [-d-1, d+1] at k + d + 1
    const get = (k: number) => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1;
    const prevX = get(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'keep', i: x, j: y });
    }
    if (prevK === k + 1) ops.push({ kind: 'ins', i: x, j: prevY });
    else ops.push({ kind: 'del', i: prevX, j: y });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'keep', i: x, j: y });
  }
  ops.reverse();
  return ops;
}

export interface MinimalEditsOptions {
  /** Most line insertions+deletions searched before falling back to one edit (default 2000). */
  maxLineEdits?: number;
}

/** Edits (non-overlapping, sorted) that turn `oldText` into `newText`; [] when equal. */
export function minimalEdits(oldText: string, newText: string, opts: MinimalEditsOptions = {}): TextEdit[] {
  if (oldText === newText) return [];
  const A = splitLines(oldText);
  const B = splitLines(newText);
  // Common prefix/suffix in lines.
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;

  const offsets: number[] = [0];
  for (const l of A) offsets.push(offsets[offsets.length - 1]! + l.length);

  const midA = A.slice(pre, A.length - suf);
  const midB = B.slice(pre, B.length - suf);
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let v = ids.get(s);
    if (v === undefined) ids.set(s, (v = ids.size));
    return v;
  };
  const ops = myers(midA.map(id), midB.map(id), opts.maxLineEdits ?? 2000);
  if (!ops) return [{ start: offsets[pre]!, end: offsets[A.length - suf]!, newText: midB.join('') }];

  // Group runs of del/ins between keeps into one edit each.
  const edits: TextEdit[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === 'keep') {
      k++;
      continue;
    }
    let delFrom = -1;
    let delTo = -1;
    const ins: string[] = [];
    let anchor = ops[k]!.i;
    while (k < ops.length && ops[k]!.kind !== 'keep') {
      const o = ops[k]!;
      if (o.kind === 'del') {
        if (delFrom < 0) delFrom = o.i;
        delTo = o.i + 1;
      } else ins.push(midB[o.j]!);
      anchor = Math.min(anchor, o.i);
      k++;
    }
    const s = delFrom >= 0 ? Math.min(delFrom, anchor) : anchor;
    const e = delFrom >= 0 ? delTo : anchor;
    edits.push({ start: offsets[pre + s]!, end: offsets[pre + e]!, newText: ins.join('') });
  }
  return edits;
}

// A unified diff of one file before and after a plan, for the CLI's output and the editor's
// preview: lines matched by longest common subsequence (configuration files are small), hunks
// with three lines of context.

/** `--- a/FILE` / `+++ b/FILE` and its hunks; empty when the texts are equal. */
export function unifiedDiff(label: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common ends, then LCS on the middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  // Operations over the whole file: ' ' same, '-' removed, '+' added, with old/new line numbers.
  const ops: Array<{ op: ' ' | '-' | '+'; text: string }> = a.slice(0, pre).map((text) => ({ op: ' ' as const, text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) ops.push({ op: ' ', text: am[i++]! }), j++;
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', text: am[i++]! });
    else ops.push({ op: '+', text: bm[j++]! });
  }
  for (const text of a.slice(a.length - suf)) ops.push({ op: ' ', text });
  const out = [`--- a/${label}`, `+++ b/${label}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === ' ') {
      k++;
      continue;
    }
    // A hunk: back up to `context` lines, run on while changes are within 2*context lines.
    const start = Math.max(0, k - context);
    let end = k;
    for (let q = k; q < ops.length; q++) {
      if (ops[q]!.op !== ' ') end = q + 1;
      else if (q - end >= 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context);
    const oldStart = ops.slice(0, start).filter((o) => o.op !== '+').length;
    const newStart = ops.slice(0, start).filter((o) => o.op !== '-').length;
    const hunk = ops.slice(start, stop);
    const oldLen = hunk.filter((o) => o.op !== '+').length;
    const newLen = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${oldStart + 1},${oldLen} +${newStart + 1},${newLen} @@`, ...hunk.map((o) => `${o.op}${o.text}`));
    k = stop;
  }
  return out.join('\n') + '\n';
}

// Wrong edits over every plain-language request: how many answers change an option (or add a
// list item, a user, an attribute) that the request did not ask for. A wrong edit is worse than
// "not understood", so this count is watched on its own, beside accuracy.
// Run: node --import tsx bench/intentSafety.ts [--list] [--open]
import { loadCases, loadOpen, runCases, type CaseResult, type Values } from '../test/intent/harness';
import { testIndex } from '../test/intent/support';

const canon = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canon).sort().join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Values)[k])}`).join(',')}}`;
  return JSON.stringify(v);
};
const isObj = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/** Where `got` differs from `base` although `want` keeps the base value there. */
export function unasked(base: unknown, want: unknown, got: unknown, at = ''): string[] {
  if (canon(got) === canon(want) || canon(got) === canon(base) && canon(want) === canon(base)) return [];
  if (Array.isArray(got) && Array.isArray(base) && Array.isArray(want)) {
    const b = new Set(base.map(canon));
    const w = new Set(want.map(canon));
    const g = new Set(got.map(canon));
    const added = [...g].filter((x) => !b.has(x) && !w.has(x));
    const removed = [...b].filter((x) => !g.has(x) && w.has(x));
    return [...added.map((x) => `${at} +${x}`), ...removed.map((x) => `${at} -${x}`)];
  }
  if (isObj(got) && isObj(want)) {
    const b = isObj(base) ? base : {};
    return [...new Set([...Object.keys(got), ...Object.keys(want), ...Object.keys(b)])].flatMap((k) =>
      unasked(b[k], want[k], got[k], at ? `${at}.${k}` : k),
    );
  }
  // A plain value: unasked only when nothing was asked of it.
  return canon(want) === canon(base) ? [at] : [];
}

export interface Safety {
  requests: number;
  right: number;
  /** Requests whose answer changed something not asked for. */
  wrongEdits: CaseResult[];
  unaskedChanges: number;
}

export function safety(results: CaseResult[]): Safety & { where: Map<CaseResult, string[]> } {
  const where = new Map<CaseResult, string[]>();
  for (const r of results) {
    if (r.ok) continue;
    if (r.case.unknown && r.answer?.plan.changed) where.set(r, ['(a request to leave alone was edited)']);
    else if (r.values) {
      const u = unasked(r.values.base, r.values.want, r.values.got);
      if (u.length) where.set(r, u);
    }
  }
  return {
    requests: results.length,
    right: results.filter((r) => r.ok).length,
    wrongEdits: [...where.keys()],
    unaskedChanges: [...where.values()].reduce((n, u) => n + u.length, 0),
    where,
  };
}

if (process.argv[1]?.endsWith('intentSafety.ts')) {
  const open = new Set(loadOpen().map((o) => `${o.base}\t${o.ask}`));
  const cases = loadCases().filter((c) => !process.argv.includes('--open') || open.has(`${c.base}\t${c.ask}`));
  const results = runCases(cases, testIndex());
  const s = safety(results);
  console.log(`requests ${s.requests}, right ${s.right}, wrong ${s.requests - s.right}, with an unasked change ${s.wrongEdits.length} (${s.unaskedChanges} changes)`);
  // Against test-fixtures/intents/open.json: requests now wrong that are not listed, listed ones now right.
  if (process.argv.includes('--open-diff'))
    for (const r of results) {
      const listed = open.has(`${r.case.base}\t${r.case.ask}`);
      if (!r.ok && !listed) console.log(`NEWLY WRONG\t${r.case.base}\t${r.case.ask}\t${r.why.slice(0, 300)}`);
      if (r.ok && listed) console.log(`NOW RIGHT\t${r.case.base}\t${r.case.ask}`);
    }
  if (process.argv.includes('--list'))
    for (const [r, u] of s.where) console.log(`${r.case.batch ?? '-'}\t${r.case.base}\t${r.case.ask.replace(/\n/g, ' / ')}\t=> ${u.join('; ').slice(0, 240)}`);
}

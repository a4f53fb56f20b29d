// Small lookups several checks share: references grouped by a key, parse errors in a node.
import type { SyntaxNode } from '../../syntax/index.js';
import type { Analysis, Reference } from '../../analysis/index.js';

/**
 * The references of `a` grouped under the keys `keysOf` gives each, made on
 * the first call: one pass over the references serves every later question.
 */
export function referencesBy<K>(a: Analysis, keysOf: (r: Reference, add: (key: K) => void) => void): (key: K) => readonly Reference[] {
  let m: Map<K, Reference[]> | undefined;
  return (key) => {
    if (!m) {
      const built = new Map<K, Reference[]>();
      let cur: Reference;
      const add = (k: K) => {
        let list = built.get(k);
        if (!list) built.set(k, (list = []));
        list.push(cur);
      };
      for (const r of a.references) {
        cur = r;
        keysOf(r, add);
      }
      m = built;
    }
    return m.get(key) ?? [];
  };
}

/** Whether the parser reported an error inside `n`. */
export function hasParseErrorIn(a: Analysis, n: SyntaxNode): boolean {
  for (const e of a.parse.errors) if (e.start >= n.start && e.start < n.end) return true;
  return false;
}




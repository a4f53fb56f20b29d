// Numbers: Nix's INT and FLOAT rules, and the int64 range check.
import * as charClass from "./charClass.js";
import type { LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_DOT, C_DIGIT, cls } = charClass;

/** Length of a float at i per Nix's FLOAT rule, or 0. */
export function floatLen(s: string, i: number): number {
  const n = s.length;
  let j = i;
  const c = s.charCodeAt(i);
  if (c >= 49 && c <= 57) {
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
    if (s.charCodeAt(j) !== CH_DOT) return 0;
    j++;
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
  } else {
    if (c === 48) j++;
    if (s.charCodeAt(j) !== CH_DOT || !(cls(s.charCodeAt(j + 1)) & C_DIGIT)) return 0;
    j += 2;
    while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
  }
  const e = s.charCodeAt(j);
  if (e === 69 || e === 101) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (cls(s.charCodeAt(k)) & C_DIGIT) {
      while (k < n && cls(s.charCodeAt(k)) & C_DIGIT) k++;
      j = k;
    }
  }
  return j - i;
}

/** Length of the run of digits at i (an INT). */
export function intLen(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n && cls(s.charCodeAt(j)) & C_DIGIT) j++;
  return j - i;
}

/** Report an integer s[from, to) out of the int64 range. */
export function checkInt(st: LexState, from: number, to: number): void {
  const s = st.s;
  // int64: compare digit strings without BigInt for speed
  let a = from;
  while (a < to - 1 && s.charCodeAt(a) === 48) a++;
  const len = to - a;
  if (len < 19) return;
  if (len > 19 || s.slice(a, to) > "9223372036854775807") {
    st.err("invalid-int", `invalid integer '${s.slice(from, to)}'`, from, to);
  }
}

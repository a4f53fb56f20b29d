// Operators and punctuation, and runs of characters that start no token.
import { SyntaxKind as K } from "../kinds.js";
import * as charClass from "./charClass.js";
import type { LexState } from "./state.js";

// Read in hot loops, so copied into this module: an imported binding is checked
// for initialisation at every read when the modules run unbundled (tsx, the benchmarks).
const { CH_COLON, CH_DOT, CH_GT, CH_LT, CH_SLASH, CH_STAR, isInvalidStart } = charClass;

/** At c = s[i], in code, where nothing else matched: an operator, or an error token. */
export function lexOperator(st: LexState, i: number, c: number): number {
  const s = st.s;
  const c2 = s.charCodeAt(i + 1);
  let op: K = K.ErrorToken;
  let len = 1;
  switch (c) {
    case 40: op = K.LParen; break;
    case 41: op = K.RParen; break;
    case 91: op = K.LBrack; break;
    case 93: op = K.RBrack; break;
    case 59: op = K.Semicolon; break;
    case CH_COLON: op = K.Colon; break;
    case 44: op = K.Comma; break;
    case CH_DOT: op = K.Dot; break;
    case 64: op = K.At; break;
    case 63: op = K.Question; break;
    case CH_STAR: op = K.Star; break;
    case 61:
      if (c2 === 61) { op = K.EqEq; len = 2; } else op = K.Assign;
      break;
    case 33:
      if (c2 === 61) { op = K.NotEq; len = 2; } else op = K.Bang;
      break;
    case CH_LT:
      if (c2 === 61) { op = K.Le; len = 2; } else op = K.Lt;
      break;
    case CH_GT:
      if (c2 === 61) { op = K.Ge; len = 2; } else op = K.Gt;
      break;
    case 43:
      if (c2 === 43) { op = K.Concat; len = 2; } else op = K.Plus;
      break;
    case 45:
      if (c2 === CH_GT) { op = K.Implies; len = 2; } else op = K.Minus;
      break;
    case CH_SLASH:
      if (c2 === CH_SLASH) { op = K.Update; len = 2; } else op = K.Slash;
      break;
    case 38:
      if (c2 === 38) { op = K.AndAnd; len = 2; }
      break;
    case 124:
      if (c2 === 124) { op = K.OrOr; len = 2; }
      break;
  }
  if (op !== K.ErrorToken) {
    st.push(op, i);
    return i + len;
  }
  // Invalid characters: take the whole run of them as one token.
  const start = i;
  i++;
  while (i < st.n && isInvalidStart(s.charCodeAt(i))) i++;
  st.push(K.ErrorToken, start);
  st.err("syntax", `unexpected character '${s.slice(start, Math.min(i, start + 8))}'`, start, i);
  return i;
}

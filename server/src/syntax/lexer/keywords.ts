// Nix's keywords, told apart from identifiers in place.
import { SyntaxKind as K } from "../kinds.js";

/** The keyword kind of the identifier s[i..j), or Ident. Compares in place: no slice per identifier. */
export function keywordAt(s: string, i: number, j: number): K {
  const len = j - i;
  if (len < 2 || len > 7) return K.Ident;
  switch (s.charCodeAt(i)) {
    case 105: // i
      if (len === 2) {
        const c = s.charCodeAt(i + 1);
        return c === 102 ? K.If : c === 110 ? K.In : K.Ident;
      }
      return len === 7 && s.startsWith("inherit", i) ? K.Inherit : K.Ident;
    case 116: // t
      return len === 4 && s.startsWith("then", i) ? K.Then : K.Ident;
    case 101: // e
      return len === 4 && s.startsWith("else", i) ? K.Else : K.Ident;
    case 97: // a
      return len === 6 && s.startsWith("assert", i) ? K.Assert : K.Ident;
    case 119: // w
      return len === 4 && s.startsWith("with", i) ? K.With : K.Ident;
    case 108: // l
      return len === 3 && s.startsWith("let", i) ? K.Let : K.Ident;
    case 114: // r
      return len === 3 && s.startsWith("rec", i) ? K.Rec : K.Ident;
    case 111: // o
      return len === 2 && s.charCodeAt(i + 1) === 114 ? K.OrKw : K.Ident;
    default:
      return K.Ident;
  }
}

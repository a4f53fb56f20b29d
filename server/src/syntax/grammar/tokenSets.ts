// Which tokens can start an atom, and which a whole expression.
import { SyntaxKind as K } from "../kinds.js";

export const ATOM_START = new Uint8Array(128);
for (const k of [
  K.Ident,
  K.Int,
  K.Float,
  K.Uri,
  K.SearchPath,
  K.PathFragment,
  K.Quote,
  K.IndQuote,
  K.LParen,
  K.LBrack,
  K.LBrace,
  K.Rec,
])
  ATOM_START[k] = 1;

export const EXPR_START = ATOM_START.slice();
for (const k of [K.Let, K.If, K.With, K.Assert, K.Minus, K.Bang]) EXPR_START[k] = 1;

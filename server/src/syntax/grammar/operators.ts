// Binary operator levels (higher binds tighter); 0 = not a binary operator.
import { SyntaxKind as K } from "../kinds.js";

export const LEVEL = new Uint8Array(128);
LEVEL[K.Implies] = 1;
LEVEL[K.OrOr] = 2;
LEVEL[K.AndAnd] = 3;
LEVEL[K.EqEq] = 4;
LEVEL[K.NotEq] = 4;
LEVEL[K.Lt] = 5;
LEVEL[K.Le] = 5;
LEVEL[K.Gt] = 5;
LEVEL[K.Ge] = 5;
LEVEL[K.Update] = 6;
// 7: prefix `!`
LEVEL[K.Plus] = 8;
LEVEL[K.Minus] = 8;
LEVEL[K.Star] = 9;
LEVEL[K.Slash] = 9;
LEVEL[K.Concat] = 10;
LEVEL[K.Question] = 11;
// 12: prefix `-`
export const NOT_OPERAND = 8;
export const NEG_OPERAND = 13;
export const RIGHT_ASSOC = new Set([1, 6, 10]);
export const NON_ASSOC = new Set([4, 5]);

// Character codes and classes the lexer tests, as a lookup table over ASCII.

export const C_IDSTART = 1;
export const C_IDCONT = 2;
export const C_PATH = 4; // [a-zA-Z0-9._\-+]
export const C_URISCHEME = 8; // [a-zA-Z0-9+.-]
export const C_URI = 16; // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
export const C_DIGIT = 32;
const CLS = new Uint8Array(128);
(() => {
  const set = (chars: string, bit: number) => {
    for (let i = 0; i < chars.length; i++) CLS[chars.charCodeAt(i)] |= bit;
  };
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const alpha = lower + lower.toUpperCase();
  const digits = "0123456789";
  set(alpha + "_", C_IDSTART);
  set(alpha + digits + "_'-", C_IDCONT);
  set(alpha + digits + "._-+", C_PATH);
  set(alpha + digits + "+.-", C_URISCHEME);
  set(alpha + digits + "%/?:@&=+$,_.!~*'-", C_URI);
  set(digits, C_DIGIT);
})();

export function cls(c: number): number {
  return c < 128 ? CLS[c]! : 0;
}

export const CH_NL = 10,
  CH_CR = 13,
  CH_SP = 32,
  CH_TAB = 9,
  CH_QUOTE = 34,
  CH_HASH = 35,
  CH_DOLLAR = 36,
  CH_APOS = 39,
  CH_SLASH = 47,
  CH_STAR = 42,
  CH_BACKSLASH = 92,
  CH_LBRACE = 123,
  CH_RBRACE = 125,
  CH_DOT = 46,
  CH_TILDE = 126,
  CH_LT = 60,
  CH_GT = 62,
  CH_COLON = 58,
  CH_PLUS = 43,
  CH_EQ = 61;

export function isInvalidStart(c: number): boolean {
  // continuing a run of invalid characters: anything non-ASCII or an ASCII
  // char that starts no token
  return c >= 128 || c === 96 /* ` */ || c === 94 /* ^ */ || c === 37 /* % */ || c === 92 /* \ */;
}
export function isHighSurrogate(c: number) {
  return c >= 0xd800 && c <= 0xdbff;
}
export function isLowSurrogate(c: number) {
  return c >= 0xdc00 && c <= 0xdfff;
}

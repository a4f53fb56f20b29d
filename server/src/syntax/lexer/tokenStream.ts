// What the lexer produces: a compact token stream (kinds in a Uint8Array,
// offsets in an Int32Array) covering every UTF-16 code unit of the input
// exactly once, trivia included.

export interface LexError {
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface TokenStream {
  /** kinds[i] is the kind of token i. */
  kinds: Uint8Array;
  /** starts[i] is where token i starts; starts[count] === text.length. */
  starts: Int32Array;
  count: number;
  errors: LexError[];
  /**
   * (lex, when it cut no string) the "..." strings of the text as (open, close) offsets in
   * the order they closed: what the cut of a runaway string reads (see PrefixStrings).
   */
  closed?: readonly number[];
}

// Strings read out of a document's text (names, bindings) are views into that text: V8 makes a
// slice of 13 characters or more a "sliced string" that keeps the whole string it was cut from
// alive. A cache that keeps such a string as a key for longer than the version it came from
// keeps that version's whole text (620 KB for the 10 000-line benchmark file, which is two
// bytes a character), one more for every keystroke that brings a new key.

/** `s` as a string of its own, holding on to no larger string. */
export function ownString(s: string): string {
  // (the concatenation is flattened into a new string before it is sliced; short slices are copies already)
  return s.length < 13 ? s : (" " + s).slice(1);
}

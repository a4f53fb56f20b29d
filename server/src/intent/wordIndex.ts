// A word index over one lookup table (lookup.ts's `Texts`): which entries hold a query in their
// searched part, without reading the table's megabytes of text. The search is by substring
// ("fire" finds "firefox", "node.js" finds "node.js"), so the index has two levels:
// - words: each maximal run of letters and digits in an entry's searched part is a word; every
//   distinct word once (one string and offsets), with the entries holding it;
// - three-letter pieces: each piece with the words holding it.
// Any place a query occurs, its longest run of letters and digits lies inside one word of the
// entry. So the entries found are those with a word holding that run (the words holding all of
// its pieces, checked), and, when the query holds more than that run, those whose searched part
// holds the whole query. A query whose longest run is shorter than a piece is not answered here
// (the caller reads the table instead), nor one holding the table's separators.

/** What the index reads: entries `searched\x02original\x00`, back to back, and where each starts. */
export interface IndexedTexts {
  text: string;
  starts: Int32Array;
}

/** Lists by number, as one array: list i is `items[at[i]..at[i+1])`. */
interface Lists {
  at: Int32Array;
  items: Int32Array;
}

export interface WordIndex {
  /** Distinct words, back to back, and where each starts (one more for the end). */
  words: string;
  wordAt: Int32Array;
  /** Per word, the entries holding it, ascending. */
  entries: Lists;
  /** Three-letter piece (as a number) to its number; per piece, the words holding it, ascending. */
  pieceIds: Map<number, number>;
  pieces: Lists;
  /** The entry count, and a scratch array marking the entries one query has found. */
  size: number;
  seen: Int32Array;
  query: number;
}

const PIECE = 3;

/** Letters and digits (and anything past ASCII): what a word is made of. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 128;
}

const pieceKey = (s: string, i: number) => (s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1)) * 65536 + s.charCodeAt(i + 2);

/** A growable list of int pairs, kept as two typed arrays. */
class Pairs {
  a = new Int32Array(1 << 16);
  b = new Int32Array(1 << 16);
  length = 0;
  push(x: number, y: number): void {
    if (this.length === this.a.length) {
      const a = new Int32Array(this.length * 2);
      const b = new Int32Array(this.length * 2);
      a.set(this.a);
      b.set(this.b);
      this.a = a;
      this.b = b;
    }
    this.a[this.length] = x;
    this.b[this.length++] = y;
  }
  /** Grouped by the first of each pair (0..count-1), keeping the order of the seconds within a group. */
  lists(count: number): Lists {
    const at = new Int32Array(count + 1);
    for (let i = 0; i < this.length; i++) at[this.a[i]! + 1]!++;
    for (let i = 0; i < count; i++) at[i + 1]! += at[i]!;
    const next = at.slice(0, count);
    const items = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) items[next[this.a[i]!]!++] = this.b[i]!;
    return { at, items };
  }
}

export function buildWordIndex(t: IndexedTexts): WordIndex {
  const { text, starts } = t;
  const size = starts.length - 1;
  const ids = new Map<string, number>();
  const wordParts: string[] = [];
  const wordStarts: number[] = [0];
  let wordChars = 0;
  const held = new Pairs(); // (word, entry)
  let lastEntry = new Int32Array(1 << 12).fill(-1); // per word, the last entry it was counted for
  for (let e = 0; e < size; e++) {
    const end = text.indexOf('\x02', starts[e]!);
    let i = starts[e]!;
    while (i < end) {
      if (!isWordCode(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < end && isWordCode(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      let id = ids.get(word);
      if (id === undefined) {
        id = wordParts.length;
        ids.set(word, id);
        wordParts.push(word);
        wordChars += word.length;
        wordStarts.push(wordChars);
        if (id === lastEntry.length) {
          const grown = new Int32Array(id * 2).fill(-1);
          grown.set(lastEntry);
          lastEntry = grown;
        }
      }
      if (lastEntry[id] !== e) {
        lastEntry[id] = e;
        held.push(id, e);
      }
      i = j;
    }
  }
  const words = wordParts.join('');
  const wordAt = Int32Array.from(wordStarts);
  const pieceIds = new Map<number, number>();
  const inWord = new Pairs(); // (piece, word)
  let lastWord = new Int32Array(1 << 12).fill(-1);
  for (let w = 0; w < wordParts.length; w++) {
    for (let i = wordAt[w]!; i + PIECE <= wordAt[w + 1]!; i++) {
      const key = pieceKey(words, i);
      let id = pieceIds.get(key);
      if (id === undefined) {
        id = pieceIds.size;
        pieceIds.set(key, id);
        if (id === lastWord.length) {
          const grown = new Int32Array(id * 2).fill(-1);
          grown.set(lastWord);
          lastWord = grown;
        }
      }
      if (lastWord[id] !== w) {
        lastWord[id] = w;
        inWord.push(id, w);
      }
    }
  }
  return {
    words,
    wordAt,
    entries: held.lists(wordParts.length),
    pieceIds,
    pieces: inWord.lists(pieceIds.size),
    size,
    seen: new Int32Array(size),
    query: 0,
  };
}

/** The longest run of word letters in `q` ('' when none). */
function longestRun(q: string): string {
  let best = '';
  let i = 0;
  while (i < q.length) {
    if (!isWordCode(q.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < q.length && isWordCode(q.charCodeAt(j))) j++;
    if (j - i > best.length) best = q.slice(i, j);
    i = j;
  }
  return best;
}

/**
 * The entries whose searched part holds `q`, ascending, as a scan of the table finds them; or
 * undefined when the index cannot say (the caller scans).
 */
export function entriesWith(ix: WordIndex, t: IndexedTexts, q: string): number[] | undefined {
  if (/[\x00-\x02]/.test(q)) return undefined;
  const run = longestRun(q);
  if (run.length < 2) return undefined;
  return entriesOf(ix, t, q, run, run.length < PIECE ? wordsHoldingShort(ix, run) : wordsHolding(ix, run));
}

/** The words holding a run of three letters or more, ascending, through its pieces. */
function wordsHolding(ix: WordIndex, run: string): number[] {
  // the piece held by the fewest words; a word holding the run holds all its pieces
  let fewest = -1;
  let fewestCount = Infinity;
  for (let i = 0; i + PIECE <= run.length; i++) {
    const id = ix.pieceIds.get(pieceKey(run, i));
    if (id === undefined) return [];
    const count = ix.pieces.at[id + 1]! - ix.pieces.at[id]!;
    if (count < fewestCount) (fewest = id), (fewestCount = count);
  }
  const matched: number[] = [];
  for (let k = ix.pieces.at[fewest]!; k < ix.pieces.at[fewest + 1]!; k++) {
    const w = ix.pieces.items[k]!;
    const from = ix.wordAt[w]!;
    const to = ix.wordAt[w + 1]!;
    if (to - from === run.length ? ix.words.startsWith(run, from) : ix.words.slice(from, to).includes(run)) matched.push(w);
  }
  return matched;
}

/**
 * The words holding a two-letter run, by reading the distinct words (a twentieth of the table's
 * text with nixpkgs-like descriptions): too many words hold a two-letter piece to list them all.
 */
function wordsHoldingShort(ix: WordIndex, run: string): number[] {
  const matched: number[] = [];
  let from = 0;
  for (;;) {
    const hit = ix.words.indexOf(run, from);
    if (hit < 0) return matched;
    // the word the hit starts in: the last start at or before it
    let lo = 0;
    let hi = ix.wordAt.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ix.wordAt[mid]! <= hit) lo = mid;
      else hi = mid - 1;
    }
    if (hit + run.length <= ix.wordAt[lo + 1]!) {
      matched.push(lo);
      from = ix.wordAt[lo + 1]!;
    } else from = hit + 1; // (across two words, which are stored back to back)
  }
}

/** The entries holding any of `matched` words, ascending; then those holding the whole query. */
function entriesOf(ix: WordIndex, t: IndexedTexts, q: string, run: string, matched: number[]): number[] {
  let out: number[];
  if (matched.length === 1) {
    const w = matched[0]!;
    out = Array.from(ix.entries.items.subarray(ix.entries.at[w]!, ix.entries.at[w + 1]!));
  } else {
    // several words: each entry once, ascending
    const mark = ++ix.query;
    out = [];
    for (const w of matched) {
      for (let k = ix.entries.at[w]!; k < ix.entries.at[w + 1]!; k++) {
        const e = ix.entries.items[k]!;
        if (ix.seen[e] !== mark) {
          ix.seen[e] = mark;
          out.push(e);
        }
      }
    }
    out.sort((a, b) => a - b);
  }
  if (run.length === q.length) return out;
  // more than one run (or marks around it): the whole query, in each entry found
  return out.filter((e) => {
    const start = t.starts[e]!;
    return t.text.slice(start, t.text.indexOf('\x02', start)).includes(q);
  });
}

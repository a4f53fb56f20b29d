// A word index over one lookup table (lookup.ts's `Texts`): which entries hold a query in their
// searched part, without reading the table's megabytes of text. The search is by substring
// ("fire" finds "firefox", "node.js" finds "node.js"), so the index has two levels:
// - words: each maximal run of letters and digits in an entry's searched part is a word; every
//   distinct word once (one string and offsets, a hash table to find one exactly), with the
//   entries holding it;
// - three-letter pieces: each piece with the words holding it.
// Any place a query occurs, each run of letters and digits of the query lies inside one word of
// the entry, and a run with marks on both sides in the query ("1" in "1.1.1.1") is that whole
// word. So the entries found are those holding such a whole word, else those with a word holding
// the query's longest run (the words holding all of its pieces, checked); when the query holds
// more than that run, those whose searched part holds the whole query. A query whose longest run
// is one letter is not answered here (the caller reads the table instead), nor one holding the
// table's separators.

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
  /** Word number + 1 by hash (open addressing, 0 empty), and each word's hash. */
  slots: Int32Array;
  hashes: Int32Array;
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

/** Growable ints. */
class Ints {
  items = new Int32Array(1 << 12);
  length = 0;
  push(x: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = x;
  }
}

const FNV = 0x811c9dc5 | 0;
const hashStep = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);

function hashOf(s: string, from: number, to: number): number {
  let h = FNV;
  for (let i = from; i < to; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
}

/** The table of word numbers by hash (open addressing), grown to twice the words when half full. */
function placed(hashes: Int32Array, count: number, size: number): Int32Array {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let w = 0; w < count; w++) {
    let at = hashes[w]! & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = w + 1;
  }
  return slots;
}

export function buildWordIndex(t: IndexedTexts): WordIndex {
  const { text, starts } = t;
  const size = starts.length - 1;
  // Words are found by a hash computed while reading them and compared in place: no string per
  // word read (a million with nixpkgs), only one per distinct word at the end.
  let slots: Int32Array = new Int32Array(1 << 16);
  let mask = slots.length - 1;
  const firstAt = new Ints();
  const lengths = new Ints();
  const hashes = new Ints();
  const lastEntry = new Ints(); // per word, the last entry it was counted for
  const held = new Pairs(); // (word, entry)
  for (let e = 0; e < size; e++) {
    const end = text.indexOf('\x02', starts[e]!);
    let i = starts[e]!;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (!isWordCode(c)) {
        i++;
        continue;
      }
      let h = FNV;
      let j = i;
      while (j < end && isWordCode((c = text.charCodeAt(j)))) {
        h = hashStep(h, c);
        j++;
      }
      const length = j - i;
      let at = h & mask;
      let id = -1;
      for (; slots[at] !== 0; at = (at + 1) & mask) {
        const w = slots[at]! - 1;
        if (hashes.items[w] !== h || lengths.items[w] !== length) continue;
        const from = firstAt.items[w]!;
        let k = 0;
        while (k < length && text.charCodeAt(from + k) === text.charCodeAt(i + k)) k++;
        if (k === length) {
          id = w;
          break;
        }
      }
      if (id < 0) {
        id = firstAt.length;
        firstAt.push(i);
        lengths.push(length);
        hashes.push(h);
        lastEntry.push(-1);
        slots[at] = id + 1;
        if (firstAt.length * 2 > slots.length) {
          slots = placed(hashes.items, firstAt.length, slots.length * 2);
          mask = slots.length - 1;
        }
      }
      if (lastEntry.items[id] !== e) {
        lastEntry.items[id] = e;
        held.push(id, e);
      }
      i = j;
    }
  }
  const count = firstAt.length;
  const parts: string[] = [];
  const wordAt = new Int32Array(count + 1);
  for (let w = 0; w < count; w++) {
    parts.push(text.slice(firstAt.items[w]!, firstAt.items[w]! + lengths.items[w]!));
    wordAt[w + 1] = wordAt[w]! + lengths.items[w]!;
  }
  const words = parts.join('');
  const pieceIds = new Map<number, number>();
  const inWord = new Pairs(); // (piece, word)
  const lastWord = new Ints();
  for (let w = 0; w < count; w++) {
    for (let i = wordAt[w]!; i + PIECE <= wordAt[w + 1]!; i++) {
      const key = pieceKey(words, i);
      let id = pieceIds.get(key);
      if (id === undefined) {
        id = pieceIds.size;
        pieceIds.set(key, id);
        lastWord.push(-1);
      }
      if (lastWord.items[id] !== w) {
        lastWord.items[id] = w;
        inWord.push(id, w);
      }
    }
  }
  return {
    words,
    wordAt,
    slots,
    hashes: hashes.items.slice(0, count),
    entries: held.lists(count),
    pieceIds,
    pieces: inWord.lists(pieceIds.size),
    size,
    seen: new Int32Array(size),
    query: 0,
  };
}

/** The number of the word that is exactly `run`, or -1. */
function wordNumber(ix: WordIndex, run: string): number {
  const h = hashOf(run, 0, run.length);
  const mask = ix.slots.length - 1;
  for (let at = h & mask; ix.slots[at] !== 0; at = (at + 1) & mask) {
    const w = ix.slots[at]! - 1;
    if (ix.hashes[w] === h && ix.wordAt[w + 1]! - ix.wordAt[w]! === run.length && ix.words.startsWith(run, ix.wordAt[w]!)) return w;
  }
  return -1;
}

/** The runs of word letters in `q`, as [from, to) pairs. */
function runsOf(q: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < q.length) {
    if (!isWordCode(q.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < q.length && isWordCode(q.charCodeAt(j))) j++;
    runs.push([i, j]);
    i = j;
  }
  return runs;
}

/**
 * The entries whose searched part holds `q`, ascending, as a scan of the table finds them; or
 * undefined when the index cannot say (the caller scans).
 */
export function entriesWith(ix: WordIndex, t: IndexedTexts, q: string): number[] | undefined {
  if (/[\x00-\x02]/.test(q)) return undefined;
  const runs = runsOf(q);
  // A run with marks on both sides in the query ("1.1.1.1", "x-11-apps") is a whole word wherever
  // the query occurs: its entries are known exactly (the fewest of such runs' taken).
  let exact = -1;
  for (const [from, to] of runs) {
    if (from === 0 || to === q.length) continue;
    const w = wordNumber(ix, q.slice(from, to));
    if (w < 0) return [];
    if (exact < 0 || lengthOf(ix.entries, w) < lengthOf(ix.entries, exact)) exact = w;
  }
  if (exact >= 0) return entriesOf(ix, t, q, '', [exact]);
  let run = '';
  for (const [from, to] of runs) if (to - from > run.length) run = q.slice(from, to);
  if (run.length < 2) return undefined;
  return entriesOf(ix, t, q, run, run.length < PIECE ? wordsHoldingShort(ix, run) : wordsHolding(ix, run));
}

const lengthOf = (l: Lists, i: number) => l.at[i + 1]! - l.at[i]!;

/** The words holding a run of three letters or more, ascending, through its pieces. */
function wordsHolding(ix: WordIndex, run: string): number[] {
  // the piece held by the fewest words; a word holding the run holds all its pieces
  let fewest = -1;
  let fewestCount = Infinity;
  for (let i = 0; i + PIECE <= run.length; i++) {
    const id = ix.pieceIds.get(pieceKey(run, i));
    if (id === undefined) return [];
    const n = lengthOf(ix.pieces, id);
    if (n < fewestCount) (fewest = id), (fewestCount = n);
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
    // the word the hit starts in
    const lo = lastAtOrBefore(ix.wordAt, hit);
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

/**
 * In ascending `starts` (whose last entry closes the last span), the index of the last start at or
 * before `pos`: the span a position falls in.
 */
export function lastAtOrBefore(starts: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

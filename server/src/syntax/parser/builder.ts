// Builds the lossless tree while the grammar walks the tokens: finished
// elements wait on one flat stack (numbers: tokens, leaves, node records) and
// a node takes its children from there when it closes, copying them into the
// parse's one shared children array. Nodes are records in typed arrays (see
// TokenStore): a parse makes no object per node, only the ones the
// parse-time checks read, and the tree's nodes are made as they are read.
import { SyntaxKind as K } from "../kinds.js";
import type { TokenStream } from "../lexer/tokenStream.js";
import { SyntaxNode, LEAF_KINDS, LEAF_LIMIT, NODE_LIMIT, encodeFlat, encodeLeaf, encodeNode, isNodeCode, leafFirstToken, leafLastToken, makeNode, nodeRecord } from "../tree.js";
import type { SourceText, TokenStore } from "../tree.js";
import { TokenCursor } from "./cursor.js";

/** A finished expression: a token index, a leaf or a node record (see TokenStore). */
export type Built = number;
// LEAF_KINDS index of each single-token node kind (the rest: -1).
const LEAF_CODE = new Int8Array(256).fill(-1);
LEAF_KINDS.forEach((k, i) => (LEAF_CODE[k] = i));

// Node kinds the post-parse checks (duplicates, dynamic names) need.
const CHECKED = new Uint8Array(256);
for (const k of [K.AttrSet, K.LegacyLet, K.LetIn, K.Inherit_, K.Lambda]) CHECKED[k] = 1;

export class TreeBuilder extends TokenCursor {
  /** Finished elements not yet taken by a node: elems[0..top). */
  protected elems: Int32Array;
  protected top = 0;
  protected readonly store: TokenStore;
  protected readonly marks: number[] = [];
  /** The records of the nodes open, innermost last. */
  protected readonly openNodes: number[] = [];
  // Nodes the post-parse checks look at, collected as they close, with their records.
  private readonly checkNodes: SyntaxNode[] = [];
  private readonly checkRecords: number[] = [];
  // flags[d]: the open node at depth d goes to the checks
  private readonly flags: number[] = [];
  // The store's arrays being filled (replaced when they grow), records in use, where flat is filled.
  private flat: Int32Array;
  private nKinds: Uint8Array;
  private nStarts: Int32Array;
  private nLens: Int32Array;
  private nRaw: Int32Array;
  private records = 0;
  private pos = 1;
  /** Parse steps since the last token was consumed (see tick). */
  protected idle = 0;
  /** End of the last significant token added to the tree. */
  protected lastEnd = 0;

  constructor(
    src: string,
    /** The text holder the tree's tokens read (see Lineage). */
    readonly source: SourceText,
    ts: TokenStream,
  ) {
    super(src, ts);
    this.elems = new Int32Array(256);
    // made at about the size a parse of this many tokens needs (the corpus: 0.23 node records and
    // 1.38 entries of children runs a token), grown by doubling past that
    const nodes = (ts.count >> 2) + (ts.count >> 5) + 16;
    this.flat = new Int32Array(ts.count + (ts.count >> 1) + 16);
    this.nKinds = new Uint8Array(nodes);
    this.nStarts = new Int32Array(nodes);
    this.nLens = new Int32Array(nodes);
    this.nRaw = new Int32Array(nodes);
    this.store = {
      kinds: ts.kinds,
      starts: ts.starts,
      count: ts.count,
      source,
      flat: this.flat,
      nodeKinds: this.nKinds,
      nodeStarts: this.nStarts,
      nodeLens: this.nLens,
      nodeRaw: this.nRaw,
      nodeMade: new Uint8Array(0),
      made: new Map(),
    };
  }

  get tokenStore(): TokenStore {
    return this.store;
  }

  /**
   * The nodes flagged for the parse-time checks, in pre-order (outer sets first), which is the
   * order their records were opened in (they are collected as they close, inner ones first).
   */
  get checkedNodes(): SyntaxNode[] {
    const recs = this.checkRecords;
    const order = recs.map((_, q) => q).sort((a, b) => recs[a]! - recs[b]!);
    return order.map((q) => this.checkNodes[q]!);
  }

  /** Tokens go in as indices; SyntaxNode makes the objects when its children are first read. */
  protected addToken(j: number) {
    this.push(j);
  }
  protected push(e: number) {
    if (this.top === this.elems.length) {
      const b = new Int32Array(this.top * 2);
      b.set(this.elems);
      this.elems = b;
    }
    this.elems[this.top++] = e;
  }
  protected flush() {
    for (let j = this.i; j < this.s; j++) this.addToken(j);
    this.i = this.s;
  }
  protected bump() {
    this.idle = 0;
    if (this.s >= this.count) return;
    this.flush();
    this.addToken(this.s);
    this.lastEnd = this.starts[this.s + 1]!;
    this.i = this.s + 1;
    this.s = this.skipTrivia(this.i);
  }
  protected open(kind: K): void {
    this.flush();
    this.flags[this.marks.length] = 0;
    this.marks.push(this.top);
    this.pushNode(kind);
  }
  /** A new node record, open: its span and children are set when it closes. */
  protected pushNode(kind: K): number {
    const r = this.records;
    if (r >= this.nKinds.length) this.growRecords();
    this.nKinds[r] = kind;
    this.records = r + 1;
    this.openNodes.push(r);
    return r;
  }
  private growRecords(): void {
    const n = this.records * 2;
    // (unreachable in practice: more records than a string can hold characters)
    if (this.records >= NODE_LIMIT) throw new RangeError("this file is too big to parse: over 2^30 syntax nodes");
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(Math.min(n, NODE_LIMIT));
      b.set(a);
      return b;
    };
    const st = this.store;
    st.nodeKinds = this.nKinds = grow(this.nKinds, (k) => new Uint8Array(k));
    st.nodeStarts = this.nStarts = grow(this.nStarts, (k) => new Int32Array(k));
    st.nodeLens = this.nLens = grow(this.nLens, (k) => new Int32Array(k));
    st.nodeRaw = this.nRaw = grow(this.nRaw, (k) => new Int32Array(k));
  }
  protected close(): Built {
    const mark = this.marks.pop()!;
    const r = this.openNodes.pop()!;
    const es = this.elems;
    const top = this.top;
    // the children: from the stack into the shared array, or nothing for tokens only
    const len = top - mark;
    let start: number, end: number;
    if (len === 0) {
      start = end = this.starts[this.i]!;
      // (flat's first entry is an empty run)
      this.nRaw[r] = encodeFlat(0);
    } else {
      const first = es[mark]!,
        last = es[top - 1]!;
      start = this.startOf(first);
      end = this.endOf(last);
      const ns = this.nStarts;
      // copied as a run, and taken back if they are all tokens
      if (this.pos + len + 1 > this.flat.length) this.growFlat(len + 1);
      const c = this.flat;
      const at = this.pos;
      let p = at;
      c[p++] = len;
      let tokens = 0;
      for (let q = mark; q < top; q++) {
        const e = es[q]!;
        c[p++] = e;
        if (e >= 0) tokens++;
        else if (isNodeCode(e)) ns[nodeRecord(e)]! -= start; // child nodes count from here on
      }
      if (tokens === len) {
        // tokens only: no run at all, just where they start
        this.nRaw[r] = first;
      } else {
        this.pos = p;
        this.nRaw[r] = encodeFlat(at);
      }
      this.top = mark;
    }
    this.nStarts[r] = start;
    this.nLens[r] = end - start;
    // the checks read it as an object: made now, at its absolute place until its parent is read
    if (CHECKED[this.nKinds[r]!] && this.flags[this.marks.length]) {
      this.checkNodes.push(this.madeNow(r));
      this.checkRecords.push(r);
    }
    const e = encodeNode(r);
    this.push(e);
    return e;
  }
  /** The object for record `r`, made during the parse: the tree takes this one when `r` is read. */
  private madeNow(r: number): SyntaxNode {
    const st = this.store;
    if (st.nodeMade.length < this.nKinds.length) {
      const m = new Uint8Array(this.nKinds.length);
      m.set(st.nodeMade);
      st.nodeMade = m;
    }
    const n = makeNode(r, st, null);
    st.nodeMade[r] = 1;
    st.made.set(r, n);
    return n;
  }
  /** The object of the finished node `e` (a node record), without a parent, at its absolute place. */
  protected nodeOf(e: Built): SyntaxNode {
    return makeNode(nodeRecord(e), this.store, null);
  }
  /** Whether the finished element `e` is a node of `kind` (made as a record). */
  protected isNodeOf(e: Built | undefined, kind: K): boolean {
    return e !== undefined && e < 0 && isNodeCode(e) && this.nKinds[nodeRecord(e)] === kind;
  }
  private growFlat(need: number): void {
    const b = new Int32Array(Math.max(this.flat.length * 2, this.pos + need));
    b.set(this.flat);
    this.store.flat = this.flat = b;
  }
  /** Hand the innermost open node to the post-parse checks. */
  protected flagOpenNode(): void {
    this.flags[this.marks.length - 1] = 1;
  }
  /** Reopen the just-closed `n` (the last finished element) as the first child of a new node. */
  protected precede(_n: Built, kind: K): void {
    this.flags[this.marks.length] = 0;
    this.marks.push(this.top - 1);
    this.pushNode(kind);
  }
  /**
   * A node of one token (the current one): an identifier, a number, a URI, a
   * search path, or an attribute path of one identifier. Kept as a number
   * until its parent's children are read.
   */
  protected leaf(kind: K): Built {
    if (this.s >= LEAF_LIMIT) {
      // too far into a huge file for the encoding: make the node now
      this.open(kind);
      if (kind === K.AttrPath) this.leaf(K.IdentExpr);
      else this.bump();
      return this.close();
    }
    // trivia before it belongs to the enclosing node, as with open()
    this.flush();
    const e = encodeLeaf(this.s, LEAF_CODE[kind]!);
    this.bump();
    this.elems[this.top - 1] = e;
    return e;
  }
  /**
   * A string without `${}` that is closed (`closer`): a leaf (see leaf()).
   * Undefined, having consumed nothing, for any other string.
   */
  protected plainString(kind: K, closer: K): Built | undefined {
    const kinds = this.kinds;
    let j = this.s + 1;
    while (j < this.count && (kinds[j] === K.StrFragment || kinds[j] === K.StrEscape)) j++;
    if (j >= this.count || kinds[j] !== closer || this.s >= LEAF_LIMIT) return undefined;
    this.flush();
    const e = encodeLeaf(this.s, LEAF_CODE[kind]!);
    // what bump() does for each of its tokens, at once
    this.push(e);
    this.idle = 0;
    this.lastEnd = this.starts[j + 1]!;
    this.i = j + 1;
    this.s = this.skipTrivia(j + 1);
    return e;
  }
  /** Where a finished element starts: a node, a token index, or a leaf. */
  protected startOf(e: Built): number {
    if (e >= 0) return this.starts[e]!;
    // (a node's start is absolute until its parent closes: e is finished, its parent open)
    return isNodeCode(e) ? this.nStarts[nodeRecord(e)]! : this.starts[leafFirstToken(e)]!;
  }
  /** Where a finished element ends. */
  protected endOf(e: Built): number {
    if (e >= 0) return this.starts[e + 1]!;
    if (isNodeCode(e)) {
      const r = nodeRecord(e);
      return this.nStarts[r]! + this.nLens[r]!;
    }
    return this.starts[leafLastToken(e, this.kinds) + 1]!;
  }
  /** The element finished last. */
  protected last(): Built {
    return this.elems[this.top - 1]!;
  }
}

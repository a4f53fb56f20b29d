// Builds the lossless tree while the grammar walks the tokens: finished
// elements wait on one flat stack and a node takes its children from there
// when it closes, copying them into the parse's one shared children array
// (growing arrays by push dominated the parse time, and then one array per
// node: the young-generation collector copied each of them).
import { SyntaxKind as K } from "../kinds.js";
import type { TokenStream } from "../lexer/tokenStream.js";
import { SyntaxNode, LEAF_KINDS, LEAF_LIMIT, FLAT_CHUNK, encodeFlat, encodeLeaf, leafFirstToken, leafLastToken } from "../tree.js";
import type { SourceText, SyntaxElement, TokenStore } from "../tree.js";
import { TokenCursor } from "./cursor.js";

/** A finished expression: a node, or a leaf not made as an object yet (see LEAF_KINDS). */
export type Built = SyntaxNode | number;
// LEAF_KINDS index of each single-token node kind (the rest: -1).
const LEAF_CODE = new Int8Array(256).fill(-1);
LEAF_KINDS.forEach((k, i) => (LEAF_CODE[k] = i));

// Placeholder children of a node still open (never exposed: replaced at close).
const EMPTY: SyntaxElement[] = [];

// Node kinds the post-parse checks (duplicates, dynamic names) need.
const CHECKED = new Uint8Array(256);
for (const k of [K.AttrSet, K.LegacyLet, K.LetIn, K.Inherit_, K.Lambda]) CHECKED[k] = 1;

export class TreeBuilder extends TokenCursor {
  protected readonly elems: (SyntaxElement | number)[] = [];
  protected readonly store: TokenStore;
  protected readonly marks: number[] = [];
  protected readonly openNodes: SyntaxNode[] = [];
  /** The innermost open node: the parent of whatever is added now. */
  protected top: SyntaxNode | null = null;
  // Nodes the post-parse checks look at, collected while building.
  protected readonly checkNodes: SyntaxNode[] = [];
  private readonly slots: number[] = [];
  // flags[d]: the open node at depth d goes to the checks
  private readonly flags: number[] = [];
  // The chunk of store.flat being filled, and where.
  private chunk: (SyntaxElement | number)[] = [];
  private pos = 0;
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
    this.store = { kinds: ts.kinds, starts: ts.starts, count: ts.count, source, flat: [] };
  }

  get tokenStore(): TokenStore {
    return this.store;
  }

  /** The nodes flagged for the parse-time checks. */
  get checkedNodes(): SyntaxNode[] {
    return this.checkNodes.filter((n) => n !== undefined);
  }

  /** Tokens go in as indices; SyntaxNode makes the objects when its children are first read. */
  protected addToken(j: number) {
    this.elems.push(j);
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
    this.marks.push(this.elems.length);
    this.pushNode(kind);
    // checked nodes get their slot when opened, so the list is in pre-order (outer sets first)
    if (CHECKED[kind]) {
      this.slots.push(this.checkNodes.length);
      this.checkNodes.push(undefined as unknown as SyntaxNode);
    }
  }
  /**
   * Nodes are created when opened, so their tokens and child nodes (made
   * later) point to an older object: no parent has to be patched in at
   * close, and the garbage collector records far fewer old-to-new pointers.
   */
  protected pushNode(kind: K): SyntaxNode {
    const n = new SyntaxNode(kind, EMPTY);
    n.parent = this.top;
    this.openNodes.push(n);
    this.top = n;
    return n;
  }
  protected close(): SyntaxNode {
    const mark = this.marks.pop()!;
    const nodes = this.openNodes;
    const n = nodes.pop()!;
    this.top = nodes.length > 0 ? nodes[nodes.length - 1]! : null;
    const kind = n.kind;
    const es = this.elems;
    // the children: from the stack into the shared arrays, or nothing for tokens only
    const len = es.length - mark;
    if (len === 0) {
      const at = this.starts[this.i]!;
      n.build(at, at);
      n.setRawChildren([], null);
    } else {
      // tokens: how many are token indices
      const first = es[mark]!,
        last = es[es.length - 1]!;
      const start = this.startOf(first);
      n.build(start, this.endOf(last));
      let tokens = 0;
      for (let q = mark; q < es.length; q++) {
        const e = es[q]!;
        if (typeof e === "number") {
          if (e >= 0) tokens++;
        } else (e as SyntaxNode).rebase(start); // child nodes count from here on
      }
      if (tokens === len) {
        // tokens only: no array at all, just where they start
        for (let q = 0; q < len; q++) es.pop();
        n.setRawChildren(first as number, this.store);
      } else {
        // into the parse's shared arrays (see TokenStore.flat), no array of its own
        if (this.pos + len + 1 > this.chunk.length) this.newChunk(len + 1);
        const c = this.chunk;
        const at = this.pos;
        let p = at;
        c[p++] = len;
        for (let q = mark; q < es.length; q++) c[p++] = es[q]!;
        this.pos = p;
        for (let q = 0; q < len; q++) es.pop();
        n.setRawChildren(encodeFlat(this.store.flat.length - 1, at), this.store);
      }
    }
    es.push(n);
    if (CHECKED[kind]) {
      const slot = this.slots.pop()!;
      if (this.flags[this.marks.length]) this.checkNodes[slot] = n;
    }
    return n;
  }
  /**
   * A new chunk for store.flat with room for `need`: small for the first
   * (the incremental re-parse parses a few bindings), doubling up to FLAT_CHUNK.
   */
  private newChunk(need: number): void {
    const prev = this.chunk.length;
    const size = Math.max(need, Math.min(FLAT_CHUNK, prev === 0 ? 1024 : prev * 2));
    this.chunk = new Array(size);
    this.pos = 0;
    this.store.flat.push(this.chunk);
  }
  /** Hand the innermost open node to the post-parse checks. */
  protected flagOpenNode(): void {
    this.flags[this.marks.length - 1] = 1;
  }
  /** Reopen the just-closed `n` (the last finished element) as the first child of a new node. */
  protected precede(n: Built, kind: K): void {
    this.flags[this.marks.length] = 0;
    this.marks.push(this.elems.length - 1);
    const p = this.pushNode(kind);
    // a leaf gets its parent when it is made
    if (typeof n !== "number") n.parent = p;
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
    this.elems[this.elems.length - 1] = e;
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
    this.elems.push(e);
    this.idle = 0;
    this.lastEnd = this.starts[j + 1]!;
    this.i = j + 1;
    this.s = this.skipTrivia(j + 1);
    return e;
  }
  /** Where a finished element starts: a node, a token index, or a leaf. */
  protected startOf(e: SyntaxElement | number): number {
    if (typeof e !== "number") return (e as SyntaxNode).builtStart;
    return this.starts[e >= 0 ? e : leafFirstToken(e)]!;
  }
  /** Where a finished element ends. */
  protected endOf(e: SyntaxElement | number): number {
    if (typeof e !== "number") return (e as SyntaxNode).builtEnd;
    return this.starts[(e >= 0 ? e : leafLastToken(e, this.kinds)) + 1]!;
  }
  /** The element finished last. */
  protected last(): SyntaxElement | number {
    return this.elems[this.elems.length - 1]!;
  }
}

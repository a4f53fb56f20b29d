// Builds the lossless tree while the grammar walks the tokens: finished
// elements wait on one flat stack and a node takes its children from there
// when it closes, so every children array is allocated once at its exact size
// (growing arrays by push dominated the parse time).
import { SyntaxKind as K } from "../kinds.js";
import type { TokenStream } from "../lexer/tokenStream.js";
import { SyntaxNode, LEAF_KINDS, LEAF_LIMIT, encodeLeaf, leafFirstToken, leafLastToken } from "../tree.js";
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

/**
 * es[mark..] as a new array, removed from es. Small arrays (most nodes have
 * at most eight children) are array literals: each literal has an allocation
 * site, so V8 soon allocates these long-lived arrays straight in the old
 * generation instead of copying them through the young one (splice results
 * have no site and are always copied).
 */
function takeChildren(es: (SyntaxElement | number)[], mark: number, len: number): (SyntaxElement | number)[] {
  let out: (SyntaxElement | number)[];
  const m = mark;
  switch (len) {
    case 1: out = [es[m]!]; break;
    case 2: out = [es[m]!, es[m + 1]!]; break;
    case 3: out = [es[m]!, es[m + 1]!, es[m + 2]!]; break;
    case 4: out = [es[m]!, es[m + 1]!, es[m + 2]!, es[m + 3]!]; break;
    case 5: out = [es[m]!, es[m + 1]!, es[m + 2]!, es[m + 3]!, es[m + 4]!]; break;
    case 6: out = [es[m]!, es[m + 1]!, es[m + 2]!, es[m + 3]!, es[m + 4]!, es[m + 5]!]; break;
    case 7: out = [es[m]!, es[m + 1]!, es[m + 2]!, es[m + 3]!, es[m + 4]!, es[m + 5]!, es[m + 6]!]; break;
    case 8: out = [es[m]!, es[m + 1]!, es[m + 2]!, es[m + 3]!, es[m + 4]!, es[m + 5]!, es[m + 6]!, es[m + 7]!]; break;
    default: return es.splice(mark);
  }
  // (pop is inlined; assigning length is a runtime call)
  for (let q = 0; q < len; q++) es.pop();
  return out;
}

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
    this.store = { kinds: ts.kinds, starts: ts.starts, count: ts.count, source };
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
    // splice both trims the stack and returns the children, sized exactly
    const len = es.length - mark;
    if (len === 0) {
      const at = this.starts[this.i]!;
      n.build(at, at);
      n.setRawChildren([], null);
    } else {
      // tokens: token indices; lazy: numbers of any kind (tokens and leaves), which need the store
      const first = es[mark]!,
        last = es[es.length - 1]!;
      const start = this.startOf(first);
      n.build(start, this.endOf(last));
      let tokens = 0,
        lazy = 0;
      for (let q = mark; q < es.length; q++) {
        const e = es[q]!;
        if (typeof e === "number") {
          lazy++;
          if (e >= 0) tokens++;
        } else (e as SyntaxNode).rebase(start); // child nodes count from here on
      }
      if (tokens === len) {
        // tokens only: no array at all, just where they start
        for (let q = 0; q < len; q++) es.pop();
        n.setRawChildren(first as number, this.store);
      } else if (len === 1 && lazy === 1) {
        // one leaf and nothing else (an attribute path of one name): no array either
        es.pop();
        n.setRawChildren(first as number, this.store);
      } else {
        n.setRawChildren(takeChildren(es, mark, len), lazy > 0 ? this.store : null);
      }
    }
    es.push(n);
    if (CHECKED[kind]) {
      const slot = this.slots.pop()!;
      if (this.flags[this.marks.length]) this.checkNodes[slot] = n;
    }
    return n;
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

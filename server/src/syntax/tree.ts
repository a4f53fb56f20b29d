// The lossless concrete syntax tree: nodes own ordered children (nodes and
// tokens); tokens are leaves and together cover the input exactly once.
import { SyntaxKind, kindName } from "./kinds.js";

export class SyntaxToken {
  // Fields are declared and assigned in the constructor (not class-field
  // initialisers): plain stores are measurably faster on the hot parse path.
  declare parent: SyntaxNode | null;
  declare readonly kind: SyntaxKind;
  // Where the token sits, counted from its parent's start (or from 0 without
  // one): a node that moves after an edit takes its tokens along for free, so
  // an incremental re-parse moves nodes only, a third of the elements.
  private declare rs: number;
  private declare re: number;
  private declare readonly source: SourceText;
  constructor(kind: SyntaxKind, start: number, end: number, source: SourceText | string, parent: SyntaxNode | null = null) {
    this.parent = parent;
    this.kind = kind;
    const base = parent === null ? 0 : parent.start;
    this.rs = start - base;
    this.re = end - base;
    this.source = typeof source === "string" ? { text: source } : source;
  }
  get start(): number {
    const p = this.parent;
    return p === null ? this.rs : p.start + this.rs;
  }
  /** Mutable only for incremental re-parsing, which moves what follows an edit. */
  set start(v: number) {
    const p = this.parent;
    this.rs = p === null ? v : v - p.start;
  }
  get end(): number {
    const p = this.parent;
    return p === null ? this.re : p.start + this.re;
  }
  set end(v: number) {
    const p = this.parent;
    this.re = p === null ? v : v - p.start;
  }
  /** @internal Move by `delta` relative to the parent (which stays). */
  nudge(delta: number): void {
    this.rs += delta;
    this.re += delta;
  }
  /** @internal Incremental re-parse: make `parent` this token's, keeping where it is. */
  adopt(parent: SyntaxNode): void {
    const start = this.start,
      end = this.end;
    this.parent = parent;
    this.rs = start - parent.start;
    this.re = end - parent.start;
  }
  /** The token's source text (sliced on demand to keep parsing allocation-lean). */
  get text(): string {
    return this.source.text.slice(this.start, this.end);
  }
  get isToken(): true {
    return true;
  }
}

/**
 * The text a tree was parsed from, shared by its tokens: an incremental
 * re-parse updates the tree in place and points this at the new text.
 */
export interface SourceText {
  text: string;
}

/**
 * Where a parse keeps its tokens and nodes before they become objects: token
 * j has kind kinds[j] and spans starts[j]..starts[j+1] of the source; node
 * record r (see NODE_CODE) has kind nodeKinds[r], starts nodeStarts[r] after
 * its parent's start (or at it, absolute, for a record without a parent),
 * spans nodeLens[r], and has the children nodeRaw[r] (as SyntaxNode.raw).
 * A parse allocates nothing per node: its node objects are made when their
 * parent's children are first read (half a million per 5 MB: allocating and
 * copying them in the young generation was a third of a parse).
 */
export interface TokenStore {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  /** Tokens in use: starts[count] is where the last one ends. */
  readonly count: number;
  readonly source: SourceText;
  /**
   * The children of the parse's nodes not read yet, one run after another:
   * a count, then that many elements (token indices, leaves, node records;
   * see encodeLeaf, encodeNode). Entry 0 is an empty run, for empty nodes.
   */
  flat: Int32Array;
  nodeKinds: Uint8Array;
  nodeStarts: Int32Array;
  nodeLens: Int32Array;
  nodeRaw: Int32Array;
  /** 1: the record's node object was made during the parse (for the checks), and waits in `made`. */
  nodeMade: Uint8Array;
  readonly made: Map<number, SyntaxNode>;
}

/**
 * @internal Single-token nodes (identifiers, numbers, URIs, search paths)
 * are a third of all nodes, and strings without `${}` another few percent,
 * so the parser does not make them as objects: a
 * parent's raw children hold them as one negative number, -(token * 16 +
 * code) - 1 with LEAF_KINDS[code] the node's kind, and the node object is
 * made (once) when the parent's children are read.
 */
export const LEAF_KINDS: readonly SyntaxKind[] = [
  SyntaxKind.IdentExpr,
  SyntaxKind.Literal,
  SyntaxKind.UriExpr,
  SyntaxKind.SearchPathExpr,
  // these two run from their opening quote to the first closing one (the parser checked it is there)
  SyntaxKind.String,
  SyntaxKind.IndString,
  // an attribute path of one identifier (`name = ...`): an AttrPath holding that IdentExpr leaf
  SyntaxKind.AttrPath,
];
const LEAF_IDENT = 0;
const LEAF_ATTRPATH = 6;
/**
 * @internal A node record in a children run: the codes (as LEAF_KINDS')
 * from NODE_CODE up, eight of them, hold its record's low 3 bits:
 * -((record >> 3) * 16 + NODE_CODE + (record & 7)) - 1, so records go up to 2^30.
 */
export const NODE_CODE = 8;
/** @internal Token indices from here on do not fit the encoding: such leaves are made as records. */
export const LEAF_LIMIT = 1 << 26;
/** @internal Node records from here on do not fit the encoding (more than a string can hold characters). */
export const NODE_LIMIT = 1 << 30;

/** @internal Where the children of a node start in TokenStore.flat, as its `raw`. */
export function encodeFlat(offset: number): number {
  return -offset - 1;
}

/** @internal The leaf of kind LEAF_KINDS[code] starting at token `token`. */
export function encodeLeaf(token: number, code: number): number {
  return -(token * 16 + code) - 1;
}

/** @internal Node record `r` of the store, as an element of a children run. */
export function encodeNode(r: number): number {
  return -((r >>> 3) * 16 + NODE_CODE + (r & 7)) - 1;
}

/** @internal Whether the (negative) element `e` is a node record, not a leaf. */
export function isNodeCode(e: number): boolean {
  return ((-e - 1) & NODE_CODE) !== 0;
}

/** @internal The record of the node element `e`. */
export function nodeRecord(e: number): number {
  const v = -e - 1;
  return ((v >>> 4) << 3) | (v & 7);
}

/** @internal Index of the first token of the leaf `e`. */
export function leafFirstToken(e: number): number {
  return (-e - 1) >>> 4;
}

/** @internal Index of the last token of the leaf `e`. */
export function leafLastToken(e: number, kinds: Uint8Array): number {
  const v = -e - 1;
  const j = v >>> 4;
  const code = v & 15;
  // identifiers, numbers, URIs, search paths and one-name attribute paths are one token
  if (code < 4 || code === LEAF_ATTRPATH) return j;
  const closer = code === 4 ? SyntaxKind.Quote : SyntaxKind.IndQuote;
  let k = j + 1;
  while (kinds[k] !== closer) k++;
  return k;
}

function makeLeaf(e: number, st: TokenStore, parent: SyntaxNode): SyntaxNode {
  const v = -e - 1;
  const j = v >>> 4;
  const code = v & 15;
  if (code >= NODE_CODE) return makeNode(nodeRecord(e), st, parent);
  const n = new SyntaxNode(LEAF_KINDS[code]!, EMPTY_CHILDREN);
  n.parent = parent;
  n.place(st.starts[j]!, st.starts[leafLastToken(e, st.kinds) + 1]!);
  n.setRawChildren(code === LEAF_ATTRPATH ? [encodeLeaf(j, LEAF_IDENT)] : j, st);
  return n;
}

/** @internal The object of node record `r` (made now, or the one made during the parse), as a child of `parent` (null: at its absolute place). */
export function makeNode(r: number, st: TokenStore, parent: SyntaxNode | null): SyntaxNode {
  let n: SyntaxNode;
  if (st.nodeMade[r] === 1) {
    n = st.made.get(r)!;
    st.made.delete(r);
    st.nodeMade[r] = 0;
  } else {
    n = new SyntaxNode(st.nodeKinds[r]! as SyntaxKind, EMPTY_CHILDREN);
    n.setRawChildren(st.nodeRaw[r]!, st);
  }
  n.parent = parent;
  n.record(st.nodeStarts[r]!, st.nodeLens[r]!);
  return n;
}
const EMPTY_CHILDREN: SyntaxElement[] = [];

/**
 * Bumped whenever a node moves relative to its parent: every node's cached
 * absolute start older than this is worked out again when read.
 */
let epoch = 1;

export class SyntaxNode {
  declare parent: SyntaxNode | null;
  declare readonly kind: SyntaxKind;
  // Where the node sits, as its tokens do: its start counted from its
  // parent's start (from 0 without a parent, and while the parser builds it),
  // and its length. An edit then moves the siblings after it at each level
  // above, not everything after it in the file. The absolute start is cached
  // (`abs`, valid while `at` is the current epoch), so reading it is a field
  // read but for the first time after an edit.
  private declare rs: number;
  private declare len: number;
  private declare abs: number;
  private declare at: number;
  // Children as the parser left them, until first read: token indices into
  // `store`, leaves and node records (negative: LEAF_KINDS, NODE_CODE), and
  // child nodes already made (an own array, after an edit). Making half a
  // million token and node objects is most of the cost of a parse
  // (allocation and GC), and many are never looked at.
  // A node made of tokens only (an identifier, a number, a plain string)
  // keeps just the index of its first token: its tokens run to `end`.
  // A negative `raw` is where the children wait in the store's shared
  // array (encodeFlat), their count first (see TokenStore.flat).
  private declare raw: (SyntaxElement | number)[] | number;
  private declare store: TokenStore | null;
  constructor(kind: SyntaxKind, children: SyntaxElement[] = []) {
    this.parent = null;
    this.kind = kind;
    this.rs = 0;
    this.len = 0;
    this.abs = 0;
    this.at = 0;
    this.raw = children;
    this.store = null;
  }
  get start(): number {
    return this.at === epoch ? this.abs : this.resolveStart();
  }
  /** Mutable only for incremental re-parsing; the end stays where it was. */
  set start(v: number) {
    const end = this.end;
    const p = this.parent;
    this.rs = p === null ? v : v - p.start;
    this.len = end - v;
    // whatever lies below moved with it
    epoch++;
  }
  get end(): number {
    return this.start + this.len;
  }
  set end(v: number) {
    this.len = v - this.start;
  }
  // Up to the nearest node whose start is known, then down again caching each
  // (loops, not recursion: a tree may be deeper than the stack).
  private resolveStart(): number {
    let sum = 0;
    let n: SyntaxNode | null = this;
    while (n !== null && n.at !== epoch) {
      sum += n.rs;
      n = n.parent;
    }
    let s = (n === null ? 0 : n.abs) + sum;
    const result = s;
    for (let m: SyntaxNode | null = this; m !== n && m !== null; m = m.parent) {
      m.abs = s;
      m.at = epoch;
      s -= m.rs;
    }
    return result;
  }
  /** @internal A node without a parent takes the span start..end, its children staying where they are. */
  respan(start: number, end: number): void {
    const shift = this.start - start;
    this.rs = start;
    this.len = end - start;
    // (a shift starts a new epoch; without one nothing moved)
    if (shift !== 0) this.shiftChildrenAfterIndex(-1, shift);
  }
  /** @internal Incremental re-parse: make `parent` this node's, keeping where it is. */
  adopt(parent: SyntaxNode): void {
    const start = this.start;
    this.parent = parent;
    this.rs = start - parent.start;
    // (the absolute start is the same: what is cached below stays true)
  }
  /** Ordered children, nodes and tokens (trivia included). Token objects are made on first read, once. */
  get children(): SyntaxElement[] {
    if (this.store !== null) this.materialize(this.store);
    return this.raw as SyntaxElement[];
  }
  /** @internal For the parser: children with token indices (and leaves) into `store`, the first of a run of tokens, or one leaf. */
  setRawChildren(raw: (SyntaxElement | number)[] | number, store: TokenStore | null): void {
    this.raw = raw;
    this.store = store;
  }
  /**
   * Children still in the store's shared array copied into this node's own:
   * tokens and leaves left as numbers (they read the store's token starts,
   * which move with an edit), child nodes made (their starts count from this
   * node's, so an edit moves them one by one).
   */
  private own(): (SyntaxElement | number)[] | number {
    const raw = this.raw;
    if (typeof raw !== "number" || raw >= 0) return raw;
    const st = this.store!;
    const flat = st.flat;
    const off = -raw - 1;
    const n = flat[off]!;
    const out: (SyntaxElement | number)[] = [];
    for (let q = 1; q <= n; q++) {
      const e = flat[off + q]!;
      out.push(e < 0 && isNodeCode(e) ? makeNode(nodeRecord(e), st, this) : e);
    }
    this.raw = out;
    return out;
  }
  /** @internal Incremental re-parse: put `next` where the child node `old` was. */
  replaceChildNode(old: SyntaxNode, next: SyntaxNode): void {
    const raw = this.own();
    if (typeof raw === "number") throw new Error("replaceChildNode: no child nodes");
    const i = raw.indexOf(old);
    if (i < 0) throw new Error("replaceChildNode: not a child");
    raw[i] = next;
    next.adopt(this);
  }
  /**
   * @internal Incremental re-parse: children from index `from` to `to`
   * (inclusive) give way to `next`, which become this node's children.
   */
  replaceChildRange(from: number, to: number, next: readonly SyntaxElement[]): void {
    const cs = this.children;
    cs.splice(from, to - from + 1, ...next);
    for (const e of next) {
      e.adopt(this);
    }
  }
  /**
   * @internal Incremental re-parse: move every child after `child` by
   * `delta`. What lies below them moves with them (positions are relative),
   * and tokens and leaves still in a store move with the store (see shiftStores).
   */
  shiftChildrenAfter(child: SyntaxNode, delta: number): void {
    const raw = this.own();
    if (typeof raw === "number") return;
    this.shiftChildrenAfterIndex(raw.indexOf(child), delta);
  }
  /** @internal shiftChildrenAfter, for the children after index `index`. */
  shiftChildrenAfterIndex(index: number, delta: number): void {
    const raw = this.own();
    if (typeof raw === "number") return;
    for (let i = index + 1; i < raw.length; i++) {
      const c = raw[i]!;
      if (typeof c === "number") continue;
      if (c instanceof SyntaxToken) c.nudge(delta);
      else c.rs += delta;
    }
    epoch++;
  }
  /** @internal A node made from its record: where it sits in its parent (set), its length; its cached start is stale. */
  record(rs: number, len: number): void {
    this.rs = rs;
    this.len = len;
    this.at = 0;
  }
  /** @internal A leaf made from the store: its span, with its parent set (nothing below it to invalidate). */
  place(start: number, end: number): void {
    this.rs = start - this.parent!.start;
    this.len = end - start;
  }
  /** @internal Child nodes without making token objects (for searches that only need nodes). */
  rawChildNodes(): SyntaxNode[] {
    const raw = this.own();
    const out: SyntaxNode[] = [];
    if (typeof raw === "number") return out;
    for (let i = 0; i < raw.length; i++) {
      let c = raw[i]!;
      // a leaf not made yet: make it now, in place, so it keeps its identity
      if (typeof c === "number" && c < 0) raw[i] = c = makeLeaf(c, this.store!, this);
      if (c instanceof SyntaxNode) out.push(c);
    }
    return out;
  }
  /** A child as an object: a token or leaf made now, a node as it is. */
  private made(e: number, st: TokenStore): SyntaxElement {
    return e >= 0 ? new SyntaxToken(st.kinds[e]!, st.starts[e]!, st.starts[e + 1]!, st.source, this) : makeLeaf(e, st, this);
  }
  private materialize(st: TokenStore): void {
    const raw = this.raw;
    if (typeof raw === "number") {
      if (raw < 0) {
        // from the shared array straight into this node's own, made as objects
        const flat = st.flat;
        const off = -raw - 1;
        const n = flat[off]!;
        // made at its size; small ones as array literals, whose allocation
        // sites let V8 put these long-lived arrays straight in the old generation
        const o = off + 1;
        let own: SyntaxElement[];
        switch (n) {
          case 1: own = [this.made(flat[o]!, st)]; break;
          case 2: own = [this.made(flat[o]!, st), this.made(flat[o + 1]!, st)]; break;
          case 3: own = [this.made(flat[o]!, st), this.made(flat[o + 1]!, st), this.made(flat[o + 2]!, st)]; break;
          case 4: own = [this.made(flat[o]!, st), this.made(flat[o + 1]!, st), this.made(flat[o + 2]!, st), this.made(flat[o + 3]!, st)]; break;
          case 5: own = [this.made(flat[o]!, st), this.made(flat[o + 1]!, st), this.made(flat[o + 2]!, st), this.made(flat[o + 3]!, st), this.made(flat[o + 4]!, st)]; break;
          case 6: own = [this.made(flat[o]!, st), this.made(flat[o + 1]!, st), this.made(flat[o + 2]!, st), this.made(flat[o + 3]!, st), this.made(flat[o + 4]!, st), this.made(flat[o + 5]!, st)]; break;
          default:
            own = new Array<SyntaxElement>(n);
            for (let q = 0; q < n; q++) own[q] = this.made(flat[o + q]!, st);
        }
        this.raw = own;
        this.store = null;
        return;
      }
      const out: SyntaxElement[] = [];
      for (let j = raw; st.starts[j]! < this.end; j++) out.push(new SyntaxToken(st.kinds[j]!, st.starts[j]!, st.starts[j + 1]!, st.source, this));
      this.raw = out;
      this.store = null;
      return;
    }
    for (let i = 0; i < raw.length; i++) {
      const j = raw[i];
      if (typeof j === "number")
        raw[i] = j >= 0 ? new SyntaxToken(st.kinds[j]!, st.starts[j]!, st.starts[j + 1]!, st.source, this) : makeLeaf(j, st, this);
    }
    this.store = null;
  }
  /**
   * @internal The token stores this node and those below it still read
   * (for children not made into objects yet), without making any: a walk
   * over the nodes already made, iterative (a tree may be deeper than the stack).
   */
  storesBelow(): Set<TokenStore> {
    const out = new Set<TokenStore>();
    const stack: SyntaxNode[] = [this];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.store !== null) out.add(n.store);
      const raw = n.raw;
      // (children still in a store are all numbers: that store is n's, counted above)
      if (typeof raw === "number") continue;
      for (let i = 0; i < raw.length; i++) {
        const c = raw[i];
        if (c instanceof SyntaxNode) stack.push(c);
      }
    }
    return out;
  }
  get isToken(): false {
    return false;
  }
  /** Child nodes only, in order. */
  childNodes(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const c of this.children) if (c instanceof SyntaxNode) out.push(c);
    return out;
  }
  /** First child token of the given kind, if any. */
  token(kind: SyntaxKind): SyntaxToken | undefined {
    for (const c of this.children) if (c instanceof SyntaxToken && c.kind === kind) return c;
    return undefined;
  }
  /** First child node of the given kind, if any. */
  node(kind: SyntaxKind): SyntaxNode | undefined {
    for (const c of this.children) if (c instanceof SyntaxNode && c.kind === kind) return c;
    return undefined;
  }
}

export type SyntaxElement = SyntaxNode | SyntaxToken;

/**
 * Index of the last of `items` (in source order) starting at or before
 * `offset`, or -1: by halving, as a top-level set can have thousands of children.
 */
export function lastStartingBy(items: readonly { start: number }[], offset: number): number {
  let lo = 0,
    hi = items.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function isNode(e: SyntaxElement | null | undefined): e is SyntaxNode {
  return e instanceof SyntaxNode;
}
export function isToken(e: SyntaxElement | null | undefined): e is SyntaxToken {
  return e instanceof SyntaxToken;
}

/** All tokens under `node`, in source order (iterative, any depth). */
export function* tokens(node: SyntaxNode): Generator<SyntaxToken> {
  const stack: [SyntaxNode, number][] = [[node, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, i] = top;
    if (i >= n.children.length) {
      stack.pop();
      continue;
    }
    top[1] = i + 1;
    const c = n.children[i]!;
    if (c instanceof SyntaxToken) yield c;
    else stack.push([c, 0]);
  }
}

/** Pre-order walk over nodes (and tokens if asked); iterative, so depth is unbounded. */
export function* descendants(node: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (c instanceof SyntaxNode) stack.push(c);
    }
  }
}

/** Visit every node; return false from `enter` to skip a subtree. Iterative. */
export function walk(
  node: SyntaxNode,
  enter: (n: SyntaxNode) => boolean | void,
  leave?: (n: SyntaxNode) => void,
): void {
  const stack: [SyntaxNode, number][] = [];
  if (enter(node) === false) return;
  stack.push([node, 0]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, i] = top;
    let pushed = false;
    for (let k = i; k < n.children.length; k++) {
      const c = n.children[k]!;
      if (c instanceof SyntaxNode) {
        top[1] = k + 1;
        if (enter(c) !== false) {
          stack.push([c, 0]);
          pushed = true;
          break;
        }
      }
    }
    if (!pushed) {
      stack.pop();
      leave?.(n);
    }
  }
}

export function* ancestors(e: SyntaxElement): Generator<SyntaxNode> {
  let p = e.parent;
  while (p) {
    yield p;
    p = p.parent;
  }
}

/** The text the tree was parsed from, rebuilt from its tokens. */
export function printTree(node: SyntaxNode): string {
  const parts: string[] = [];
  for (const t of tokens(node)) parts.push(t.text);
  return parts.join("");
}

/** An indented dump, one element a line, for snapshots and debugging. */
export function debugTree(node: SyntaxNode, opts: { trivia?: boolean } = {}): string {
  const trivia = opts.trivia ?? true;
  const lines: string[] = [];
  const stack: [SyntaxElement, number][] = [[node, 0]];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    const pad = "  ".repeat(depth);
    if (e instanceof SyntaxToken) {
      if (!trivia && e.kind <= SyntaxKind.BlockComment) continue;
      lines.push(`${pad}${kindName(e.kind)}@${e.start}..${e.end} ${JSON.stringify(e.text)}`);
    } else {
      lines.push(`${pad}${kindName(e.kind)}@${e.start}..${e.end}`);
      for (let i = e.children.length - 1; i >= 0; i--) stack.push([e.children[i]!, depth + 1]);
    }
  }
  return lines.join("\n") + "\n";
}

// Index of the child containing offset (start <= offset < end), or -1. Binary search.
function childAt(n: SyntaxNode, offset: number): number {
  const cs = n.children;
  let lo = 0,
    hi = cs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cs[mid]!;
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * The token containing `offset` (start <= offset < end). At a boundary this is
 * the token that starts there; at the very end of the text, the last token.
 */
export function tokenAt(tree: SyntaxNode, offset: number): SyntaxToken | undefined {
  if (tree.children.length === 0) return undefined;
  if (offset >= tree.end) offset = tree.end - 1;
  if (offset < tree.start) offset = tree.start;
  let n = tree;
  for (;;) {
    const i = childAt(n, offset);
    if (i < 0) return undefined;
    const c = n.children[i]!;
    if (c instanceof SyntaxToken) return c;
    n = c;
  }
}

/** The deepest node whose range contains `offset` (start <= offset < end; the root for the end). */
export function nodeAt(tree: SyntaxNode, offset: number): SyntaxNode {
  let n = tree;
  for (;;) {
    const i = childAt(n, offset);
    if (i < 0) return n;
    const c = n.children[i]!;
    if (c instanceof SyntaxToken) return n;
    n = c;
  }
}

/** The smallest node that covers the whole range [start, end). */
export function coveringNode(tree: SyntaxNode, start: number, end: number): SyntaxNode {
  let n = tree;
  for (;;) {
    const i = childAt(n, start);
    if (i < 0) return n;
    const c = n.children[i]!;
    if (c instanceof SyntaxToken || c.end < end || (end > start && c.end === start)) return n;
    if (end > c.end) return n;
    n = c;
  }
}

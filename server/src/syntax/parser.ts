// Hand-written, error-tolerant recursive-descent parser for Nix producing a
// lossless tree. Recursion is bounded by MAX_DEPTH; past it the rest of the
// nested construct becomes one error node (consumed iteratively).
import { SyntaxKind as K, displayKind, isTrivia } from "./kinds.js";
import { lex, lexRegion, lexRegionCut, type PrefixStrings, type TokenStream } from "./lexer.js";
import { SyntaxNode, LEAF_KINDS, LEAF_LIMIT, encodeLeaf, leafFirstToken, leafLastToken } from "./tree.js";
import type { SourceText, SyntaxElement, TokenStore } from "./tree.js";
import { runChecks } from "./checks.js";

export interface SyntaxError {
  message: string;
  /** UTF-16 offset of the first character */
  start: number;
  /** UTF-16 offset just past the last character */
  end: number;
  /** stable machine-readable code: syntax, duplicate-attr, duplicate-formal, ... */
  code: string;
}

export interface ParseResult {
  tree: SyntaxNode;
  errors: SyntaxError[];
}

export const MAX_DEPTH = 512;

// Binary operator levels (higher binds tighter); 0 = not a binary operator.
const LEVEL = new Uint8Array(128);
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
const NOT_OPERAND = 8;
const NEG_OPERAND = 13;
const RIGHT_ASSOC = new Set([1, 6, 10]);
const NON_ASSOC = new Set([4, 5]);

// Tokens error recovery never skips: they belong to an enclosing construct.
const STOP = new Uint8Array(128);
for (const k of [
  K.Then,
  K.Else,
  K.RParen,
  K.RBrack,
  K.RBrace,
  K.InterpEnd,
  K.Assign,
  K.Semicolon,
  K.Comma,
  K.In,
  K.Inherit,
  K.Eof,
])
  STOP[k] = 1;

const ATOM_START = new Uint8Array(128);
for (const k of [
  K.Ident,
  K.Int,
  K.Float,
  K.Uri,
  K.SearchPath,
  K.PathFragment,
  K.Quote,
  K.IndQuote,
  K.LParen,
  K.LBrack,
  K.LBrace,
  K.Rec,
])
  ATOM_START[k] = 1;

const EXPR_START = ATOM_START.slice();
for (const k of [K.Let, K.If, K.With, K.Assert, K.Minus, K.Bang]) EXPR_START[k] = 1;

// A finished expression: a node, or a leaf not made as an object yet (see LEAF_KINDS).
type Built = SyntaxNode | number;
// LEAF_KINDS index of each single-token node kind (the rest: -1).
const LEAF_CODE = new Int8Array(256).fill(-1);
LEAF_KINDS.forEach((k, i) => (LEAF_CODE[k] = i));

// Placeholder children of a node still open (never exposed: replaced at close).
const EMPTY: SyntaxElement[] = [];

// What a hashed attribute path was in a binding list (see notePath).
const PATH_FULL = 1;
const PATH_PREFIX = 2;

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

export function parse(text: string): ParseResult {
  const p = new Parser(text, { text }, 0, text.length);
  const result = p.run();
  lineages.set(result.tree, {
    source: p.source,
    stores: [p.tokenStore],
    checked: new WeakSet(p.checkedNodes),
    prefixStrings: { text: "", end: 0, minClose: Infinity },
  });
  return result;
}

/**
 * @internal What incremental re-parsing (incremental.ts) needs of a tree: the
 * text holder its tokens read, and every token store its nodes point into
 * (the first parse's, then one per re-parsed binding).
 */
export interface Lineage {
  source: SourceText;
  /**
   * The token stores nodes of the tree may still read (see shiftStores):
   * each re-parse adds its own, and those no node reads any more (their
   * nodes were replaced, or made their token objects) are dropped now and
   * then (see compactStores).
   */
  stores: TokenStore[];
  /** The nodes the parse-time checks look at (the parser flags them: see parseBindings), kept up to date across re-parses. */
  checked: WeakSet<SyntaxNode>;
  /** What the lexer found in the text before the last run that left a string open (see lexRegionCut). */
  prefixStrings: PrefixStrings;
}
export const lineages = new WeakMap<SyntaxNode, Lineage>();

/**
 * @internal Parses text[from, to) as exactly one binding (`path = value;`),
 * nested `depth` levels deep. Undefined unless that succeeds with no error,
 * lexical, syntactic or from the parse-time checks, and no text left over: the
 * caller then parses the whole file instead, so recovery and messages are
 * always those of a full parse.
 */
export function parseBindingAt(
  text: string,
  source: SourceText,
  from: number,
  to: number,
  depth: number,
): { node: SyntaxNode; store: TokenStore; checkNodes: SyntaxNode[] } | undefined {
  const p = new Parser(text, source, from, to);
  const node = p.runBinding(depth);
  return node ? { node, store: p.tokenStore, checkNodes: p.checkedNodes } : undefined;
}

/** @internal Where the bindings of a run parsed alone sit in the full parse (see parseBindingRunAt). */
export interface RunContext {
  /** The token that ends the list: `}` for sets, `in` for `let`. */
  term: K;
  /** How many enclosing constructs wait for each closing token, as the full parser counts them there. */
  awaited: ReadonlyArray<readonly [K, number]>;
  /** A parser depth at least the full parser's there. */
  depth: number;
  /** End of the last significant token before the run. */
  lastEnd: number;
}

export interface ParsedRun {
  /** The list's new children for the run: elements and the trivia between them, parents not set. */
  elements: SyntaxElement[];
  /** Errors in the run, lexical and syntactic (the checks are the caller's: see checkNodes). */
  errors: SyntaxError[];
  store: TokenStore;
  /** The nodes inside the run the parse-time checks must look at (runChecks), in pre-order. */
  checkNodes: SyntaxNode[];
}

/**
 * @internal Parses text[from, stop) as a run of a binding list's elements
 * (bindings, `inherit`s and whatever broken text lies between), errors and
 * all, as the full parser would parse them in the place `run` describes.
 * text[stop, to) is the element or closing token after the run, lexed only so
 * that looking ahead sees what a full parse sees. Undefined when the run's
 * lexing is not certain to match the whole text's (a string or brace left
 * open), when the elements do not end exactly at `stop`, or when the parser
 * gave up somewhere (depth): the caller parses the whole file then.
 * `prefix`: when the run's list lies in no interpolation, what the lexer knows
 * of the text before it (the same as before the edit), so that a string the
 * run leaves open is settled lexing only the rest.
 */
export function parseBindingRunAt(text: string, source: SourceText, from: number, stop: number, to: number, run: RunContext, prefix?: PrefixStrings): ParsedRun | undefined {
  const lr = lexRegion(text.slice(from, to), stop - from);
  if (lr.clean) {
    // the tail lexes as it did before: only errors inside the run are new
    lr.stream.errors = lr.stream.errors.filter((e) => e.start < stop - from);
    return new Parser(text, source, from, to, lr.stream).runBindingRun(run, stop);
  }
  // A string left open in the run: whether and where the lexer cuts it short
  // is decided over the whole text (lexRegionCut).
  const cut = lexRegionCut(text, from, stop, to, prefix);
  if (!cut) return undefined;
  cut.errors = cut.errors.filter((e) => e.start < stop - from);
  if (cut.errors.some((e) => e.end > stop - from)) return undefined;
  return new Parser(text, source, from, to, cut).runBindingRun(run, stop);
}

class Parser {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly count: number;
  private i = 0; // next raw token not yet in the tree
  private s = 0; // next significant token (>= i)
  // Tree builder: finished elements wait on one flat stack; a node takes its
  // children from there when it closes, so every children array is allocated
  // once at its exact size (growing arrays by push dominated the parse time).
  private readonly elems: (SyntaxElement | number)[] = [];
  private readonly store: TokenStore;
  private readonly marks: number[] = [];
  private readonly openNodes: SyntaxNode[] = [];
  /** The innermost open node: the parent of whatever is added now. */
  private top: SyntaxNode | null = null;
  // Nodes the post-parse checks look at, collected while building.
  private readonly checkNodes: SyntaxNode[] = [];
  private readonly slots: number[] = [];
  // flags[d]: the open node at depth d goes to the checks
  private readonly flags: number[] = [];
  private readonly errors: SyntaxError[] = [];
  private depth = 0;
  /** Parse steps since the last token was consumed (see tick). */
  private idle = 0;
  /** Inside a stray bracket already reported: stay quiet. */
  private quiet = 0;
  private bailed = false;
  // How many enclosing constructs are waiting for each closing token.
  private readonly ctx = new Int32Array(128);
  private lexErrorStarts: Set<number>;
  /** The lexer reported a string or comment running to the end of the file. */
  private readonly unterminated: boolean;
  /** Where the lexer cut runaway strings short (undefined: none). */
  private readonly cutEnds: Set<number> | undefined;
  /** End of the last significant token added to the tree. */
  private lastEnd = 0;
  /** Line of a `{` whose `}` looks misplaced by indentation (a hint for unclosed-brace errors). */
  private suspectOpenLine = 0;
  private lineStarts: number[] | undefined;

  /** Parsing a run of bindings alone (runBindingRun): the list's elements stop at this offset. */
  private stopAt = -1;

  constructor(
    private readonly src: string,
    readonly source: SourceText,
    from: number,
    to: number,
    lexed?: TokenStream,
  ) {
    const ts = lexed ?? lex(from === 0 && to === src.length ? src : src.slice(from, to));
    if (from !== 0) {
      // a region's tokens get offsets into the whole text
      const st = ts.starts;
      for (let j = 0; j <= ts.count; j++) st[j]! += from;
      for (const e of ts.errors) {
        e.start += from;
        e.end += from;
      }
    }
    this.kinds = ts.kinds;
    this.store = { kinds: ts.kinds, starts: ts.starts, count: ts.count, source };
    this.starts = ts.starts;
    this.count = ts.count;
    for (const e of ts.errors) this.errors.push({ message: e.message, start: e.start, end: e.end, code: e.code });
    this.lexErrorStarts = new Set(ts.errors.map((e) => e.start));
    const cuts = ts.errors.filter((e) => e.code === "unterminated-string" && e.end < src.length);
    this.cutEnds = cuts.length > 0 ? new Set(cuts.map((e) => e.end)) : undefined;
    // only a string or comment that really runs to the end hides what follows
    this.unterminated = ts.errors.some(
      (e) => (e.code === "unterminated-string" || e.code === "unterminated-comment") && e.end === src.length,
    );
    this.s = this.skipTrivia(0);
  }

  run(): ParseResult {
    // the root's mark goes first so leading trivia lands inside it
    this.marks.push(0);
    this.pushNode(K.Root);
    if (this.cur() === K.Eof) {
      // at the end of the last comment (if any) rather than on a blank last line, as Nix does
      let at = this.src.length;
      while (at > 0 && /\s/.test(this.src[at - 1]!)) at--;
      this.error("expected an expression, but the file is empty", at, at);
    } else {
      this.parseExpr("an expression");
      if (this.cur() !== K.Eof) {
        this.errorAtCur(`unexpected ${displayKind(this.cur())} after the end of the expression`);
        this.open(K.Error);
        while (this.cur() !== K.Eof) {
          const before = this.s;
          if (EXPR_START[this.cur()]) this.parseExpr("");
          // parseExpr declines `name = ...`: take a token so the loop moves on
          if (this.s === before) this.bump();
        }
        this.close();
      }
    }
    // trailing trivia
    this.s = this.count;
    this.flush();
    const root = this.close();
    this.elems.length = 0;
    root.respan(0, this.src.length);
    runChecks(this.checkNodes, this.src, this.errors);
    this.errors.sort((a, b) => a.start - b.start || a.end - b.end);
    return { tree: root, errors: this.errors };
  }

  get tokenStore(): TokenStore {
    return this.store;
  }

  /** The nodes flagged for the parse-time checks. */
  get checkedNodes(): SyntaxNode[] {
    return this.checkNodes.filter((n) => n !== undefined);
  }

  /** See parseBindingAt. */
  runBinding(depth: number): SyntaxNode | undefined {
    if (this.errors.length > 0 || this.count === 0 || isTrivia(this.kinds[0]!)) return undefined;
    const k = this.cur();
    if (k !== K.Ident && k !== K.OrKw && k !== K.Quote && k !== K.DollarCurly) return undefined;
    this.depth = depth;
    this.parseBinding();
    // all of it one binding, ending at its `;` (no trailing trivia: that belongs to the parent)
    if (this.errors.length > 0 || this.s < this.count || this.i < this.count) return undefined;
    if (this.elems.length !== 1) return undefined;
    runChecks(this.checkNodes, this.src, this.errors);
    if (this.errors.length > 0) return undefined;
    const node = this.elems[0] as SyntaxNode;
    this.elems.length = 0;
    return node;
  }

  /** See parseBindingRunAt. */
  runBindingRun(run: RunContext, stop: number): ParsedRun | undefined {
    if (this.count === 0 || isTrivia(this.kinds[0]!)) return undefined;
    this.depth = run.depth;
    this.lastEnd = run.lastEnd;
    for (const [k, n] of run.awaited) this.ctx[k] = n;
    this.stopAt = stop;
    // the container stands for the list; its children become the list's
    this.marks.push(0);
    const container = this.pushNode(K.Root);
    this.parseBindings(run.term);
    if (this.bailed || this.s >= this.count) return undefined;
    // everything up to `stop`, nothing after it: the token there is the next significant one
    let j = this.i;
    while (j < this.count && this.starts[j]! < stop) j++;
    if (this.starts[j] !== stop || this.s < j || this.i > j) return undefined;
    for (let q = this.i; q < j; q++) this.addToken(q);
    this.i = j;
    this.close();
    this.elems.length = 0;
    for (const e of this.errors) if (e.code === "nested-too-deeply" || e.code === "parser-stuck") return undefined;
    const elements = container.children;
    return { elements, errors: this.errors, store: this.store, checkNodes: this.checkedNodes };
  }

  // ---------------------------------------------------------------- tokens

  private skipTrivia(j: number): number {
    const k = this.kinds;
    while (j < this.count && isTrivia(k[j]!)) j++;
    return j;
  }
  private cur(): K {
    return this.s < this.count ? (this.kinds[this.s]! as K) : K.Eof;
  }
  /** Kind of the n-th significant token after the current one (n=0 is current). */
  private nth(n: number): K {
    let j = this.s;
    while (n > 0 && j < this.count) {
      j = this.skipTrivia(j + 1);
      n--;
    }
    return j < this.count ? (this.kinds[j]! as K) : K.Eof;
  }
  private curStart(): number {
    return this.starts[this.s]!;
  }
  private curEnd(): number {
    return this.s < this.count ? this.starts[this.s + 1]! : this.src.length;
  }
  private curText(): string {
    return this.src.slice(this.curStart(), this.curEnd());
  }
  /** Is there a line break in the trivia before the current token? */
  private newlineBefore(): boolean {
    for (let j = this.s - 1; j >= 0 && isTrivia(this.kinds[j]!); j--) {
      if (this.kinds[j] !== K.Whitespace) continue;
      const a = this.starts[j]!,
        b = this.starts[j + 1]!;
      for (let q = a; q < b; q++) {
        const c = this.src.charCodeAt(q);
        if (c === 10 || c === 13) return true;
      }
    }
    return false;
  }

  /** Tokens go in as indices; SyntaxNode makes the objects when its children are first read. */
  private addToken(j: number) {
    this.elems.push(j);
  }
  private flush() {
    for (let j = this.i; j < this.s; j++) this.addToken(j);
    this.i = this.s;
  }
  private bump() {
    this.idle = 0;
    if (this.s >= this.count) return;
    this.flush();
    this.addToken(this.s);
    this.lastEnd = this.starts[this.s + 1]!;
    this.i = this.s + 1;
    this.s = this.skipTrivia(this.i);
  }
  private open(kind: K): void {
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
  private pushNode(kind: K): SyntaxNode {
    const n = new SyntaxNode(kind, EMPTY);
    n.parent = this.top;
    this.openNodes.push(n);
    this.top = n;
    return n;
  }
  private close(): SyntaxNode {
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
  /**
   * Safety net: every loop that parses makes progress (consumes a token) or
   * ends, and the tests hammer that; should a bug ever break it, stop at the
   * end instead of spinning forever (the rest of the text still ends up in
   * the tree, so it stays lossless).
   */
  private tick(): void {
    if (++this.idle < 1_000_000) return;
    this.error("internal parser error: no progress; the rest of the file was not parsed", this.curStart(), this.src.length, "parser-stuck");
    this.s = this.count;
  }
  /** Hand the innermost open node to the post-parse checks. */
  private flagOpenNode(): void {
    this.flags[this.marks.length - 1] = 1;
  }
  /** Reopen the just-closed `n` (the last finished element) as the first child of a new node. */
  private precede(n: Built, kind: K): void {
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
  private leaf(kind: K): Built {
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
  private plainString(kind: K, closer: K): Built | undefined {
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
  private startOf(e: SyntaxElement | number): number {
    if (typeof e !== "number") return (e as SyntaxNode).builtStart;
    return this.starts[e >= 0 ? e : leafFirstToken(e)]!;
  }
  /** Where a finished element ends. */
  private endOf(e: SyntaxElement | number): number {
    if (typeof e !== "number") return (e as SyntaxNode).builtEnd;
    return this.starts[(e >= 0 ? e : leafLastToken(e, this.kinds)) + 1]!;
  }
  /** The element finished last. */
  private last(): SyntaxElement | number {
    return this.elems[this.elems.length - 1]!;
  }

  // ---------------------------------------------------------------- errors

  private error(message: string, start: number, end: number, code = "syntax") {
    // past the depth limit the rest is one error; the cascade would say nothing new
    if ((this.bailed || this.quiet > 0) && code === "syntax") return;
    const last = this.errors[this.errors.length - 1];
    // one error per place: cascades at the same token add nothing
    if (last && last.start === start && code === "syntax" && last.code === "syntax") return;
    if (code === "syntax" && this.lexErrorStarts.has(start)) return;
    this.errors.push({ message, start, end, code });
  }
  private errorAtCur(message: string, code = "syntax") {
    // right after a string the lexer cut short: its `;` or `}` is probably inside the string
    if (this.cutEnds !== undefined && this.cutEnds.has(this.lastEnd)) return;
    if (this.s >= this.count) {
      // the lexer already said the string or comment runs to the end: "found end of file" adds nothing
      if (this.unterminated) return;
      // at the end, point just after the last real token, where the missing piece belongs
      // (a squiggle on an empty last line is easy to miss; Nix reports there too)
      this.error(message, this.lastEnd, this.lastEnd, code);
      return;
    }
    this.error(message, this.curStart(), this.curEnd(), code);
  }
  private found(): string {
    const k = this.cur();
    if (k === K.Eof) return "end of file";
    if (k === K.Ident) return `'${this.curText()}'`;
    return displayKind(k);
  }
  private lineOf(offset: number): number {
    if (!this.lineStarts) {
      const ls = [0];
      for (let q = 0; q < this.src.length; q++) if (this.src.charCodeAt(q) === 10) ls.push(q + 1);
      this.lineStarts = ls;
    }
    const ls = this.lineStarts;
    let lo = 0,
      hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  private expect(kind: K, message: string): boolean {
    if (this.cur() === kind) {
      this.bump();
      return true;
    }
    this.errorAtCur(`${message}, found ${this.found()}`);
    return false;
  }
  private closerAwaited(): boolean {
    const c = this.ctx;
    return c[K.RBrace]! + c[K.In]! + c[K.RParen]! + c[K.RBrack]! + c[K.InterpEnd]! > 0;
  }
  /** Does an enclosing construct wait for this token? Then recovery must stop at it. */
  private awaited(k: K): boolean {
    return this.ctx[k]! > 0;
  }

  /** Too deep: swallow the rest of this construct iteratively into one error node. */
  private tooDeep(): void {
    if (!this.bailed)
      this.errorAtCur("expression nested too deeply: the parser stops here and skips the rest of it", "nested-too-deeply");
    this.bailed = true;
    this.open(K.Error);
    let balance = 0;
    for (;;) {
      const k = this.cur();
      if (k === K.Eof) break;
      if (k === K.LParen || k === K.LBrack || k === K.LBrace || k === K.DollarCurly) balance++;
      else if (k === K.RParen || k === K.RBrack || k === K.RBrace || k === K.InterpEnd) {
        if (balance === 0) break;
        balance--;
      } else if (balance === 0 && (k === K.Semicolon || k === K.Comma || k === K.Then || k === K.Else || k === K.In))
        break;
      this.bump();
    }
    this.close();
  }

  // ---------------------------------------------------------------- expressions

  /** expr: a full expression (lambda, let, if, with, assert or operators). */
  /**
   * `what` names the expected expression in messages; for a binding's value
   * pass its attribute path as `valueOf` instead, so the name is only sliced
   * out of the source when there is an error to report.
   */
  private parseExpr(what0: string, valueOf?: Built): void {
    this.tick();
    let k = this.cur();
    // `name =` never starts an expression: this one is missing, and what
    // follows is the next binding (typically a value not typed yet)
    if ((k === K.Ident || k === K.Quote) && this.looksLikeBinding()) {
      const what = valueOf ? `the value of \`${this.attrPathText(valueOf)}\`` : what0 || "an expression";
      // (a run parsed alone sits in a list, never at the top)
      if (this.openNodes.length <= 1 && this.stopAt < 0)
        this.errorAtCur(`expected an expression, found a binding (\`${this.bindingNameAhead()} = ...\`) outside of { } or let ... in`);
      else this.errorAtCur(`expected ${what}, found the next binding (\`${this.bindingNameAhead()} = ...\`)`);
      return;
    }
    if (!EXPR_START[k]) {
      const what = valueOf ? `the value of \`${this.attrPathText(valueOf)}\`` : what0;
      if (k === K.Eof || STOP[k]) {
        this.errorAtCur(what ? `expected ${what}, found ${this.found()}` : `unexpected ${this.found()}`);
        return;
      }
      // stray tokens: one error node, then try again
      this.errorAtCur(what ? `expected ${what}, found ${this.found()}` : `unexpected ${this.found()}`);
      this.open(K.Error);
      while (!STOP[this.cur()] && !EXPR_START[this.cur()]) this.bump();
      this.close();
      k = this.cur();
      if (!EXPR_START[k]) return;
    }
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return;
    }
    this.depth++;
    switch (k) {
      case K.Let:
        if (this.nth(1) === K.LBrace) this.parseBinary(0);
        else this.parseLetIn();
        break;
      case K.If:
        this.parseIf();
        break;
      case K.With:
        this.parseWithAssert(K.WithExpr);
        break;
      case K.Assert:
        this.parseWithAssert(K.AssertExpr);
        break;
      case K.Ident: {
        const n1 = this.nth(1);
        if (n1 === K.Colon) this.parseSimpleLambda();
        else if (n1 === K.At) this.parsePatternLambda();
        else this.parseBinary(0);
        break;
      }
      case K.LBrace:
        if (this.looksLikePattern()) this.parsePatternLambda();
        else this.parseBinary(0);
        break;
      default:
        this.parseBinary(0);
    }
    this.depth--;
  }

  private looksLikePattern(): boolean {
    const t1 = this.nth(1);
    if (t1 === K.Ellipsis) return true;
    if (t1 === K.RBrace) {
      const t2 = this.nth(2);
      return t2 === K.Colon || t2 === K.At;
    }
    if (t1 === K.Ident) {
      const t2 = this.nth(2);
      if (t2 === K.Comma || t2 === K.Question || t2 === K.RBrace) return true;
      // neither reads as a binding (`a =`, `a.b`): broken either way, so let
      // a `}:` / `}@` further on decide (only reached on invalid input)
      if (t2 !== K.Assign && t2 !== K.Dot) return this.closedByColon();
    }
    return false;
  }

  /** Does the `{` at the current token close with a `}` followed by `:` or `@`? Bounded scan. */
  private closedByColon(): boolean {
    let depth = 0;
    for (let j = this.s, steps = 0; j < this.count && steps < 2000; j++, steps++) {
      const k = this.kinds[j]!;
      if (k === K.LBrace) depth++;
      else if (k === K.RBrace) {
        if (--depth === 0) {
          const n = this.kinds[this.skipTrivia(j + 1)];
          return n === K.Colon || n === K.At;
        }
      }
    }
    return false;
  }

  private parseLetIn() {
    this.open(K.LetIn);
    const at = this.curStart();
    this.bump(); // let
    this.ctx[K.In]++;
    this.parseBindings(K.In);
    this.ctx[K.In]--;
    if (this.cur() === K.In) {
      this.bump();
      this.parseExpr("the body of 'let ... in'");
    } else this.errorAtCur(`expected 'in' to end the bindings of the 'let' on line ${this.lineOf(at)}, found ${this.found()}`);
    this.close();
  }

  private parseIf() {
    this.open(K.IfElse);
    this.bump();
    this.ctx[K.Then]++;
    this.parseExpr("a condition after 'if'");
    this.ctx[K.Then]--;
    if (this.expect(K.Then, "expected 'then' after the condition of 'if'")) {
      this.ctx[K.Else]++;
      this.parseExpr("an expression after 'then'");
      this.ctx[K.Else]--;
      if (this.expect(K.Else, "expected 'else' (every 'if' needs one)")) this.parseExpr("an expression after 'else'");
    } else if (this.cur() === K.Else) {
      this.bump();
      this.parseExpr("an expression after 'else'");
    }
    this.close();
  }

  private parseWithAssert(kind: K) {
    const kw = kind === K.WithExpr ? "with" : "assert";
    this.open(kind);
    this.bump();
    this.ctx[K.Semicolon]++;
    this.parseExpr(kind === K.WithExpr ? "an attribute set after 'with'" : "a condition after 'assert'");
    this.ctx[K.Semicolon]--;
    if (this.expect(K.Semicolon, `expected ';' after the ${kw === "with" ? "attribute set of 'with'" : "condition of 'assert'"}`))
      this.parseExpr(`an expression after '${kw} ...;'`);
    this.close();
  }

  private parseIdentNode() {
    this.leaf(K.IdentExpr);
  }

  private parseSimpleLambda() {
    this.open(K.Lambda);
    this.parseIdentNode();
    this.bump(); // :
    this.parseExpr("the body of the function");
    this.close();
  }

  private parsePatternLambda() {
    this.open(K.Lambda);
    this.flagOpenNode(); // formals are checked for duplicates
    this.open(K.Pattern);
    if (this.cur() === K.Ident) {
      this.open(K.PatBind);
      this.parseIdentNode();
      this.bump(); // @
      this.close();
    }
    if (this.cur() === K.LBrace) this.parsePatternBody();
    else this.errorAtCur(`expected '{' after '@', found ${this.found()}`);
    if (this.cur() === K.At) {
      this.open(K.PatBind);
      this.bump();
      if (this.cur() === K.Ident) this.parseIdentNode();
      else this.errorAtCur(`expected a name after '@', found ${this.found()}`);
      this.close();
    }
    this.close();
    if (this.expect(K.Colon, "expected ':' after the function's argument pattern")) this.parseExpr("the body of the function");
    this.close();
  }

  private parsePatternBody() {
    this.bump(); // {
    this.ctx[K.RBrace]++;
    for (;;) {
      const k = this.cur();
      if (k === K.RBrace || k === K.Eof) break;
      if (k === K.Ellipsis) {
        this.bump();
        if (this.cur() !== K.RBrace) {
          this.errorAtCur(`'...' must be the last entry of an argument pattern, found ${this.found()}`);
          if (this.cur() === K.Comma) this.bumpAsError();
        }
        continue;
      }
      if (k === K.Ident) {
        this.open(K.PatEntry);
        this.parseIdentNode();
        if (this.cur() === K.Question) {
          this.bump();
          this.ctx[K.Comma]++;
          this.parseExpr("a default value after '?'");
          this.ctx[K.Comma]--;
        }
        this.close();
        const c = this.cur();
        if (c === K.Comma) {
          this.bump();
          continue;
        }
        if (c === K.RBrace) break;
        this.errorAtCur(`expected ',' or '}' in the argument pattern, found ${this.found()}`);
        if (c === K.Ident) continue;
        if (STOP[c] || c === K.Colon || c === K.At) break;
        this.bumpStrayRun();
        continue;
      }
      this.errorAtCur(`expected an argument name in the pattern, found ${this.found()}`);
      if (k === K.Comma || !STOP[k]) this.bumpStrayRun();
      else break;
    }
    this.ctx[K.RBrace]--;
    this.expect(K.RBrace, "expected '}' to close the argument pattern");
  }

  private bumpAsError() {
    this.open(K.Error);
    this.bump();
    this.close();
  }
  /** Stray tokens up to something recovery must not skip; at least one token. */
  private bumpStrayRun() {
    this.open(K.Error);
    this.bump();
    while (!STOP[this.cur()] && this.cur() !== K.Ident) this.bump();
    this.close();
  }

  // Pratt loop over binary operators.
  private parseBinary(min: number): Built | undefined {
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return undefined;
    }
    this.depth++;
    let lhs: Built | undefined;
    const k = this.cur();
    if (k === K.Bang || k === K.Minus) {
      this.open(K.UnaryOp);
      this.bump();
      if (EXPR_START[this.cur()] && !this.startsNonOperand() && !this.bindingAhead())
        this.parseBinary(k === K.Bang ? NOT_OPERAND : NEG_OPERAND);
      else this.missingOperand(k === K.Bang ? "!" : "-");
      lhs = this.close();
    } else {
      lhs = this.parseApp();
    }
    if (!lhs) {
      this.depth--;
      return undefined;
    }
    for (;;) {
      const op = this.cur();
      const level = op < 128 ? LEVEL[op]! : 0;
      if (level === 0 || level < min) break;
      if (op === K.Question) {
        this.precede(lhs, K.HasAttr);
        this.bump();
        this.parseAttrPath("an attribute name after '?'");
        lhs = this.close();
        continue;
      }
      this.precede(lhs, K.BinaryOp);
      const opText = this.curText();
      this.bump();
      if (EXPR_START[this.cur()] && !this.startsNonOperand() && !this.bindingAhead())
        this.parseBinary(RIGHT_ASSOC.has(level) ? level : level + 1);
      else this.missingOperand(opText);
      lhs = this.close();
      if (NON_ASSOC.has(level) && LEVEL[this.cur()] === level) {
        this.errorAtCur(
          `comparison operators do not chain: add parentheses, e.g. (a ${opText} b) ${this.curText()} c`,
          "comparison-chain",
        );
      }
    }
    this.depth--;
    return lhs;
  }

  /** No operand after an operator; an `if`/`let`/lambda there is kept, in an error node. */
  private missingOperand(op: string) {
    if (this.bindingAhead()) {
      this.errorAtCur(`expected an expression after '${op}', found the next binding (\`${this.bindingNameAhead()} = ...\`)`);
      return;
    }
    if (!this.startsNonOperand()) {
      this.errorAtCur(`expected an expression after '${op}', found ${this.found()}`);
      return;
    }
    const what = this.cur() === K.Ident || this.cur() === K.LBrace ? "a function" : `${this.found()} expression`;
    this.errorAtCur(`${what} after '${op}' needs parentheses, e.g. ${op === "!" || op === "-" ? op : `x ${op}`} (...)`);
    this.open(K.Error);
    this.parseExpr("");
    this.close();
  }

  /** Constructs that cannot be operands without parentheses. */
  private startsNonOperand(): boolean {
    const k = this.cur();
    if (k === K.If || k === K.With || k === K.Assert) return true;
    if (k === K.Let) return this.nth(1) !== K.LBrace;
    if (k === K.Ident) {
      const n = this.nth(1);
      return n === K.Colon || n === K.At;
    }
    if (k === K.LBrace) return this.looksLikePattern();
    return false;
  }

  private canStartAtom(): boolean {
    const k = this.cur();
    if (ATOM_START[k]) return true;
    return k === K.Let && this.nth(1) === K.LBrace;
  }

  private parseApp(): Built | undefined {
    let lhs = this.parseSelect();
    if (!lhs) {
      // if/let/with/assert/lambda as an operand: Nix wants parentheses
      if (EXPR_START[this.cur()]) {
        this.errorAtCur(`this ${this.found()} expression needs parentheses here`);
        this.open(K.Error);
        this.parseExpr("");
        return this.close();
      }
      this.errorAtCur(`expected an expression, found ${this.found()}`);
      return undefined;
    }
    while (this.canStartAtom() && !this.bindingAhead()) {
      // a real `{ a, b }: ...` ends the application (it needs parentheses); a `{ a, ...`
      // that no `}:` closes is a broken set, reported inside it where Nix reports it
      if (this.cur() === K.LBrace && this.looksLikePattern() && this.closedByColon()) break;
      this.precede(lhs, K.Apply);
      this.parseSelect();
      lhs = this.close();
    }
    // `f if ...`, `f let ...`: no valid expression goes on like this, so say
    // what is wrong and keep the construct (in an error node) as the argument
    const k = this.cur();
    if (k === K.If || k === K.With || k === K.Assert || (k === K.Let && this.nth(1) !== K.LBrace)) {
      this.errorAtCur(`${this.found()} expression as a function argument needs parentheses, e.g. f (${this.curText()} ...)`);
      this.precede(lhs, K.Apply);
      this.open(K.Error);
      this.parseExpr("");
      this.close();
      lhs = this.close();
    }
    return lhs;
  }

  /**
   * Recovery for a missing `;`: the current token reads as `name =` /
   * `a.b.c =` / `"s" =`. Such a token can never continue a valid expression
   * (no expression is followed by `=`), so stopping here changes nothing for
   * valid input, and the next binding is not eaten as an argument.
   */
  private bindingAhead(): boolean {
    const k = this.cur();
    if (k !== K.Ident && k !== K.Quote) return false;
    return this.looksLikeBinding();
  }
  /** The attribute path of the binding starting at the current token, for messages. */
  private bindingNameAhead(): string {
    let j = this.s;
    while (j < this.count && this.kinds[j] !== K.Assign) j++;
    const t = this.src.slice(this.curStart(), this.starts[j]).trim().replace(/\s+/g, " ");
    return t.length > 40 ? t.slice(0, 37) + "..." : t;
  }
  private looksLikeBinding(): boolean {
    let j = this.s;
    for (let steps = 0; steps < 64; steps++) {
      const k = this.kinds[j];
      if (k === K.Ident || k === K.OrKw) j = this.skipTrivia(j + 1);
      else if (k === K.Quote) {
        j++;
        while (j < this.count && (this.kinds[j] === K.StrFragment || this.kinds[j] === K.StrEscape)) j++;
        if (this.kinds[j] !== K.Quote) return false;
        j = this.skipTrivia(j + 1);
      } else return false;
      if (j >= this.count) return false;
      if (this.kinds[j] === K.Assign) return true;
      if (this.kinds[j] !== K.Dot) return false;
      j = this.skipTrivia(j + 1);
    }
    return false;
  }

  private parseSelect(): Built | undefined {
    const atom = this.parseAtom();
    if (!atom) return undefined;
    const k = this.cur();
    if (k === K.Dot) {
      this.precede(atom, K.Select);
      this.bump();
      this.parseAttrPath("an attribute name after '.'");
      if (this.cur() === K.OrKw) {
        this.bump();
        if (this.depth >= MAX_DEPTH) this.tooDeep();
        else if (this.canStartAtom() && !this.bindingAhead()) {
          this.depth++;
          this.parseSelect();
          this.depth--;
        } else this.errorAtCur(`expected a default value after 'or', found ${this.found()}`);
      }
      return this.close();
    }
    if (k === K.OrKw) {
      // Nix reads `f or` as `f` applied to a variable named `or`
      this.precede(atom, K.Apply);
      this.parseIdentNode();
      return this.close();
    }
    return atom;
  }

  private parseAtom(): Built | undefined {
    const k = this.cur();
    if (k === K.Ident || k === K.Int || k === K.Float || k === K.Uri || k === K.SearchPath) return this.parseAtomInner();
    if (!this.canStartAtom()) return undefined;
    if (this.depth >= MAX_DEPTH) {
      this.tooDeep();
      return this.last() as SyntaxNode;
    }
    this.depth++;
    const n = this.parseAtomInner();
    this.depth--;
    return n;
  }

  private parseAtomInner(): Built | undefined {
    switch (this.cur()) {
      case K.Ident:
        return this.leaf(K.IdentExpr);
      case K.Int:
      case K.Float:
        return this.leaf(K.Literal);
      case K.Uri:
        return this.leaf(K.UriExpr);
      case K.SearchPath:
        return this.leaf(K.SearchPathExpr);
      case K.PathFragment:
        this.open(K.Path);
        this.parsePathParts();
        break;
      case K.Quote: {
        const leaf = this.plainString(K.String, K.Quote);
        if (leaf !== undefined) return leaf;
        this.open(K.String);
        this.bump();
        this.parseStringParts(K.Quote, this.lastEnd - 1);
        break;
      }
      case K.IndQuote: {
        const leaf = this.plainString(K.IndString, K.IndQuote);
        if (leaf !== undefined) return leaf;
        this.open(K.IndString);
        this.bump();
        this.parseStringParts(K.IndQuote, this.lastEnd - 2);
        break;
      }
      case K.LParen: {
        this.open(K.Paren);
        const open = this.curStart();
        this.bump();
        this.ctx[K.RParen]++;
        this.parseExpr("an expression after '('");
        this.ctx[K.RParen]--;
        if (this.cur() !== K.RParen) this.recoverUntil(K.RParen);
        // the line is only worked out when the ')' is missing
        if (this.cur() === K.RParen) this.bump();
        else this.errorAtCur(`expected ')' to close the '(' on line ${this.lineOf(open)}, found ${this.found()}`);
        break;
      }
      case K.LBrack:
        this.parseList();
        break;
      case K.LBrace:
        this.open(K.AttrSet);
        this.parseBracedBindings("attribute set");
        break;
      case K.Rec:
        this.open(K.AttrSet);
        this.bump();
        if (this.cur() === K.LBrace) this.parseBracedBindings("attribute set");
        else this.errorAtCur(`expected '{' after 'rec', found ${this.found()}`);
        break;
      case K.Let:
        if (this.nth(1) !== K.LBrace) return undefined;
        this.open(K.LegacyLet);
        this.bump();
        this.parseBracedBindings("'let { }'");
        break;
      default:
        return undefined;
    }
    return this.close();
  }

  /** Inside (...): stray tokens before the `)` become one error node. */
  private recoverUntil(closer: K) {
    const k = this.cur();
    if (STOP[k] || this.awaited(k) || this.bindingAhead()) return;
    this.errorAtCur(`unexpected ${this.found()}`);
    this.open(K.Error);
    while (!STOP[this.cur()] && this.cur() !== closer && !this.bindingAhead()) {
      if (EXPR_START[this.cur()]) {
        const before = this.s;
        this.parseExpr("");
        if (this.s === before) this.bump();
      } else this.bump();
    }
    this.close();
  }

  private parseBracedBindings(what: string) {
    const open = this.curStart();
    this.bump(); // {
    this.ctx[K.RBrace]++;
    this.parseBindings(K.RBrace);
    this.ctx[K.RBrace]--;
    if (this.cur() === K.RBrace) {
      if (this.suspectOpenLine === 0 && this.misindented(open, this.curStart())) this.suspectOpenLine = this.lineOf(open);
      this.bump();
    } else {
      const line = this.lineOf(open);
      const hint =
        this.cur() === K.Eof && this.suspectOpenLine > line
          ? ` (by indentation, the '{' on line ${this.suspectOpenLine} may be the one missing its '}')`
          : "";
      this.errorAtCur(`expected '}' to close the ${what} opened on line ${line}${hint}, found ${this.found()}`);
    }
  }

  /**
   * A `}` first on its line but left of the indentation of the line holding
   * its `{`: it probably closes an outer set, and this one lacks its `}`.
   * Only used to word an error that exists anyway.
   */
  private misindented(open: number, close: number): boolean {
    const src = this.src;
    let a = close;
    while (a > 0 && (src.charCodeAt(a - 1) === 32 || src.charCodeAt(a - 1) === 9)) a--;
    if (a > 0 && src.charCodeAt(a - 1) !== 10) return false;
    const closeCol = close - a;
    let b = open;
    while (b > 0 && src.charCodeAt(b - 1) !== 10) b--;
    let indent = 0;
    while (src.charCodeAt(b + indent) === 32 || src.charCodeAt(b + indent) === 9) indent++;
    return closeCol < indent;
  }

  private parseList() {
    this.open(K.List);
    const open = this.curStart();
    this.bump();
    this.ctx[K.RBrack]++;
    for (;;) {
      this.tick();
      const k = this.cur();
      if (k === K.RBrack || k === K.Eof) break;
      // `name =`: the `]` is missing and the next binding starts here
      if ((k === K.Ident || k === K.Quote) && this.bindingAhead()) break;
      if (this.canStartAtom()) {
        this.parseSelect();
        continue;
      }
      if (k === K.Comma) {
        this.errorAtCur("list elements are separated by spaces, not commas");
        this.bumpAsError();
        continue;
      }
      if (STOP[k] && (k !== K.RBrace && k !== K.RParen && k !== K.InterpEnd ? true : this.awaited(k))) break;
      if (EXPR_START[k] || LEVEL[k]) {
        this.errorAtCur(
          k === K.Minus
            ? "negative numbers and other operators in a list need parentheses, e.g. [ (-1) ]"
            : `this ${this.found()} needs parentheses inside a list`,
        );
      } else this.errorAtCur(`unexpected ${this.found()} in a list`);
      this.open(K.Error);
      if (EXPR_START[k] && !ATOM_START[k] && k !== K.Minus && k !== K.Bang) this.parseExpr("");
      else this.bump();
      this.close();
    }
    this.ctx[K.RBrack]--;
    if (this.cur() === K.RBrack) this.bump();
    else this.errorAtCur(`expected ']' to close the list opened on line ${this.lineOf(open)}, found ${this.found()}`);
  }

  // ---------------------------------------------------------------- strings and paths

  private parseInterpolation() {
    this.open(K.Interpolation);
    this.bump(); // ${
    this.ctx[K.InterpEnd]++;
    this.parseExpr("an expression after '${'");
    this.ctx[K.InterpEnd]--;
    if (this.cur() !== K.InterpEnd && this.cur() !== K.Eof) {
      // the lexer knows which `}` closes this `${`: everything before it is junk
      this.errorAtCur(`expected '}' to end the interpolation, found ${this.found()}`);
      this.open(K.Error);
      let balance = 0;
      while (this.cur() !== K.Eof) {
        const k = this.cur();
        if (k === K.DollarCurly) balance++;
        else if (k === K.InterpEnd) {
          if (balance === 0) break;
          balance--;
        }
        this.bump();
      }
      this.close();
    }
    this.expect(K.InterpEnd, "expected '}' to end the interpolation");
    this.close();
  }

  private parseString() {
    if (this.plainString(K.String, K.Quote) !== undefined) return;
    this.open(K.String);
    this.bump();
    this.parseStringParts(K.Quote, this.lastEnd - 1);
    this.close();
  }
  private parseStringParts(closer: K, opener: number) {
    for (;;) {
      const k = this.cur();
      if (k === K.StrFragment || k === K.StrEscape) this.bump();
      else if (k === K.DollarCurly) this.parseInterpolation();
      else if (k === closer) {
        this.bump();
        return;
      } else {
        // only reachable at the end of input (the lexer already reported it) or after a broken interpolation
        // (or where the lexer cut a runaway string short: it reported that at the opening quote)
        if (k !== K.Eof && !this.lexErrorStarts.has(opener)) this.errorAtCur(`expected the end of the string, found ${this.found()}`);
        return;
      }
    }
  }

  private parsePathParts() {
    let end = this.curEnd();
    this.bump();
    let interpolated = false;
    for (;;) {
      // continuation tokens touch the previous one: no trivia can separate them
      if (this.i !== this.s || this.s >= this.count || this.starts[this.s] !== end) break;
      const k = this.cur();
      if (k === K.DollarCurly) {
        this.parseInterpolation();
        interpolated = true;
        if (this.i === 0) break;
        end = this.starts[this.i]!;
        if (this.kinds[this.i - 1] !== K.InterpEnd) break;
      } else if (k === K.PathFragment) {
        if (!interpolated) this.errorAtCur("unexpected path continuation: only '${' may follow a path directly");
        end = this.curEnd();
        this.bump();
      } else break;
    }
  }

  // ---------------------------------------------------------------- bindings

  /**
   * Bindings up to `term`. On the way, the first name of every binding is
   * hashed: if none repeats and all are plain identifiers, no duplicate or
   * dynamic-name error is possible at this level and the enclosing node is
   * not handed to the checks (they would have to walk the finished tree,
   * which costs more than the parse itself on big files).
   */
  private parseBindings(term: K) {
    let seen: Map<number, number> | undefined;
    let flagged = false;
    // a run parsed alone (runBindingRun) ends where the next element starts
    const stop = this.openNodes.length === 1 ? this.stopAt : -1;
    for (;;) {
      this.tick();
      const k = this.cur();
      if (k === term || k === K.Eof) break;
      if (stop >= 0 && this.curStart() >= stop) break;
      if (k === K.Inherit) {
        const from = this.s;
        this.parseInherit();
        if (!flagged) {
          flagged = this.noteInheritNames(from, (seen ??= new Map()));
        }
        continue;
      }
      if (k === K.Ident || k === K.OrKw) {
        const j = this.s;
        this.parseBinding();
        if (!flagged) flagged = this.notePath(j, (seen ??= new Map()));
        continue;
      }
      if (k === K.Quote || k === K.DollarCurly) {
        const j = this.s;
        this.parseBinding();
        if (!flagged) flagged = term === K.In ? true : this.notePath(j, (seen ??= new Map()));
        continue;
      }
      if (k === K.Assign) {
        flagged = true; // a binding without a name: leave it to the full check
        this.parseBinding();
        continue;
      }
      // a closer some enclosing construct waits for ends these bindings
      if (
        (k === K.RBrace || k === K.In || k === K.RParen || k === K.RBrack || k === K.InterpEnd || k === K.Then || k === K.Else) &&
        this.awaited(k)
      )
        break;
      this.errorAtCur(
        `unexpected ${this.found()}: expected a binding like \`name = value;\`${term === K.In ? " or 'in'" : " or '}'"}`,
      );
      this.open(K.Error);
      this.bumpOrBalanced();
      for (;;) {
        const c = this.cur();
        if (c === K.Eof || c === term || c === K.Inherit) break;
        if (c === K.Semicolon) {
          this.bump();
          break;
        }
        if ((c === K.Ident || c === K.Quote || c === K.OrKw) && this.looksLikeBinding()) break;
        if (this.awaited(c) && (STOP[c] || c === K.In)) break;
        this.bumpOrBalanced();
      }
      this.close();
    }
    if (flagged) this.flagOpenNode();
  }

  /** FNV-1a hash of token j's text, read in place. */
  private nameHash(j: number): number {
    const src = this.src;
    let h = 0x811c9dc5;
    for (let q = this.starts[j]!, e = this.starts[j + 1]!; q < e; q++) h = Math.imul(h ^ src.charCodeAt(q), 16777619);
    return h;
  }

  /**
   * Record the attribute path of the binding starting at token j in `seen`
   * (path hash -> PATH_FULL / PATH_PREFIX bits). True when the set needs the
   * full check: a path equal to, or a prefix of, another one (`a.b` after
   * `a`), or a name that is not a plain identifier. Paths that are all
   * distinct and prefix-free (`boot.loader.x`, `boot.kernel`) cannot clash.
   */
  private notePath(j: number, seen: Map<number, number>): boolean {
    let h = 0;
    for (let steps = 0; steps < 256; steps++) {
      const k = this.kinds[j];
      let part: number;
      if (k === K.Ident || k === K.OrKw) part = this.nameHash(j);
      else if (k === K.Quote) {
        // "name": one plain fragment (or none) reads like an identifier
        const f = this.kinds[j + 1];
        if (f === K.Quote) {
          part = 0x811c9dc5;
          j += 1;
        }
        else if (f === K.StrFragment && this.kinds[j + 2] === K.Quote && !this.hasCR(j + 1)) {
          part = this.nameHash(j + 1);
          j += 2;
        } else return true;
      } else if (k === K.DollarCurly) {
        // `${x}`: Nix checks nothing at or below a computed name; `${"a"}` is static, though
        const e = this.kinds[this.skipTrivia(j + 1)];
        return e === K.Quote || e === K.LParen || e === K.IndQuote;
      } else return true;
      h = Math.imul(h ^ part, 16777619) ^ 0x2e;
      j = this.skipTrivia(j + 1);
      const next = this.kinds[j];
      const m = seen.get(h) ?? 0;
      if (next === K.Dot) {
        if (m & PATH_FULL) return true;
        seen.set(h, m | PATH_PREFIX);
        j = this.skipTrivia(j + 1);
        continue;
      }
      if (next !== K.Assign || m !== 0) return true;
      seen.set(h, PATH_FULL);
      return false;
    }
    return true;
  }

  private hasCR(j: number): boolean {
    for (let q = this.starts[j]!, e = this.starts[j + 1]!; q < e; q++) if (this.src.charCodeAt(q) === 13) return true;
    return false;
  }

  /** Record the names an `inherit` (tokens from..s) adds, as notePath does. */
  private noteInheritNames(from: number, seen: Map<number, number>): boolean {
    let depth = 0;
    for (let j = from + 1; j < this.s; j++) {
      const k = this.kinds[j]!;
      if (k === K.LParen) depth++;
      else if (k === K.RParen) depth--;
      else if (depth > 0 || isTrivia(k)) continue;
      else if (k === K.Ident || k === K.OrKw) {
        const h = Math.imul(this.nameHash(j), 16777619) ^ 0x2e;
        if (seen.has(h)) return true;
        seen.set(h, PATH_FULL);
      } else if (k === K.Quote || k === K.DollarCurly) return true;
    }
    return false;
  }

  /** Skip one stray token; a bracket is parsed whole, so its closer is not mistaken for ours. */
  private bumpOrBalanced() {
    const k = this.cur();
    if (k === K.LBrace || k === K.LParen || k === K.LBrack) {
      // already reported as stray: errors inside it would only repeat that
      this.quiet++;
      this.parseSelect();
      this.quiet--;
    } else this.bump();
  }

  private attrPathText(n: Built | undefined): string {
    if (n === undefined) return "";
    const t = this.src.slice(this.startOf(n), this.endOf(n)).replace(/\s+/g, " ");
    return t.length > 60 ? t.slice(0, 57) + "..." : t;
  }

  private parseBinding() {
    this.open(K.Binding);
    let path: Built | undefined;
    if (this.cur() === K.Assign) this.errorAtCur("expected an attribute name before '='");
    else path = this.parseAttrPath("an attribute name");
    if (this.cur() === K.Assign) {
      this.bump();
      this.ctx[K.Semicolon]++;
      this.parseExpr("a value after '='", path);
      this.ctx[K.Semicolon]--;
    } else {
      this.errorAtCur(
        `expected '=' after \`${this.attrPathText(path)}\`${this.ctx[K.In]! > 0 && this.ctx[K.RBrace] === 0 ? " (or 'in' before it)" : ""}, found ${this.found()}`,
      );
      if (this.cur() === K.Semicolon) this.bump();
      this.close();
      return;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else if (this.cur() === K.Eof && this.closerAwaited()) {
      // the enclosing `}` / `in` is missing too: its error says more than this one
    } else {
      this.errorAtCur(`expected ';' after the value of \`${this.attrPathText(path)}\`, found ${this.found()}`);
      // junk on the same line before a `;` belongs to this binding
      if (!this.newlineBefore() && !STOP[this.cur()] && !this.awaited(this.cur()) && !this.bindingAhead()) {
        this.open(K.Error);
        while (!STOP[this.cur()] && !this.bindingAhead()) this.bump();
        this.close();
        if (this.cur() === K.Semicolon) this.bump();
      }
    }
    this.close();
  }

  private parseInherit() {
    this.open(K.Inherit_);
    this.bump();
    if (this.cur() === K.LParen) {
      this.open(K.InheritFrom);
      this.bump();
      this.ctx[K.RParen]++;
      this.parseExpr("an expression after 'inherit ('");
      this.ctx[K.RParen]--;
      this.expect(K.RParen, "expected ')' after the source of 'inherit'");
      this.close();
    }
    for (;;) {
      const k = this.cur();
      // the `;` is missing and the next binding starts here
      if ((k === K.Ident || k === K.OrKw || k === K.Quote) && this.looksLikeBinding()) break;
      if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
      else if (k === K.Quote) this.parseString();
      else if (k === K.DollarCurly) {
        this.parseDynamic();
        this.flagOpenNode();
      }
      else break;
    }
    if (this.cur() === K.Semicolon) this.bump();
    else this.errorAtCur(`expected ';' after 'inherit', found ${this.found()}`);
    this.close();
  }

  private parseDynamic() {
    this.open(K.Dynamic);
    this.bump();
    this.ctx[K.InterpEnd]++;
    this.parseExpr("an expression after '${'");
    this.ctx[K.InterpEnd]--;
    this.expect(K.InterpEnd, "expected '}' to end the dynamic attribute name");
    this.close();
  }

  private parseAttrPath(what: string): Built | undefined {
    if (!this.isAttrStart()) {
      this.errorAtCur(`expected ${what}, found ${this.found()}`);
      return undefined;
    }
    // one identifier and no dot after it (the usual `name = ...`): a leaf
    const k = this.cur();
    if ((k === K.Ident || k === K.OrKw) && this.kinds[this.skipTrivia(this.s + 1)] !== K.Dot) return this.leaf(K.AttrPath);
    this.open(K.AttrPath);
    this.parseAttr();
    while (this.cur() === K.Dot) {
      this.bump();
      if (this.isAttrStart()) this.parseAttr();
      else {
        this.errorAtCur(`expected an attribute name after '.', found ${this.found()}`);
        break;
      }
    }
    return this.close();
  }
  private isAttrStart(): boolean {
    const k = this.cur();
    return k === K.Ident || k === K.OrKw || k === K.Quote || k === K.DollarCurly;
  }
  private parseAttr() {
    const k = this.cur();
    if (k === K.Ident || k === K.OrKw) this.parseIdentNode();
    else if (k === K.Quote) this.parseString();
    else this.parseDynamic();
  }
}

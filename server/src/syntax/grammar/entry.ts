// Where parsing starts: a whole file, or (for incremental re-parsing, see
// incremental.ts) one binding or a run of a binding list's elements alone.
// The grammar lives in the classes this one extends, lowest first: the
// machinery (parser/: cursor, tree builder, errors, depth limit, recovery),
// then strings, attribute paths, bindings, patterns, atoms, expressions.
import { SyntaxKind as K, displayKind, isTrivia } from "../kinds.js";
import { lex, lexRegion, lexRegionCut, regionCutsNothing, type PrefixStrings } from "../lexer/lex.js";
import { isLexTrigger } from "../lexer/runaway.js";
import type { TokenStream } from "../lexer/tokenStream.js";
import type { SourceText, SyntaxElement, SyntaxNode, TokenStore } from "../tree.js";
import { runChecks } from "../checks/run.js";
import { regionTokens } from "../parser/cursor.js";
import { lineages } from "../parser/lineage.js";
import type { ParseResult, SyntaxError } from "../parser/result.js";
import { ExpressionGrammar } from "./expressions.js";
import { EXPR_START } from "./tokenSets.js";

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const closed = lexed.closed;
  lexed.closed = undefined;
  const p = new Parser(text, { text }, 0, text.length, lexed);
  const result = p.run();
  lineages.set(result.tree, {
    source: p.source,
    stores: [p.tokenStore],
    checked: new WeakSet(p.checkedNodes),
    // (the strings lex found, for a string left open later: see PrefixStrings)
    prefixStrings: closed ? { text, end: text.length, minClose: Infinity, closed } : { text: "", end: 0, minClose: Infinity },
  });
  return result;
}

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
    // a lexer error may have the whole-text lexer cut a string before it (see lex)
    if (lr.stream.errors.some(isLexTrigger) && !regionCutsNothing(text, from, stop, prefix)) return undefined;
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

export interface ParsedParen {
  /** The new `( ... )` node, parent not set. */
  node: SyntaxNode;
  /** Errors in it, lexical and syntactic (the checks are the caller's: see checkNodes). */
  errors: SyntaxError[];
  store: TokenStore;
  checkNodes: SyntaxNode[];
}

/**
 * @internal Parses text[from, to) as one parenthesised expression, errors and
 * all, as the full parser parses it where `run` says it stands (the closers
 * enclosing constructs wait for, the depth; `term` unused). `lexed`: the
 * region's tokens, already known to lex as in the whole text (see
 * incremental.ts). Undefined unless the parse takes the region exactly, ending
 * with its `)`, and never needed to look past it (the scan that tells a broken
 * pattern from a set), nor gave up (depth).
 */
export function parseParenAt(text: string, source: SourceText, from: number, to: number, run: RunContext, lexed: TokenStream): ParsedParen | undefined {
  const p = new Parser(text, source, from, to, lexed);
  const node = p.runParen(run);
  return node ? { node, errors: p.syntaxErrors, store: p.tokenStore, checkNodes: p.checkedNodes } : undefined;
}

class Parser extends ExpressionGrammar {
  /** A lookahead scan reached the end of the region undecided: the whole text might decide it otherwise. */
  private ranOff = false;

  constructor(src: string, source: SourceText, from: number, to: number, lexed?: TokenStream) {
    super(src, source, regionTokens(src, from, to, lexed));
  }

  get syntaxErrors(): SyntaxError[] {
    return this.errors;
  }

  protected override closedByColon(): boolean {
    // (the answer is PatternGrammar's; this only notes when its scan, up to the matching `}` and
    // the token after it, within 2000 tokens, would need tokens past a region's end)
    let depth = 0;
    let decided = false;
    for (let j = this.s, steps = 0; j < this.count && steps < 2000 && !decided; j++, steps++) {
      const k = this.kinds[j]!;
      if (k === K.LBrace) depth++;
      else if (k === K.RBrace && --depth === 0) {
        if (this.skipTrivia(j + 1) >= this.count) this.ranOff = true;
        decided = true;
      }
      if (!decided && j + 1 >= this.count && steps + 1 < 2000) this.ranOff = true;
    }
    return super.closedByColon();
  }

  /** See parseParenAt. */
  runParen(run: RunContext): SyntaxNode | undefined {
    if (this.count === 0 || this.kinds[0] !== K.LParen || this.kinds[this.count - 1] !== K.RParen) return undefined;
    this.depth = run.depth;
    this.lastEnd = run.lastEnd;
    for (const [k, n] of run.awaited) this.ctx[k] = n;
    this.parseAtom();
    if (this.bailed || this.ranOff || this.s < this.count || this.i < this.count || this.top !== 1) return undefined;
    for (const e of this.errors) if (e.code === "nested-too-deeply" || e.code === "parser-stuck") return undefined;
    const e = this.elems[0];
    this.top = 0;
    if (!this.isNodeOf(e, K.Paren)) return undefined;
    const node = this.nodeOf(e!);
    // its own `)` closes it (not one an inner construct took, leaving it to run on in the whole text)
    const cs = node.children;
    const last = cs[cs.length - 1];
    if (last === undefined || last.kind !== K.RParen || last.start !== this.starts[this.count - 1]) return undefined;
    return node;
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
    const root = this.nodeOf(this.close());
    this.top = 0;
    root.respan(0, this.src.length);
    runChecks(this.checkedNodes, this.src, this.errors);
    this.errors.sort((a, b) => a.start - b.start || a.end - b.end);
    return { tree: root, errors: this.errors };
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
    if (this.top !== 1) return undefined;
    runChecks(this.checkedNodes, this.src, this.errors);
    if (this.errors.length > 0) return undefined;
    const e = this.elems[0]!;
    this.top = 0;
    if (!this.isNodeOf(e, K.Binding)) return undefined;
    return this.nodeOf(e);
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
    this.pushNode(K.Root);
    this.parseBindings(run.term);
    if (this.bailed || this.s >= this.count) return undefined;
    // everything up to `stop`, nothing after it: the token there is the next significant one
    let j = this.i;
    while (j < this.count && this.starts[j]! < stop) j++;
    if (this.starts[j] !== stop || this.s < j || this.i > j) return undefined;
    for (let q = this.i; q < j; q++) this.addToken(q);
    this.i = j;
    const container = this.nodeOf(this.close());
    this.top = 0;
    for (const e of this.errors) if (e.code === "nested-too-deeply" || e.code === "parser-stuck") return undefined;
    const elements = container.children;
    return { elements, errors: this.errors, store: this.store, checkNodes: this.checkedNodes };
  }
}

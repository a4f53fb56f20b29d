// Incremental re-parsing, the third way (see incremental.ts): one
// parenthesised expression parsed again alone, errors and all. It is what
// keeps a module inlined in `imports = [ ( ... ) ]` local while a `{` typed
// in it is not closed yet (Vim, Emacs, Helix: nothing closes by itself): the
// new set takes the module's later bindings, as in a full parse, and its
// error stops at the `)` the parentheses wait for, so the tree changes
// inside the parentheses only.
import { SyntaxKind as K, isTrivia } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import { parseParenAt, type RunContext } from "./grammar/entry.js";
import { lexPass } from "./lexer/pass.js";
import { cutInRegion, regionCutsNothing } from "./lexer/lex.js";
import type { TokenStream } from "./lexer/tokenStream.js";
import { isLexTrigger } from "./lexer/runaway.js";
import { MAX_DEPTH } from "./parser/depth.js";
import type { Lineage } from "./parser/lineage.js";
import type { ParseResult, SyntaxError } from "./parser/result.js";
import { runChecks } from "./checks/run.js";
import { DEPTH_PER_LEVEL, awaitedAbove, childHolding, inCode, shiftStores } from "./treeSplice.js";
import { settledPoints } from "./settledTail.js";

/** The changed span: old[start, oldEnd) became new[start, newEnd). */
interface Span {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The parenthesised expression `old` (out of the tree now) gave way to `next`; the whole tree's errors. */
interface Reparsed {
  errors: SyntaxError[];
  old: SyntaxNode;
  next: SyntaxNode;
}


/** Parenthesised expressions larger than this are not parsed again alone: a full parse is as quick. */
const MAX_PAREN_BYTES = 65_536;
/** How many enclosing parentheses are tried, innermost first. */
const MAX_PAREN_TRIES = 3;

/**
 * The edit lies inside a `( ... )` that is no binding's value: it is parsed
 * again alone, errors and all, where the full parser meets it (the same
 * closers awaited around it). Taken only when that is certain to give the
 * full parse: every old error lies inside it; it lexes on its own, ending in
 * code with nothing but plain `{` left open (outside every interpolation,
 * open or cut short before it, the text after it then lexes as before: a `}`
 * there closes one of those instead, a `}` all the same); its parse ends at the same `)`, having looked
 * at nothing past it. What the parser does before it cannot have changed
 * (the same tokens up to it), nor after it (the same state at its end).
 */
export function reparseParen(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: Span): Reparsed | undefined {
  let tries = 0;
  for (const { node, depth } of enclosingParens(old.tree, span.start, span.oldEnd)) {
    if (node.end - node.start > MAX_PAREN_BYTES || tries++ >= MAX_PAREN_TRIES) return undefined;
    const r = tryParen(old, lineage, oldText, newText, span, node, depth);
    if (r) return r;
  }
  return undefined;
}

function tryParen(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: Span, paren: SyntaxNode, depth: number): Reparsed | undefined {
  const delta = span.newEnd - span.oldEnd;
  const start = paren.start;
  const end = paren.end + delta;
  if (depth * DEPTH_PER_LEVEL + 16 >= MAX_DEPTH || end >= newText.length || !inCode(paren)) return undefined;
  // a binding's value (through parentheses) is read by its set's checks (`a = ({ b = 1; }); a.c = 2;`)
  let v: SyntaxNode = paren;
  while (v.parent && v.parent.kind === K.Paren) v = v.parent;
  if (v.parent?.kind === K.Binding) return undefined;
  // errors outside it stay as they are (moved), but for those that may not: a string or comment
  // left open (the whole text's lexer decides where to cut it), the parser giving up, a message
  // naming a line after the edit when the edit adds or removes lines, and one at the end of the file
  const lines = countBreaks(oldText, span.start, span.oldEnd) !== countBreaks(newText, span.start, span.newEnd);
  const kept: SyntaxError[] = [];
  for (const e of old.errors) {
    if (e.start > paren.start && e.end <= paren.end) continue;
    if (e.code.startsWith("unterminated") || e.code === "nested-too-deeply" || e.code === "parser-stuck") return undefined;
    if (e.start >= paren.end) {
      if (lines && /\bline\b/.test(e.message)) return undefined;
      // (one at the end of the file may name a `{` by the indentation of the `}`s before it, in it too)
      if (e.message.includes("end of file")) return undefined;
      kept.push({ ...e, start: e.start + delta, end: e.end + delta });
    } else if (e.end > paren.start) return undefined;
    else kept.push(e);
  }
  // a `${` before it that no `}` closed yet (stray in code, or a name's `${` cut short) is still
  // open to the lexer: a `{` left open in it would take the `}` that closes the `${`. Such a
  // `${` always leaves an error before the parentheses; with one there, a `${` in the text
  // before is enough to decline (a certain test would lex the whole prefix again)
  if (kept.length > 0 && kept[0]!.start < paren.start && oldText.lastIndexOf("${", paren.start - 2) >= 0) return undefined;
  const counts = new Map<K, number>();
  if (!awaitedAbove(paren, counts)) return undefined;
  const ctx: RunContext = { term: K.RParen, awaited: [...counts], depth: depth * DEPTH_PER_LEVEL + 8, lastEnd: significantEndBefore(paren) };
  // with a lexer error outside it, the whole text's lexer may cut a string over lines in it (see lex)
  if (kept.some(isLexTrigger)) return undefined;
  // lexed alone up to the `)` (one character more, so the pass stands at the boundary after it)
  const pass = lexPass(newText.slice(start, end + 1), NO_CUTS, -1, -1, true, false, end - start);
  let stream: TokenStream | undefined;
  if (pass.stoppedAt === end - start) {
    pass.stream.starts[pass.stream.count] = end - start;
    // (with a lexer error in it, only if no string before the error runs over lines: see lex)
    if (!pass.stream.errors.some(isLexTrigger) || regionCutsNothing(newText, start, end, lineage.prefixStrings)) stream = pass.stream;
  }
  // a string in it that the whole text's lexer cuts at its line's end (left open, or its quotes
  // pairing up the other way into lexer errors): taken when, cut, it ends as above, with no lexer
  // error left (the whole text's lexer would go on cutting)
  if (!stream) {
    // (the old tree, not touched yet, tells where the rest of the text lexes as before: see settledTail.ts)
    const prefix = lineage.prefixStrings;
    prefix.settled = settledPoints(old.tree, old.errors, span.newEnd, delta);
    let open: number;
    try {
      open = cutInRegion(newText, start, end, prefix);
    } finally {
      prefix.settled = undefined;
    }
    if (open < 0) return undefined;
    const cut = lexPass(newText.slice(start, end + 1), new Set([open - start]), -1, -1, true, false, end - start);
    if (cut.stoppedAt !== end - start || cut.triggers > 0) return undefined;
    stream = cut.stream;
    stream.starts[stream.count] = end - start;
  }

  lineage.source.text = newText;
  const sub = parseParenAt(newText, lineage.source, start, end, ctx, stream);
  if (!sub || sub.node.end !== end) {
    lineage.source.text = oldText;
    return undefined;
  }

  // from here on the old tree becomes the new one
  const parent = paren.parent!;
  parent.replaceChildNode(paren, sub.node);
  let child: SyntaxNode = sub.node;
  for (let a: SyntaxNode | null = parent; a !== null; child = a, a = a.parent) {
    a.end += delta;
    if (delta !== 0) a.shiftChildrenAfter(child, delta);
  }
  if (delta !== 0) shiftStores(lineage, span.oldEnd, delta);
  lineage.stores.push(sub.store);
  for (const n of sub.checkNodes) lineage.checked.add(n);
  const errors = sub.errors;
  runChecks(sub.checkNodes, newText, errors);
  errors.push(...kept);
  errors.sort((x, y) => x.start - y.start || x.end - y.end);
  return { errors, old: paren, next: sub.node };
}
const NO_CUTS: ReadonlySet<number> = new Set();

/** The parenthesised expressions whose insides (between `(` and `)`) hold [start, end), innermost first, with their depths. */
function enclosingParens(root: SyntaxNode, start: number, end: number): { node: SyntaxNode; depth: number }[] {
  const out: { node: SyntaxNode; depth: number }[] = [];
  let n = root;
  let depth = 0;
  for (;;) {
    if (n.kind === K.Paren) {
      const cs = n.children;
      const first = cs[0],
        last = cs[cs.length - 1];
      if (first instanceof SyntaxToken && first.kind === K.LParen && last instanceof SyntaxToken && last.kind === K.RParen && first.end <= start && end <= last.start)
        out.push({ node: n, depth });
    }
    const next = childHolding(n, start, end);
    if (!next) break;
    n = next;
    depth++;
  }
  return out.reverse();
}

/** `\n`s in text[from, to): the line breaks messages count (Nix's lines). */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** End of the last significant token before `node`. */
function significantEndBefore(node: SyntaxNode): number {
  for (let n = node; n.parent !== null; n = n.parent) {
    const cs = n.parent.children;
    for (let i = cs.indexOf(n) - 1; i >= 0; i--) {
      const c = cs[i]!;
      if (c instanceof SyntaxNode || !isTrivia(c.kind)) return c.end;
    }
  }
  return 0;
}

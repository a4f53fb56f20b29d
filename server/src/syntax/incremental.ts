// Incremental re-parsing for the editor: after a keystroke only the part of
// the tree around it is parsed again and put into the old tree, which is
// updated in place (everything after the edit moves). On a 10 000-line file
// that is a few hundred bytes parsed instead of 400 KB, and almost nothing
// allocated, so the garbage collector stays quiet too.
//
// Ways tried in turn, each only where the result is certain to equal a full
// parse; anything else returns undefined and the caller parses the whole
// text (and reparseToken.ts, reparseParen.ts):
// - one binding: the old tree has no error, the edit lies inside one
//   binding's value, the binding still parses alone with no error, and
//   nothing its neighbours see (its name, whether its value is a set) changed;
// - a run of a binding list's elements (reparseRun): the edit lies among the
//   bindings of one set or `let`, whatever it does to them (a half-typed
//   binding, a missing `;`), and the run lexes on its own.
import { SyntaxKind as K, isTrivia } from "./kinds.js";
import { SyntaxNode, SyntaxToken, type SyntaxElement } from "./tree.js";
import { parseBindingAt, parseBindingRunAt, type RunContext } from "./grammar/entry.js";
import { DEPTH_PER_LEVEL, awaitedAbove, childHolding, inCode, shiftStores, tokenBefore } from "./treeSplice.js";
import { reparseParen } from "./reparseParen.js";
import { reparseToken } from "./reparseToken.js";
import { commonPrefix } from "./commonPrefix.js";
import { MAX_DEPTH } from "./parser/depth.js";
import { lineages, type Lineage } from "./parser/lineage.js";
import type { ParseResult, SyntaxError } from "./parser/result.js";
import { bindingValue } from "./checks/duplicateAttrs.js";
import { runChecks } from "./checks/run.js";
import { PathIndex } from "./pathIndex.js";
import { settledPoints } from "./settledTail.js";

/**
 * Token stores past which those no node reads any more are dropped (each
 * re-parse adds one): a bound on the memory they hold and on the stores each
 * edit moves. Finding them walks the nodes made so far, a few milliseconds
 * on a large file, once in this many re-parses.
 */
const MAX_STORES = 256;

/** The changed span: old[start, oldEnd) became new[start, newEnd). */
export interface ChangedSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The smallest span that differs, from the common prefix and suffix. */
export function changedSpan(oldText: string, newText: string): ChangedSpan {
  // Compared a chunk at a time, the chunks doubling while they match and
  // halving once one does not: comparing sliced strings runs at memory speed,
  // a charCodeAt loop over the freshly concatenated text an editor hands over
  // does not, and an edit in the middle of a large file leaves long runs on both sides.
  const max = Math.min(oldText.length, newText.length);
  const start = commonPrefix(oldText, newText, max, 256);
  const room = max - start;
  const o = oldText.length,
    n = newText.length;
  let suffix = 0;
  for (let step = 256; suffix < room && step >= 16; ) {
    const len = Math.min(step, room - suffix);
    if (oldText.slice(o - suffix - len, o - suffix) === newText.slice(n - suffix - len, n - suffix)) {
      suffix += len;
      step *= 2;
    } else step = len >> 1;
  }
  while (suffix < room && oldText.charCodeAt(o - 1 - suffix) === newText.charCodeAt(n - 1 - suffix)) suffix++;
  return { start, oldEnd: o - suffix, newEnd: n - suffix };
}

/**
 * The parse of `newText`, made by updating `old` (the parse of `oldText`) in
 * place, or undefined when that cannot be done exactly (then parse in full).
 * On success `old` must not be used any more: its tree is now the new one.
 */
export function reparse(old: ParseResult, oldText: string, newText: string): ParseResult | undefined {
  return reparseInPlace(old, oldText, newText)?.parse;
}

export interface Reparsed {
  parse: ParseResult;
  /**
   * Only the text of literals, comments or whitespace changed, so every node
   * of the old tree is still there (moved) and names and scopes are as they
   * were: an analysis of the old tree stays true once its ranges are re-read.
   */
  sameShape: boolean;
  /**
   * With sameShape: the identifier expressions (old nodes, still in the tree)
   * whose name changed. Each may be a variable reference, which an analysis
   * can resolve again, or a name the analysis must start over for.
   */
  renamed: SyntaxNode[];
  /**
   * Without sameShape: the binding that was parsed again (`old`, out of the
   * tree now) and the one in its place (`next`), which took over the old
   * binding's attribute path node, names unchanged. An analysis may redo just
   * that binding's value (see analysis `reanalyzeBinding`).
   */
  replaced?: { old: SyntaxNode; next: SyntaxNode };
  /**
   * Without sameShape or replaced: a run of elements of one binding list
   * (`list`, an attribute set or `let`) was parsed again, errors and all:
   * `old` (out of the tree now) gave way to `next`. Names may have changed.
   */
  replacedRun?: { list: SyntaxNode; old: SyntaxNode[]; next: SyntaxNode[] };
  /**
   * Without sameShape, replaced or replacedRun: one parenthesised expression
   * (`old`, out of the tree now) was parsed again, errors and all, and `next`
   * took its place. It is no binding's value, so it defines no name outside itself.
   */
  replacedParen?: { old: SyntaxNode; next: SyntaxNode };
}

/** reparse, telling whether the tree kept its shape (see Reparsed.sameShape). */
export function reparseInPlace(old: ParseResult, oldText: string, newText: string): Reparsed | undefined {
  const lineage = lineages.get(old.tree);
  if (!lineage) return undefined;
  if (lineage.stores.length >= MAX_STORES) compactStores(old.tree, lineage);
  if (lineage.source.text !== oldText || old.tree.end !== oldText.length) return undefined;
  const span = changedSpan(oldText, newText);
  // A binding larger than a run may be (`imports = [ (module) (module) ... ]`, a whole file's
  // modules in one list) is re-parsed whole only when no run of a binding list inside it will do:
  // an edit between two bindings of a module in it parsed and compared the whole list, 100-400 ms.
  const clean = old.errors.length === 0;
  return (
    (clean ? reparseBinding(old, lineage, oldText, newText, span, MAX_RUN_BYTES) : undefined) ??
    tokenReparsed(old, lineage, oldText, newText, span) ??
    reparseRun(old, lineage, oldText, newText, span) ??
    parenReparsed(old, lineage, oldText, newText, span) ??
    (clean ? reparseBinding(old, lineage, oldText, newText, span, Infinity, MAX_RUN_BYTES) : undefined)
  );
}

/** See reparseToken.ts: only a string's literal text changed, so the tree keeps its shape. */
function tokenReparsed(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: ChangedSpan): Reparsed | undefined {
  const errors = reparseToken(old, lineage, oldText, newText, span);
  return errors && { parse: { tree: old.tree, errors }, sameShape: true, renamed: [] };
}

/** See reparseParen.ts. */
function parenReparsed(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: ChangedSpan): Reparsed | undefined {
  const r = reparseParen(old, lineage, oldText, newText, span);
  return r && { parse: { tree: old.tree, errors: r.errors }, sameShape: false, renamed: [], replacedParen: { old: r.old, next: r.next } };
}

/** The edit lies inside one binding's value, which parses alone with no error and keeps its name. */
function reparseBinding(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: ChangedSpan, maxBytes: number, minBytes = 0): Reparsed | undefined {
  const delta = span.newEnd - span.oldEnd;

  const found = enclosingBinding(old.tree, span.start, span.oldEnd);
  if (!found) return undefined;
  const { binding, depth } = found;
  // (see reparseInPlace: first the bindings up to maxBytes, then the larger ones)
  const size = binding.end - binding.start;
  if (size > maxBytes || size <= minBytes) return undefined;
  if (depth * DEPTH_PER_LEVEL + 16 >= MAX_DEPTH) return undefined;
  // the edit must be inside the value: after `=`, so the name is unchanged
  const assign = assignEnd(binding);
  if (assign < 0 || span.start < assign) return undefined;
  // a value that is an attribute set merges with its neighbours (`a = { b = 1; }; a.c = 2;`)
  if (valueIsAttrSet(binding)) return undefined;

  // the new binding's tokens read the shared text holder: it must hold the new text while they are checked
  lineage.source.text = newText;
  const sub = parseBindingAt(newText, lineage.source, binding.start, binding.end + delta, depth * DEPTH_PER_LEVEL);
  if (!sub || valueIsAttrSet(sub.node)) {
    lineage.source.text = oldText;
    return undefined;
  }

  // from here on the old tree becomes the new one
  const renamed = sameShapeMove(binding, sub.node, oldText, newText);
  const sameShape = renamed !== undefined;
  const parent = binding.parent!;
  // same shape: the old binding's nodes now carry the new positions and stay (so do analyses
  // pointing at them); otherwise the new binding takes the old one's place
  if (!sameShape) {
    // the names did not change: keep their nodes, which analyses point at
    const oldPath = binding.rawChildNodes().find((c) => c.kind === K.AttrPath);
    const newPath = sub.node.rawChildNodes().find((c) => c.kind === K.AttrPath);
    if (oldPath && newPath) sub.node.replaceChildNode(newPath, oldPath);
    parent.replaceChildNode(binding, sub.node);
    const paths = pathIndexes.get(parent);
    if (paths && !paths.replaced(binding, sub.node)) pathIndexes.delete(parent);
  } else binding.end = sub.node.end;
  let child: SyntaxNode = sameShape ? binding : sub.node;
  for (let a: SyntaxNode | null = parent; a !== null; child = a, a = a.parent) {
    a.end += delta;
    if (delta !== 0) a.shiftChildrenAfter(child, delta);
  }
  if (delta !== 0) shiftStores(lineage, span.oldEnd, delta);
  if (!sameShape) {
    lineage.stores.push(sub.store);
    for (const n of sub.checkNodes) lineage.checked.add(n);
  }
  const result: Reparsed = { parse: { tree: old.tree, errors: [] }, sameShape, renamed: renamed ?? [] };
  if (!sameShape) result.replaced = { old: binding, next: sub.node };
  return result;
}

/** Token kinds whose text may change without changing what any name means. */
const FREE_TEXT = new Set<K>([K.Whitespace, K.Comment, K.BlockComment, K.StrFragment, K.StrEscape, K.Int, K.Float]);

/**
 * Whether `next` has the shape of `old`: the same kinds all the way down, and
 * the same text except in FREE_TEXT tokens outside the names a binding,
 * `inherit` or pattern defines, in the attribute names of a selection
 * (`pkgs.firefox`), and in identifier expressions, which are listed (the
 * analysis decides what a changed one means). If so, every element of `old`
 * takes the position of its twin in `next` and the changed identifier
 * expressions are returned; otherwise undefined and nothing is touched. Both
 * are one binding, so this visits a few dozen elements.
 */
function sameShapeMove(old: SyntaxNode, next: SyntaxNode, oldText: string, newText: string): SyntaxNode[] | undefined {
  const pairs: [SyntaxNode, SyntaxNode, boolean][] = [[old, next, false]];
  const moves: [SyntaxNode | SyntaxToken, SyntaxNode | SyntaxToken][] = [];
  const renamed: SyntaxNode[] = [];
  while (pairs.length > 0) {
    const [a, b, inName] = pairs.pop()!;
    const ac = a.children,
      bc = b.children;
    if (ac.length !== bc.length) return undefined;
    const named = inName || (a.kind === K.AttrPath && !isSelectPath(a)) || a.kind === K.Inherit_ || a.kind === K.Pattern;
    for (let i = 0; i < ac.length; i++) {
      const x = ac[i]!,
        y = bc[i]!;
      if (x.kind !== y.kind) return undefined;
      if (x instanceof SyntaxToken) {
        if (!(y instanceof SyntaxToken)) return undefined;
        // (the old token's text is read from the old text: the shared holder has the new one already)
        if (oldText.slice(x.start, x.end) !== newText.slice(y.start, y.end)) {
          if (named) return undefined;
          if (x.kind === K.Ident || x.kind === K.OrKw) {
            // an attribute name of a selection means nothing to the analysis; a variable may
            if (a.kind !== K.IdentExpr) return undefined;
            if (!(a.parent?.kind === K.AttrPath && isSelectPath(a.parent))) renamed.push(a);
          } else if (!FREE_TEXT.has(x.kind)) return undefined;
        }
      } else {
        if (!(y instanceof SyntaxNode)) return undefined;
        pairs.push([x, y, named]);
      }
      moves.push([x, y]);
    }
  }
  for (const [x, y] of moves) {
    x.start = y.start;
    x.end = y.end;
  }
  return renamed;
}

/** The attribute path of `x.a.b` or `x ? a.b` (names looked up, not defined). */
function isSelectPath(path: SyntaxNode): boolean {
  const k = path.parent?.kind;
  return k === K.Select || k === K.HasAttr;
}
/** The innermost binding holding [start, end), with its depth in the tree. */
function enclosingBinding(root: SyntaxNode, start: number, end: number): { binding: SyntaxNode; depth: number } | undefined {
  let best: SyntaxNode | undefined;
  let bestDepth = 0;
  let n = root;
  let depth = 0;
  for (;;) {
    let next: SyntaxNode | undefined;
    for (const c of n.rawChildNodes()) {
      if (c.start > start) break;
      // an insertion just after a node's end is outside it
      if (c.start <= start && end <= c.end && start < c.end) {
        next = c;
        break;
      }
    }
    if (!next) break;
    n = next;
    depth++;
    if (n.kind === K.Binding) {
      best = n;
      bestDepth = depth;
    }
  }
  return best ? { binding: best, depth: bestDepth } : undefined;
}

/** End offset of the binding's `=`, or -1. */
function assignEnd(binding: SyntaxNode): number {
  for (const c of binding.children) if (c instanceof SyntaxToken && c.kind === K.Assign) return c.end;
  return -1;
}

/** Whether the binding's value (as the parse-time checks read it) is an attribute set. */
function valueIsAttrSet(binding: SyntaxNode): boolean {
  return bindingValue(binding)?.kind === K.AttrSet;
}

// ---------------------------------------------------------------- runs of a binding list

/** Elements of a run at most this many: beyond that a full parse is as quick. */
const MAX_RUN_BYTES = 16_384;

/**
 * The edit, whatever it does to the syntax, lies among the elements of one
 * binding list (the bindings of a set or a `let`): the elements it touches,
 * with the trivia between them, are parsed again as the full parser would
 * parse them there (same enclosing constructs waiting for their closers, same
 * depth), with the next element or the closer lexed after them so that
 * looking ahead sees the real text. Taken only when that is certain to give
 * the full parse: the run lexes on its own (no string or brace left open),
 * its elements end exactly where the next one starts, every error of the old
 * tree lies in the run, and the parse-time checks are redone wherever the
 * run's names could change their outcome.
 */
function reparseRun(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: ChangedSpan): Reparsed | undefined {
  // The innermost list first; when no run of it will do (the edit is in a set
  // with no elements yet, or an old error lies outside it, as while a set's
  // binding is typed before its `;`), a run of the list around it, and so on out.
  for (const { list, depth } of enclosingLists(old.tree, span.start, span.oldEnd)) {
    const r = reparseRunOf(old, lineage, oldText, newText, span, list, depth);
    if (r) return r;
  }
  return undefined;
}

function reparseRunOf(old: ParseResult, lineage: Lineage, oldText: string, newText: string, span: ChangedSpan, list: SyntaxNode, depth: number): Reparsed | undefined {
  const delta = span.newEnd - span.oldEnd;
  if (depth * DEPTH_PER_LEVEL + 16 >= MAX_DEPTH) return undefined;
  const cs = list.children;
  const { open, close } = listBounds(list, cs);
  if (open < 0 || close < 0) return undefined;
  // the run: from the last element starting at or before the edit to the first ending at or after it
  let a = -1;
  for (let i = open + 1; i < close; i++) {
    const c = cs[i]!;
    // (an insertion just before an element goes with the one before: the run must start with a token of its own)
    if (c instanceof SyntaxNode && (c.start < span.start || (c.start === span.start && span.oldEnd > span.start))) a = i;
  }
  if (a < 0) return undefined;
  let b = -1;
  for (let i = a; i < close; i++) {
    const c = cs[i]!;
    // (an insertion just after an element goes with the next one: the run must end with a token of its own)
    if (c instanceof SyntaxNode && (c.end > span.oldEnd || (c.end === span.oldEnd && span.start < c.end))) {
      b = i;
      break;
    }
  }
  // past the last element: the run takes the trivia up to the closer
  if (b < 0) b = close - 1;
  for (let tries = 0; tries < 4; tries++) {
    // the element before must end with its `;`: else its parse may have looked into the run
    const prev = previousElement(cs, open, a);
    if (prev >= 0 && !endsWithSemicolon(cs[prev] as SyntaxNode)) {
      a = prev;
      continue;
    }
    const r = tryRun(old, lineage, oldText, newText, span, delta, list, cs, open, close, a, b, depth);
    if (r === "back") {
      // the edit left the run starting with trivia (a deleted name before a comment): start at the element before
      const p = previousElement(cs, open, a);
      if (p < 0) return undefined;
      a = p;
      continue;
    }
    if (r !== "extend") return r;
    // an old error sits on the element after the run: take that element in too
    let nb = -1;
    for (let i = b + 1; i < close; i++) {
      if (cs[i] instanceof SyntaxNode) {
        nb = i;
        break;
      }
    }
    if (nb < 0) return undefined;
    b = nb;
  }
  return undefined;
}

/** Whether text at `at` is whitespace or a comment (by its first characters: enough to say a token does not start there). */
function startsWithTrivia(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 35 || (c === 47 && text.charCodeAt(at + 1) === 42);
}

function previousElement(cs: SyntaxElement[], open: number, a: number): number {
  for (let i = a - 1; i > open; i--) if (cs[i] instanceof SyntaxNode) return i;
  return -1;
}

function endsWithSemicolon(n: SyntaxNode): boolean {
  const c = n.children;
  const last = c[c.length - 1];
  return last instanceof SyntaxToken && last.kind === K.Semicolon;
}

function tryRun(
  old: ParseResult,
  lineage: Lineage,
  oldText: string,
  newText: string,
  span: ChangedSpan,
  delta: number,
  list: SyntaxNode,
  cs: SyntaxElement[],
  open: number,
  close: number,
  a: number,
  b: number,
  depth: number,
): Reparsed | undefined | "extend" | "back" {
  const runStart = cs[a]!.start;
  // a run starts with a token of its own, never with trivia (which belongs to what is before it)
  if (startsWithTrivia(newText, runStart)) return "back";
  const runEnd = b === close - 1 && !(cs[b] instanceof SyntaxNode) ? cs[close]!.start : cs[b]!.end;
  if (runEnd < span.oldEnd || runEnd - runStart > MAX_RUN_BYTES) return undefined;
  // what comes after: the next element whole, or the closer
  let next = -1;
  for (let i = b + 1; i < close; i++) {
    if (cs[i] instanceof SyntaxNode) {
      next = i;
      break;
    }
  }
  const tailStart = next >= 0 ? cs[next]!.start : cs[close]!.start;
  const tailEnd = next >= 0 ? cs[next]!.end : cs[close]!.end;
  // every old error must be the run's to redo; one at the next element may be that element's own
  let checked = false;
  for (const e of old.errors) {
    if (e.start >= tailStart && e.start < tailEnd && next >= 0) return "extend";
    if (e.start < runStart || e.start > tailStart || e.end > tailEnd) return undefined;
    if (e.code === "duplicate-attr" || e.code === "dynamic-attr-in-let") checked = true;
  }
  const ctx = runContext(list, depth, lastSignificantEnd(cs, a));
  if (!ctx) return undefined;

  lineage.source.text = newText;
  const stop = runEnd + delta;
  const prefix = inCode(list) ? lineage.prefixStrings : undefined;
  // (the old tree, not touched yet, tells where the rest of the text lexes as before)
  if (prefix) prefix.settled = settledPoints(old.tree, old.errors, span.newEnd, delta);
  let sub: ReturnType<typeof parseBindingRunAt>;
  try {
    sub = parseBindingRunAt(newText, lineage.source, runStart, stop, tailEnd + delta, ctx, prefix);
  } finally {
    if (prefix) prefix.settled = undefined;
  }
  const fail = () => {
    lineage.source.text = oldText;
    return undefined;
  };
  if (!sub) return fail();
  const nextNodes = sub.elements.filter((e): e is SyntaxNode => e instanceof SyntaxNode);
  const oldNodes: SyntaxNode[] = [];
  for (let i = a; i <= b; i++) if (cs[i] instanceof SyntaxNode) oldNodes.push(cs[i] as SyntaxNode);
  // the run starts the list: what the `{` or `let` before it decided must hold
  if (!cs.slice(open + 1, a).some((c) => c instanceof SyntaxNode) && !sameListStart(list, sub.store.kinds, sub.store.count)) return fail();
  // the checks of the list (and of the sets it merges into) when the run's names or nested sets may change them
  const oldSigs = oldNodes.map((n) => signature(n, oldText));
  const newSigs = nextNodes.map((n) => signature(n, newText));
  const chain = checked || oldSigs.some((x) => x.endsWith("{")) || newSigs.some((x) => x.endsWith("{")) || oldSigs.join("\n") !== newSigs.join("\n");

  // from here on the old tree becomes the new one
  list.replaceChildRange(a, b, sub.elements);
  // a list's answer stays unless the run took a `rec` set in or out
  const rec = recValued.get(list);
  if (rec !== undefined && (rec ? oldNodes.some(bindsRec) : nextNodes.some(bindsRec))) recValued.delete(list);
  const lastNew = sub.elements[sub.elements.length - 1];
  if (delta !== 0) {
    if (lastNew) list.shiftChildrenAfterIndex(a + sub.elements.length - 1, delta);
    else list.shiftChildrenAfterIndex(a - 1, delta);
  }
  list.end += delta;
  let child: SyntaxNode = list;
  for (let p: SyntaxNode | null = list.parent; p !== null; child = p, p = p.parent) {
    p.end += delta;
    if (delta !== 0) p.shiftChildrenAfter(child, delta);
  }
  if (delta !== 0) shiftStores(lineage, span.oldEnd, delta);
  lineage.stores.push(sub.store);
  for (const n of sub.checkNodes) lineage.checked.add(n);
  const errors: SyntaxError[] = sub.errors;
  // the list's paths: the run's elements out, the new ones in
  let paths = pathIndexes.get(list);
  if (paths && !oldNodes.every((n) => paths!.remove(n))) {
    pathIndexes.delete(list);
    paths = undefined;
  }
  if (paths) for (const n of nextNodes) paths.add(n, newText);
  if (chain) {
    // the sets above the list check what they did before (their own names did not change);
    // the list itself is checked when its names now call for it, as the parser decides
    const above = checkChain(list).filter((n) => n !== list && lineage.checked.has(n));
    if (pathIndexOf(list, newText).flagged) {
      lineage.checked.add(list);
      above.push(list);
    } else lineage.checked.delete(list);
    // in a list of many elements, only those that can clash
    const only = new Map<SyntaxNode, SyntaxNode[]>();
    for (const n of above) {
      if (!LIST_KINDS.has(n.kind) || n.rawChildNodes().length < INDEXED_LIST_MIN) continue;
      const els = pathIndexOf(n, newText).checkedElements(n);
      if (els) only.set(n, els);
    }
    runChecks([...above, ...sub.checkNodes], newText, errors, only);
  } else runChecks(sub.checkNodes, newText, errors);
  errors.sort((x, y) => x.start - y.start || x.end - y.end);
  return { parse: { tree: old.tree, errors }, sameShape: false, renamed: [], replacedRun: { list, old: oldNodes, next: nextNodes } };
}

const recValued = new WeakMap<SyntaxNode, boolean>();

/**
 * Whether a binding of `list` has a `rec { }` for its value (after
 * parentheses), which later bindings of the list may merge into. Kept per
 * list: only a re-parsed run changes a list's elements (a re-parsed single
 * binding never has a set for its value), and that forgets the list's answer.
 */
export function bindsRecSet(list: SyntaxNode): boolean {
  let r = recValued.get(list);
  if (r === undefined) {
    r = list.rawChildNodes().some(bindsRec);
    recValued.set(list, r);
  }
  return r;
}

/** Keeps only the stores some node of the tree still reads: the others nothing reads, so nothing need move them. */
function compactStores(tree: SyntaxNode, lineage: Lineage): void {
  const used = tree.storesBelow();
  lineage.stores = lineage.stores.filter((st) => used.has(st));
}

/** The paths of binding lists re-parsed in runs, kept from one run to the next (see PathIndex). */
const pathIndexes = new WeakMap<SyntaxNode, PathIndex>();
/** Lists shorter than this are checked whole: reading them costs less than picking elements. */
const INDEXED_LIST_MIN = 64;

function pathIndexOf(list: SyntaxNode, text: string): PathIndex {
  let idx = pathIndexes.get(list);
  if (!idx) pathIndexes.set(list, (idx = PathIndex.of(list, text)));
  return idx;
}

/** Whether `n` is a binding whose value is a `rec` set (after parentheses). */
export function bindsRec(n: SyntaxNode): boolean {
  if (n.kind !== K.Binding) return false;
  const v = bindingValue(n);
  return v !== undefined && v.kind === K.AttrSet && v.token(K.Rec) !== undefined;
}

const LIST_KINDS = new Set<K>([K.AttrSet, K.LetIn, K.LegacyLet]);

/** The binding lists whose elements hold [start, end), innermost first, with their depths in the tree. */
function enclosingLists(root: SyntaxNode, start: number, end: number): { list: SyntaxNode; depth: number }[] {
  const out: { list: SyntaxNode; depth: number }[] = [];
  let n = root;
  let depth = 0;
  for (;;) {
    if (LIST_KINDS.has(n.kind)) {
      const { open, close } = listBounds(n, n.children);
      if (open >= 0 && close >= 0 && n.children[open]!.end <= start && end <= n.children[close]!.start) out.push({ list: n, depth });
    }
    const next = childHolding(n, start, end);
    if (!next) break;
    n = next;
    depth++;
  }
  return out.reverse();
}

/** Indices in `cs` of the token before a list's elements (`{`, `let`) and of the one after (`}`, `in`); -1 if missing. */
function listBounds(list: SyntaxNode, cs: SyntaxElement[]): { open: number; close: number } {
  const opener = list.kind === K.LetIn ? K.Let : K.LBrace;
  const closer = list.kind === K.LetIn ? K.In : K.RBrace;
  let open = -1,
    close = -1;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (!(c instanceof SyntaxToken)) continue;
    if (c.kind === opener && open < 0) open = i;
    else if (c.kind === closer && open >= 0) {
      close = i;
      break;
    }
  }
  return { open, close };
}

/** End of the last significant child before index `a` (an element or the opener). */
function lastSignificantEnd(cs: SyntaxElement[], a: number): number {
  for (let i = a - 1; i >= 0; i--) {
    const c = cs[i]!;
    if (c instanceof SyntaxNode || !isTrivia(c.kind)) return c.end;
  }
  return 0;
}

/**
 * What the full parser has waiting for its closers at a list's elements: one
 * count per enclosing construct still open there, as the parse functions
 * count them (a binding's value waits for `;`, a list for `]`, ...).
 */
function runContext(list: SyntaxNode, depth: number, lastEnd: number): RunContext | undefined {
  const counts = new Map<K, number>();
  counts.set(list.kind === K.LetIn ? K.In : K.RBrace, 1);
  if (!awaitedAbove(list, counts)) return undefined;
  return { term: list.kind === K.LetIn ? K.In : K.RBrace, awaited: [...counts], depth: depth * DEPTH_PER_LEVEL + 8, lastEnd };
}

/**
 * A run at the start of a list: the `{` before it was read as a set (not a
 * function's pattern) from the first two tokens after it, and `let` as a
 * `let ... in` from the first one. The new run must lead the same way.
 */
function sameListStart(list: SyntaxNode, kinds: Uint8Array, count: number): boolean {
  const sig: K[] = [];
  for (let j = 0; j < count && sig.length < 2; j++) if (!isTrivia(kinds[j]! as K)) sig.push(kinds[j]! as K);
  const [t1, t2] = sig;
  if (list.kind === K.LetIn) return t1 !== K.LBrace;
  if (t1 === K.Ident) return t2 === K.Assign || t2 === K.Dot;
  return t1 !== K.Ellipsis && t1 !== K.RBrace && t1 !== undefined;
}

/** What of an element the checks of its list look at: names, whether it binds, whether its value is a set. */
function signature(n: SyntaxNode, text: string): string {
  if (n.kind === K.Inherit_) return "inherit " + text.slice(n.start, n.end);
  if (n.kind !== K.Binding) return "other";
  const path = n.rawChildNodes().find((c) => c.kind === K.AttrPath);
  const bound = n.children.some((c) => c instanceof SyntaxToken && c.kind === K.Assign);
  return `${path ? text.slice(path.start, path.end) : ""}${bound ? " =" : ""}${valueIsAttrSet(n) ? " {" : ""}`;
}

/**
 * The list and the sets it is merged into by the checks, outermost first:
 * `a = { ... };` is modelled as part of the set holding that binding.
 */
function checkChain(list: SyntaxNode): SyntaxNode[] {
  const out = [list];
  let n = list;
  for (;;) {
    let v: SyntaxNode = n;
    while (v.parent && v.parent.kind === K.Paren) v = v.parent;
    const b = v.parent;
    if (!b || b.kind !== K.Binding || !tokenBefore(b, K.Assign, v) || n.kind !== K.AttrSet) break;
    const outer = b.parent;
    if (!outer || !LIST_KINDS.has(outer.kind)) break;
    out.unshift(outer);
    n = outer;
  }
  return out;
}

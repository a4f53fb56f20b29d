// Incremental re-parsing for the editor: after a keystroke inside the value
// of one binding, only that binding is parsed again and put into the old
// tree, which is updated in place (everything after the edit moves). On a
// 10 000-line file that is a few hundred bytes parsed instead of 400 KB, and
// almost nothing allocated, so the garbage collector stays quiet too.
//
// It is only tried where the result is certain to equal a full parse: the
// old tree has no error, the edit lies inside one binding's value, the
// binding still parses alone with no error, and nothing its neighbours see
// (its name, whether its value is an attribute set) has changed. Anything
// else returns undefined and the caller parses the whole text.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";
import { lineages, parseBindingAt, MAX_DEPTH, type ParseResult } from "./parser.js";

/** Re-parses in a row before a full parse starts afresh (each adds a small token store). */
const MAX_STEPS = 200;
/** Parser depth a tree level may take (expression, operator, atom): over-estimated on purpose. */
const DEPTH_PER_LEVEL = 4;

/** The changed span: old[start, oldEnd) became new[start, newEnd). */
export interface ChangedSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The smallest span that differs, from the common prefix and suffix. */
export function changedSpan(oldText: string, newText: string): ChangedSpan {
  // Compared a chunk at a time first: comparing sliced strings is far faster
  // than a charCodeAt loop over the freshly concatenated text an editor hands over.
  const C = 256;
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start + C <= max && oldText.slice(start, start + C) === newText.slice(start, start + C)) start += C;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  const room = max - start;
  let suffix = 0;
  const o = oldText.length,
    n = newText.length;
  while (suffix + C <= room && oldText.slice(o - suffix - C, o - suffix) === newText.slice(n - suffix - C, n - suffix)) suffix += C;
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
}

/** reparse, telling whether the tree kept its shape (see Reparsed.sameShape). */
export function reparseInPlace(old: ParseResult, oldText: string, newText: string): Reparsed | undefined {
  const lineage = lineages.get(old.tree);
  if (!lineage || lineage.steps >= MAX_STEPS || old.errors.length > 0) return undefined;
  if (lineage.source.text !== oldText || old.tree.end !== oldText.length) return undefined;
  const span = changedSpan(oldText, newText);
  const delta = span.newEnd - span.oldEnd;

  const found = enclosingBinding(old.tree, span.start, span.oldEnd);
  if (!found) return undefined;
  const { binding, depth } = found;
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
  } else binding.end = sub.node.end;
  let child: SyntaxNode = sameShape ? binding : sub.node;
  for (let a: SyntaxNode | null = parent; a !== null; child = a, a = a.parent) {
    a.end += delta;
    if (delta !== 0) a.shiftChildrenAfter(child, delta);
  }
  if (delta !== 0) {
    for (const st of lineage.stores) {
      const starts = st.starts;
      for (let j = 0; j <= st.count; j++) if (starts[j]! >= span.oldEnd) starts[j]! += delta;
    }
  }
  if (!sameShape) lineage.stores.push(sub.store);
  lineage.steps++;
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

function valueIsAttrSet(binding: SyntaxNode): boolean {
  let seen = false;
  for (const c of binding.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === K.Assign) seen = true;
      continue;
    }
    if (!seen) continue;
    let v: SyntaxNode | undefined = c;
    while (v && v.kind === K.Paren) v = v.rawChildNodes()[0];
    return v !== undefined && v.kind === K.AttrSet;
  }
  return false;
}

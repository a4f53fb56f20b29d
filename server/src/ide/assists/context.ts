// What every assist reads: the token under the cursor and its ancestors, and a few small helpers.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokenAt, tokens } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { Diagnostic, Fix } from '../types.js';

export type CodeAction = Fix & {
  kind: 'quickfix' | 'refactor' | 'refactor.rewrite';
  /** For a quick fix, the diagnostic that carries it. */
  diagnostic?: Diagnostic;
};

export interface Ctx {
  token: SyntaxToken;
  /** Ancestors of the token, innermost first. */
  path: SyntaxNode[];
}

export function contextAt(a: Analysis, offset: number): Ctx | undefined {
  let t = tokenAt(a.tree, offset);
  // at the end of a word, prefer the word
  if (t && (t.kind <= K.BlockComment || offset === t.start) && offset > 0) {
    const prev = tokenAt(a.tree, offset - 1);
    if (prev && prev.kind > K.BlockComment && (t.kind <= K.BlockComment || prev.end === offset && (prev.kind === K.Ident || prev.kind === K.Quote))) t = prev;
  }
  if (!t) return undefined;
  const path: SyntaxNode[] = [];
  for (let p = t.parent; p; p = p.parent) path.push(p);
  return { token: t, path };
}

export const innermost = (ctx: Ctx, kind: K) => ctx.path.find((n) => n.kind === kind);
export const slice = (a: Analysis, n: { start: number; end: number }) => a.text.slice(n.start, n.end);
export const hasComments = (n: SyntaxNode) => {
  for (const t of tokens(n)) if (t.kind === K.Comment || t.kind === K.BlockComment) return true;
  return false;
};

export type Assist = (a: Analysis, ctx: Ctx) => CodeAction | undefined;

/** The binding whose attribute path the cursor is on (not its value). */
export function bindingAtKey(ctx: Ctx): SyntaxNode | undefined {
  const b = innermost(ctx, K.Binding);
  if (!b) return undefined;
  const path = b.node(K.AttrPath);
  const assign = b.token(K.Assign);
  if (!path || ctx.token.start < b.start || (assign && ctx.token.start >= assign.end)) return undefined;
  return b;
}

/** Whether a string has both its opening and its closing quotes. */
export function isTerminated(s: SyntaxNode): boolean {
  const first = s.children[0];
  const last = s.children[s.children.length - 1];
  return s.children.length > 1 && first instanceof SyntaxToken && last instanceof SyntaxToken && first.kind === last.kind && last.start > first.start;
}

// Folding ranges as offsets: start at the opening token, end at the closing
// token. Only ranges that span more than one line are returned; the LSP layer
// converts offsets to lines.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokens, walk, attrStaticName } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';

export interface FoldingRange {
  start: number;
  end: number;
  kind?: 'comment' | 'region' | 'imports';
}

function multiLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

const CLOSERS = new Set([K.RBrace, K.RBrack, K.RParen, K.Quote, K.IndQuote]);

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

function lastToken(n: SyntaxNode): SyntaxToken | undefined {
  for (let i = n.children.length - 1; i >= 0; i--) {
    const c = n.children[i]!;
    if (c instanceof SyntaxToken) return c;
    const t = lastToken(c);
    if (t) return t;
  }
  return undefined;
}

/** `imports = [ ... ]` (the list of a binding whose last attribute is `imports`). */
function isImportsList(list: SyntaxNode): boolean {
  const b = list.parent;
  if (!b || b.kind !== K.Binding) return false;
  const path = b.node(K.AttrPath);
  const parts = path?.childNodes() ?? [];
  const last = parts[parts.length - 1];
  return last !== undefined && attrStaticName(last) === 'imports';
}

export function foldingRanges(a: Analysis): FoldingRange[] {
  const text = a.text;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRange['kind']) => {
    if (end > start && multiLine(text, start, end)) out.push(kind ? { start, end, kind } : { start, end });
  };

  walk(a.tree, (n) => {
    switch (n.kind) {
      case K.AttrSet:
      case K.List:
      case K.Paren:
      case K.Pattern:
      case K.String:
      case K.IndString: {
        const open = n.children.find((c) => c instanceof SyntaxToken && (c.kind === K.LBrace || c.kind === K.LBrack || c.kind === K.LParen || c.kind === K.Quote || c.kind === K.IndQuote));
        const close = lastToken(n);
        const start = open ? open.start : n.start;
        const closed = close !== undefined && close !== open && CLOSERS.has(close.kind);
        const end = closed ? close.start : n.end;
        add(start, end, n.kind === K.List && isImportsList(n) ? 'imports' : undefined);
        break;
      }
      case K.LetIn: {
        // From `let` to `in`, and the whole expression when the body spans lines too.
        const inTok = n.token(K.In);
        const letTok = n.token(K.Let);
        if (letTok && inTok) add(letTok.start, inTok.start);
        break;
      }
      case K.LegacyLet: {
        const open = n.token(K.LBrace);
        if (open) add(open.start, lastToken(n)?.start ?? n.end);
        break;
      }
      case K.Lambda: {
        // A lambda with a pattern folds from its pattern to its end (the body usually folds by itself).
        if (n.node(K.Pattern)) {
          const body = n.childNodes().at(-1);
          if (body && body.kind !== K.AttrSet && body.kind !== K.LetIn) add(n.start, n.end);
        }
        break;
      }
    }
  });

  // Comments: a multi-line block comment, or a run of line comments on consecutive lines.
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0) add(runStart, runEnd, 'comment');
    runStart = -1;
  };
  for (const t of tokens(a.tree)) {
    if (t.kind === K.BlockComment) {
      flush();
      add(t.start, t.end, 'comment');
    } else if (t.kind === K.Comment) {
      // Only a comment that starts its line joins a run.
      if (runStart >= 0 && /^[ \t]*(\r\n|\n|\r)[ \t]*$/.test(text.slice(runEnd, t.start))) runEnd = t.end;
      else {
        flush();
        if (!startsLine(text, t.start)) continue;
        runStart = t.start;
        runEnd = t.end;
      }
    } else if (t.kind !== K.Whitespace) flush();
  }
  flush();

  out.sort((x, y) => x.start - y.start || y.end - x.end);
  return out;
}

// A `# install firefox and enable ssh` comment as a request: the comment on the cursor's line,
// read from the syntax tree, and the edit that removes it (with its line when it stands alone).
import { SyntaxKind as K, parse, tokenAt, type TextEdit } from '../syntax/index.js';

export interface CommentRequest {
  /** The words after `#`. */
  text: string;
  start: number;
  end: number;
  /** Removes the comment, and its line when nothing else is on it. */
  removal: TextEdit;
}

/** The line comment on the line of `offset`, if any, as a request. */
export function commentRequestAt(source: string, offset: number): CommentRequest | undefined {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const nl = source.indexOf('\n', offset);
  const lineEnd = nl < 0 ? source.length : nl;
  const tree = parse(source).tree;
  // The comment may start anywhere on the line: look at the tokens from the line's end back.
  for (let at = lineEnd - 1; at >= lineStart; ) {
    const t = tokenAt(tree, at);
    if (!t || t.end <= lineStart) break;
    if (t.kind === K.Comment) {
      const text = source.slice(t.start + 1, t.end).trim();
      if (!text) return undefined;
      const alone = /^\s*$/.test(source.slice(lineStart, t.start));
      const removal: TextEdit = alone ? { start: lineStart, end: Math.min(lineEnd + 1, source.length), newText: '' } : { start: trimBack(source, t.start), end: t.end, newText: '' };
      return { text, start: t.start, end: t.end, removal };
    }
    at = t.start - 1;
  }
  return undefined;
}

function trimBack(s: string, i: number): number {
  while (i > 0 && (s[i - 1] === ' ' || s[i - 1] === '\t')) i--;
  return i;
}

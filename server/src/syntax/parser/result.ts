// What a parse returns. Its own file so that the parse-time checks (checks/)
// can name SyntaxError without importing the parser that calls them.
import type { SyntaxNode } from "../tree.js";

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

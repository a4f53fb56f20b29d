// What incremental re-parsing keeps of each tree between edits.
import type { PrefixStrings } from "../lexer/lex.js";
import type { SourceText, SyntaxNode, TokenStore } from "../tree.js";

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

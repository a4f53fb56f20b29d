// Public API of the Nix syntax core: pure TypeScript, no IO.
export { SyntaxKind, kindName, isTokenKind, isTrivia } from "./kinds.js";
export { parse } from "./grammar/entry.js";
export { MAX_DEPTH } from "./parser/depth.js";
export { reparse, reparseInPlace, changedSpan, bindsRecSet, bindsRec } from "./incremental.js";
export type { ChangedSpan, Reparsed } from "./incremental.js";
export type { SyntaxError, ParseResult } from "./parser/result.js";
export {
  SyntaxNode,
  SyntaxToken,
  isNode,
  isToken,
  printTree,
  debugTree,
  nodeAt,
  tokenAt,
  coveringNode,
  tokens,
  descendants,
  walk,
  ancestors,
  lastStartingBy,
} from "./tree.js";
export type { SyntaxElement } from "./tree.js";
export { LineIndex, lineIndex } from "./lineIndex.js";
export type { LineCol } from "./lineIndex.js";
export { lex } from "./lexer/lex.js";
export type { TokenStream, LexError } from "./lexer/tokenStream.js";
export { decodeEscape, stringParts, indStringParts, staticStringValue } from "./strings.js";
export type { StringPart } from "./strings.js";
export * from "./views.js";
export { singleFileChange, mergeChanges, applyEdits } from "./textEdit.js";
export type { TextRange, TextEdit, FileEdits, SourceChange } from "./textEdit.js";
export { isIdentifier, isNameChar, attrNameText, formatAttrPath, splitOptionPath, IDENTIFIER_SOURCE, NAME_CHAR_SOURCE } from "./attrNames.js";
export { ownString } from "./ownString.js";

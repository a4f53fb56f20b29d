// Structural invariants every parse must satisfy, whatever the input: the
// tree is lossless, ranges nest and touch, parents point back, and errors
// lie inside the text. Iterative, so it copes with any depth.
import assert from "node:assert/strict";
import { SyntaxNode, SyntaxToken, parse, printTree } from "../../server/src/syntax/index.js";
import type { ParseResult } from "../../server/src/syntax/index.js";

export function checkTree(text: string, result: ParseResult = parse(text)): ParseResult {
  const { tree, errors } = result;
  const show = () => JSON.stringify(text.length > 300 ? text.slice(0, 300) + "..." : text);
  assert.equal(printTree(tree), text, `round trip failed for ${show()}`);
  assert.equal(tree.start, 0);
  assert.equal(tree.end, text.length);
  assert.equal(tree.parent, null);
  const stack: SyntaxNode[] = [tree];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const cs = n.children;
    if (cs.length > 0) {
      assert.equal(cs[0]!.start, n.start, `node starts with its first child in ${show()}`);
      assert.equal(cs[cs.length - 1]!.end, n.end, `node ends with its last child in ${show()}`);
    } else assert.equal(n.start, n.end, `an empty node is empty in ${show()}`);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      assert.equal(c.parent, n, `parent pointer in ${show()}`);
      if (i > 0) assert.equal(cs[i - 1]!.end, c.start, `children touch in ${show()}`);
      if (c instanceof SyntaxToken) assert.ok(c.end > c.start, `empty token in ${show()}`);
      else stack.push(c);
    }
  }
  for (const e of errors) {
    assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `error range ${e.start}..${e.end} in ${show()}`);
    assert.ok(e.message.length > 0 && e.code.length > 0);
  }
  return result;
}

import { hover } from '../../server/src/ide/hover.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { expect, markRanges, withCursor, type Expect } from './support.js';

const k = embeddedKnowledge();

// Each case: fixture, and the whole answer: the hovered range marked in the text, then the markdown.
const CASES: Array<{ name: string; src: string; want: Expect }> = [
  { name: 'let literal', src: 'let port = 8080; in $0port', want: expect`
    let port = 8080; in [[port]]
    ---
    \`\`\`nix
    port = 8080
    \`\`\`

    A \`let\` binding, defined on line 1; used once.
  ` },
  { name: 'let string', src: 'let\n  user = "alice";\nin\nus$0er', want: expect`
    let
      user = "alice";
    in
    [[user]]
    ---
    \`\`\`nix
    user = "alice"
    \`\`\`

    A \`let\` binding, defined on line 2; used once.
  ` },
  { name: 'function value', src: 'let f = { a, b ? 1 }: a; in f$0', want: expect`
    let f = { a, b ? 1 }: a; in [[f]]
    ---
    \`\`\`nix
    f = { a, b ? 1 }: ...
    \`\`\`

    A \`let\` binding, defined on line 1; used once.
  ` },
  { name: 'formal with default', src: '{ a ? true }: a$0', want: expect`
    { a ? true }: [[a]]
    ---
    \`\`\`nix
    a ? true
    \`\`\`

    A function argument (from its \`{ ... }\` pattern), defined on line 1; used once.
  ` },
  { name: 'lambda param', src: 'x: x$0', want: expect`
    x: [[x]]
    ---
    \`\`\`nix
    x
    \`\`\`

    A function argument, defined on line 1; used once.
  ` },
  { name: 'definition itself', src: 'let a$0 = [ 1 2 ]; in a', want: expect`
    let [[a]] = [ 1 2 ]; in a
    ---
    \`\`\`nix
    a = [ 1 2 ]
    \`\`\`

    A \`let\` binding, defined on line 1; used once.
  ` },
  { name: 'builtin global', src: '$0map toString [ ]', want: expect`
    [[map]] toString [ ]
    ---
    \`\`\`nix
    map f list
    \`\`\`

    Applies *f* to each element of *list*.

    *Built into Nix.*
  ` },
  { name: 'builtins member', src: 'builtins.attrN$0ames { }', want: expect`
    builtins.[[attrNames]] { }
    ---
    \`\`\`nix
    attrNames set
    \`\`\`

    The names of the attributes of *set*, sorted alphabetically.

    *Built into Nix (as \`builtins.attrNames\`).*
  ` },
  { name: 'underscored builtin', src: '__ad$0d 1 2', want: expect`
    [[__add]] 1 2
    ---
    \`\`\`nix
    add a b
    \`\`\`

    The sum of two numbers.

    *Built into Nix (as \`builtins.add\`).*
  ` },
  { name: 'with name', src: '{ pkgs }: with pkgs; [ hel$0lo ]', want: expect`
    { pkgs }: with pkgs; [ [[hello]] ]
    ---
    \`hello\`: not defined in this file, so it is looked up in \`with pkgs;\` (line 1) when evaluated.
  ` },
  { name: 'inherited', src: 'x: let inherit x$0; in x', want: expect`
    x: let inherit [[x]]; in x
    ---
    \`\`\`nix
    x
    \`\`\`

    An inherited \`let\` binding, defined on line 1; used once.

    Inherited from a function argument on line 1.
  ` },
  { name: 'inherit from', src: '{ pkgs }: let inherit (pkgs) li$0b; in lib', want: expect`
    { pkgs }: let inherit (pkgs) [[lib]]; in lib
    ---
    \`\`\`nix
    lib = pkgs.lib
    \`\`\`

    An inherited \`let\` binding, defined on line 1; used once.
  ` },
  { name: 'undefined', src: 'fo$0o', want: expect`
    [[foo]]
    ---
    \`foo\` is not defined here.
  ` },
  { name: 'keyword', src: 'l$0et a = 1; in a', want: expect`no hover` },
  { name: 'attribute name', src: '{ a$0 = 1; }', want: expect`no hover` },
];

describe('hover', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset, a } = withCursor(c.src);
      const h = hover(a, offset, k);
      c.want.assertEq(h ? `${markRanges(text, [h.range])}\n---\n${h.markdown}` : 'no hover');
    });
  }
});

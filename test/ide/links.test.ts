import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { documentLinks, urlForReference } from '../../server/src/ide/links.js';

// Each link as `kind:source text -> target`.
function show(src: string): string[] {
  return documentLinks(analyze(src)).map((l) => `${l.kind}:${src.slice(l.range.start, l.range.end)} -> ${l.target}`);
}

const CASES: Array<{ name: string; src: string; expect: string[] }> = [
  { name: 'relative path', src: '{ imports = [ ./hardware-configuration.nix ]; }', expect: ['path:./hardware-configuration.nix -> ./hardware-configuration.nix'] },
  { name: 'parent, absolute and home paths', src: '[ ../x /etc/nixos/x.nix ~/y.nix ]', expect: ['path:../x -> ../x', 'path:/etc/nixos/x.nix -> /etc/nixos/x.nix', 'path:~/y.nix -> ~/y.nix'] },
  { name: 'interpolated path has no link', src: 'x: ./a/${x}.nix', expect: [] },
  { name: 'search path', src: 'import <nixpkgs> {}', expect: ['search-path:<nixpkgs> -> nixpkgs'] },
  { name: 'search path with subpath', src: 'import <nixpkgs/nixos>', expect: ['search-path:<nixpkgs/nixos> -> nixpkgs/nixos'] },
  { name: 'url in a string', src: '{ url = "https://github.com/NixOS/nixpkgs/archive/x.tar.gz"; }', expect: ['url:https://github.com/NixOS/nixpkgs/archive/x.tar.gz -> https://github.com/NixOS/nixpkgs/archive/x.tar.gz'] },
  { name: 'url inside prose', src: '"see https://nixos.org/manual, please"', expect: ['url:https://nixos.org/manual -> https://nixos.org/manual'] },
  {
    name: 'flake input github ref',
    src: '{ inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable"; }',
    expect: ['url:github:NixOS/nixpkgs/nixos-unstable -> https://github.com/NixOS/nixpkgs/tree/nixos-unstable'],
  },
  { name: 'flake ref without branch', src: '"github:nix-community/home-manager"', expect: ['url:github:nix-community/home-manager -> https://github.com/nix-community/home-manager'] },
  { name: 'URI literal', src: 'https://example.org/a', expect: ['url:https://example.org/a -> https://example.org/a'] },
  { name: 'url in indented string', src: "''\n  https://a.org/b\n''", expect: ['url:https://a.org/b -> https://a.org/b'] },
  { name: 'plain strings have none', src: '"hello github"', expect: [] },
];

describe('document links', () => {
  for (const c of CASES) it(c.name, () => assert.deepEqual(show(c.src), c.expect));
});

describe('flake references as URLs', () => {
  const REFS: Array<[string, string | undefined]> = [
    ['github:NixOS/nixpkgs', 'https://github.com/NixOS/nixpkgs'],
    ['github:NixOS/nixpkgs?ref=nixos-24.05', 'https://github.com/NixOS/nixpkgs/tree/nixos-24.05'],
    ['gitlab:foo/bar/main', 'https://gitlab.com/foo/bar/-/tree/main'],
    ['sourcehut:~user/repo', 'https://git.sr.ht/~user/repo'],
    ['git+https://git.example.org/x.git?ref=main', 'https://git.example.org/x.git'],
    ['path:/tmp/x', undefined],
    ['nixpkgs', undefined],
  ];
  for (const [ref, url] of REFS) it(ref, () => assert.equal(urlForReference(ref), url));
});

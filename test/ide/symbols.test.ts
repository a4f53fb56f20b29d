import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { documentSymbols, workspaceSymbols, type DocSymbol } from '../../server/src/ide/symbols.js';
import { expect, type Expect } from './support.js';

// Outline as `kind name (detail)` lines, children indented.
function outline(syms: DocSymbol[], pad = ''): string[] {
  return syms.flatMap((s) => [`${pad}${s.kind} ${s.name}${s.detail !== undefined ? ` (${s.detail})` : ''}`, ...outline(s.children, pad + '  ')]);
}

const CASES: Array<{ name: string; src: string; want: Expect }> = [
  {
    name: 'module body at top, dotted path is one symbol',
    src: '{ config, pkgs, ... }:\n{\n  services.openssh.enable = true;\n  networking.hostName = "box";\n}',
    want: expect`
      boolean services.openssh.enable (true)
      string networking.hostName ("box")
    `,
  },
  {
    name: 'nested sets nest',
    src: '{ services.nginx = { enable = true; port = 80; }; }',
    want: expect`
      object services.nginx
        boolean enable (true)
        number port (80)
    `,
  },
  {
    name: 'let bindings are variables, then the body',
    src: 'let x = 1; f = a: a; in { y = x; }',
    want: expect`
      variable x (1)
      function f (a: …)
      property y (x)
    `,
  },
  {
    name: 'lists and null',
    src: '{ imports = [ ./a.nix ./b.nix ]; z = null; }',
    want: expect`
      array imports ([ 2 items ])
      null z (null)
    `,
  },
  {
    name: 'inherit',
    src: '{ inherit a; inherit (pkgs) b; }',
    want: expect`
      property a (inherit)
      property b (inherit (pkgs))
    `,
  },
  {
    name: 'mkIf set is outlined',
    src: '{ x = lib.mkIf c { y = 1; }; }',
    want: expect`
      property x (lib.mkIf c { y = 1; })
        number y (1)
    `,
  },
  {
    name: 'with-list is an array',
    src: '{ environment.systemPackages = with pkgs; [ vim git ]; }',
    want: expect`array environment.systemPackages (with pkgs; [ vim git ])`,
  },
  {
    name: 'quoted names',
    src: '{ "a b".c = 1; }',
    want: expect`number "a b".c (1)`,
  },
  {
    name: 'broken input does not throw',
    src: '{ a = ; b = 2',
    want: expect`
      property a
      number b (2)
    `,
  },
];

describe('document symbols', () => {
  for (const c of CASES) {
    it(c.name, () => {
      c.want.assertEq(outline(documentSymbols(analyze(c.src))).join('\n'));
    });
  }
  it('ranges: selection is the path, range the binding', () => {
    const src = '{ a.b = 1; }';
    const [s] = documentSymbols(analyze(src));
    assert.equal(src.slice(s!.selectionRange.start, s!.selectionRange.end), 'a.b');
    assert.equal(src.slice(s!.range.start, s!.range.end), 'a.b = 1;');
  });
});

describe('workspace symbols', () => {
  const files = [
    { uri: 'file:///a.nix', analysis: analyze('{ services.openssh.enable = true; services.nginx = { enable = true; }; }') },
    { uri: 'file:///b.nix', analysis: analyze('{ networking.hostName = "x"; }') },
  ];
  it('subsequence, case-insensitive, on the full dotted path', () => {
    const names = workspaceSymbols(files, 'SNGen').map((s) => s.name);
    assert.deepEqual(names, ['services.nginx.enable']);
  });
  it('ranks word-start matches first', () => {
    const res = workspaceSymbols(files, 'enable').map((s) => `${s.name}|${s.containerName ?? ''}`);
    assert.deepEqual(res.slice(0, 2).sort(), ['services.nginx.enable|services.nginx', 'services.openssh.enable|']);
  });
  it('empty query lists everything', () => {
    assert.equal(workspaceSymbols(files, '').length, 4);
  });
  it('no match', () => {
    assert.deepEqual(workspaceSymbols(files, 'zzz'), []);
  });
});

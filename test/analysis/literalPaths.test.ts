// The literal paths a file names (analysis/literalPaths.ts), read on the tree: what the live
// cache key follows to modules outside the configuration's folder.
import assert from 'node:assert/strict';
import { literalPaths } from '../../server/src/analysis/literalPaths.js';
import { parse } from '../../server/src/syntax/index.js';

const paths = (src: string) => literalPaths(parse(src).tree);

describe('literalPaths', () => {
  it('reads whole path literals anywhere, in order', () => {
    const src = `{ pkgs, ... }:
let hw = import ../hardware.nix; in {
  imports = [ ./a.nix /home/alice/nixos-shared/common.nix ~/m.nix ./. ];
  home-manager.users.alice = ./home.nix;
  environment.etc."motd".source = ./motd.txt;
}`;
    assert.deepEqual(paths(src), ['../hardware.nix', './a.nix', '/home/alice/nixos-shared/common.nix', '~/m.nix', './.', './home.nix', './motd.txt']);
  });

  it('leaves out interpolated paths, search paths, comments and plain strings', () => {
    const src = `{ ... }: {
  # imports = [ ./commented.nix ];
  /* ./block.nix */
  imports = [ ./modules/\${name}.nix <home-manager/nixos> (./x + "/y.nix") ];
  description = "see ./string.nix and /etc/nixos/s.nix";
  text = ''
    ./ind.nix
  '';
}`;
    assert.deepEqual(paths(src), ['./x']);
  });

  it('takes an absolute string only as an item of an imports list', () => {
    const src = `{ ... }: {
  imports = [ "/etc/nixos/extra.nix" "relative.nix" "/etc/\${x}.nix" ];
  a.imports = [ "/srv/nested.nix" ];
  other = [ "/etc/nixos/not-imported.nix" ];
  imports2 = [ "/etc/nixos/no.nix" ];
}`;
    assert.deepEqual(paths(src), ['/etc/nixos/extra.nix', '/srv/nested.nix']);
  });

  it('reads what it can of a broken file', () => {
    assert.deepEqual(paths('{ imports = [ ./a.nix ../b.nix '), ['./a.nix', '../b.nix']);
  });
});

# Every way Nix binds a name.
{ a ? b, b ? 1, ... }@args:
let
  inherit a;
  f = x: { y, z ? y, ... }@w: x + y + z + w.q or 0;
  r = rec { one = 1; two = one + 1; inherit (r2) three; };
  r2 = { three = 3; };
  legacy = let { v = 1; body = v; };
  s = with r; two + a;
  inherit (args) b2;
in
[ f r s legacy b2 (builtins.map (x: x) [ ]) __currentSystem true false null ]

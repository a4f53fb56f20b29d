let
  x = 1;
  inherit (builtins) length head;
  "quoted name" = 2;
  y.z = 3;
  y.w = 4;
  set = {
    a = 1;
    "b c" = 2;
    ${"dyn"} = 3;
    ${x}.d = 4;
    inherit x;
    inherit (recursive) b;
    e.f.g = 5;
    e.f.h = 6;
    i = { j = 1; };
    i.k = 2;
    or = 7;
  };
  recursive = rec { a = 1; b = a; };
  legacy = let { body = x; };
  empty = { };
  emptyRec = rec { };
  inherit;
in
{ inherit x set; }

{ cond, pkgs }:

assert cond -> pkgs != null;
with pkgs;
if cond then
  if !cond then 1 else 2
else let a = 1; in
  with { b = 2; }; assert a < b; a + b

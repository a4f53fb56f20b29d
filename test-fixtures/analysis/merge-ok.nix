# Nested paths merge: none of these are duplicates.
{
  a.b = 1;
  a.c = 2;
  x = { y = 1; };
  x.z = 2;
  "quoted name" = 3;
  ${"dyn"} = 4;
  inherit (builtins) map;
}

# Every literal form.
with { }; # free names (e3) resolve at run time
[
  42 0 007
  1.5 .5 1. 0.25 1.5e3 2.5E-2 .5e+1
  (1e3)   # the integer 1 applied to the variable e3
  https://example.org/a?b=c&d=e
  mirror+ssh://host:22/x
  ./relative/file.nix ../up ./. /absolute/path ~/home/file a/b
  ./with-${"interp"}/and/more ~/${"x"} ./${"a"}b
  <nixpkgs> <nixpkgs/lib>
  "plain" "esc \" \\ \n \r \t \q" "$${not} $$ $x ${"interp"}"
  ''
    indented ''$ ''' ''\n ''${not}
      nested ${"interp"} here
  ''
  '''' '' x ''
  true false null
  n-1 x' a_b
]

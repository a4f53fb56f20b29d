with { }; # `or` as a variable is looked up at run time
let
  f = x: x;
  a = { b.c = 1; }; b = 2; c = 3; d = true; e = false;
in [
  (a.b.c or 0)
  (a.b or a)
  (a ? b)
  (a ? b.c)
  (a ? "b")
  (f a.b.c)
  (- b)
  (-f b)
  (f -1)
  (b - -1)
  (!d)
  (!d && e || d -> e)
  (d -> e -> d)
  ([ 1 ] ++ [ 2 ] ++ [ 3 ])
  (b * c / b + c - b)
  (b + c * b)
  (a // a // { })
  (b < c) (b <= c) (b > c) (b >= c)
  (b == c) (b != c)
  (b < c == d)
  (!a ? b)
  (-b + c)
  (f a ? b)
  (f or)
  ({ or = 1; }.or)
  (b/ c)
  (b /c)
]

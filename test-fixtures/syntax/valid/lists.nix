# free names resolve through the empty `with`
with { };
[
  [ ]
  [ 1 "two" ./three { four = 4; } (5) [ 6 ] ]
  [ a.b c.d or e f ]
  [ (x: x) (if true then 1 else 2) (let a = 1; in a) ]
]

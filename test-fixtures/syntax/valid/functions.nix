[
  (x: x)
  (x: y: x y)
  ({ }: 1)
  ({ ... }: 1)
  ({ a, b ? 2, ... }: a + b)
  ({ a, b, }: a)
  (args@{ a, ... }: args)
  ({ a ? 1 }@args: args)
  ({ a ? { b = 1; }, c ? d: d }: a)
  ({}@x: x)
  (x@{}: x)
]

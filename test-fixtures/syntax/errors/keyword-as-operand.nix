x: [
  (1 + if x then 1 else 2)
  (x let a = 1; in a)
]

x: {
  a = if x then 1;
  b = 2;
}

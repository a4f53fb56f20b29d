{
  a = "abc;
  b = "def";
  c = 1;
}

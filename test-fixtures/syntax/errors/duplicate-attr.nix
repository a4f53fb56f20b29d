{
  a.b = 1;
  a = 2;
  c = 1;
  c = 2;
  d = { e = 1; };
  d.e = 2;
  f.g = 1;
  f.g = 2;
  inherit ({ h = 1; }) h;
  h = 3;
}

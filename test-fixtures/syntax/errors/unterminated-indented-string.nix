{
  script = ''
    echo hello
  b = 2;
}

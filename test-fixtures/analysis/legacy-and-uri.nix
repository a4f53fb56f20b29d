let {
  src = https://example.org/source.tar.gz;
  body = { inherit src; };
}

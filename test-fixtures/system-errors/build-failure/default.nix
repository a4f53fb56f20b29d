{
  broken-tool = derivation {
    name = "broken-tool-0.3";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "echo configuring; echo 'compiling main.c'; echo 'main.c:3: error: expected ; before }' >&2; exit 2" ];
    PATH = "/usr/bin:/bin";
  };
}

# Tiny stand-ins for NixOS system generations: each has nixos-version, kernel modules, a
# specialisation and references to "packages" so their closures differ by name and version.
let
  pkg = name: extra: derivation ({
    inherit name;
    system = builtins.currentSystem;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      for o in ''${outputs:-out}; do
        eval "echo ${name} \$o > \$$o"
      done
    '' ];
  } // extra);
  hello212 = pkg "hello-2.12" { outputs = [ "out" "man" ]; };
  hello213 = pkg "hello-2.13" { outputs = [ "out" "man" ]; };
  firefox = pkg "firefox-120.0" { };
  nano = pkg "nano-7.2" { };
  system = { label, kernel, packages, specialisations ? [ ], revision ? null }: derivation {
    name = "nixos-system-test-${label}";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      mkdir -p $out/kernel-modules/lib/modules/${kernel} $out/specialisation
      echo ${label} > $out/nixos-version
      for s in ${toString specialisations}; do mkdir -p $out/specialisation/$s; done
      ${if revision == null then "" else "echo ${revision} > $out/configuration-revision"}
      echo ${toString packages} > $out/packages
    '' ];
  };
in
{
  a = system { label = "23.11.1"; kernel = "6.1.0"; packages = [ hello212 hello212.man nano ]; };
  b = system { label = "23.11.2"; kernel = "6.1.5"; packages = [ hello213 hello213.man firefox ]; specialisations = [ "gaming" "work" ]; revision = "abc123"; };
  c = system { label = "23.11.3"; kernel = "6.6.1"; packages = [ hello212 firefox ]; };
}

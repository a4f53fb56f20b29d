# The stand-in nixpkgs: a handful of tiny packages built with /bin/sh, enough for systemPackages.
{ system ? builtins.currentSystem, ... }:
let
  package = pname: version: derivation {
    name = "${pname}-${version}";
    inherit system;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho ${pname} ${version}\n' > $out/bin/${pname}
      chmod +x $out/bin/${pname}
    '' ];
  } // { inherit pname version; };
in
# The embedded index's packages too (intent-packages.nix), for the request tests; these come first
# so the hand-written ones below keep their versions.
import ./intent-packages.nix package // {
  hello = package "hello" "2.12.1";
  nano = package "nano" "7.2";
  htop = package "htop" "3.3.0";
  git = package "git" "2.44.0";
  lib = import ./lib.nix;
}

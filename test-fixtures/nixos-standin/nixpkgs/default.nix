# The stand-in nixpkgs: a handful of tiny packages built with /bin/sh, enough for systemPackages,
# with meta as nixpkgs writes it (licenses as sets or lists, `free`), so that
# `nix-env -f . -qaP --json --meta` lists them like the real thing; one is unfree.
# withIndex: also every package of the embedded index, as tiny unbuilt packages (test/intent).
{ system ? builtins.currentSystem, withIndex ? false, ... }:
let
  licenses = {
    gpl3Plus = { spdxId = "GPL-3.0-or-later"; shortName = "gpl3Plus"; fullName = "GNU General Public License v3.0 or later"; free = true; };
    gpl2 = { spdxId = "GPL-2.0-only"; shortName = "gpl2"; fullName = "GNU General Public License v2.0 only"; free = true; };
    mit = { spdxId = "MIT"; shortName = "mit"; fullName = "MIT License"; free = true; };
    unfree = { shortName = "unfree"; fullName = "Unfree"; free = false; };
  };
  package = pname: version: meta: derivation {
    name = "${pname}-${version}";
    inherit system;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho ${pname} ${version}\n' > $out/bin/${pname}
      chmod +x $out/bin/${pname}
    '' ];
  } // { inherit pname version; meta = { mainProgram = pname; } // meta; };
in
(if withIndex then import ./intent-packages.nix (n: v: package n v { }) else { }) // {
  hello = package "hello" "2.12.1" { description = "A program that produces a familiar, friendly greeting"; homepage = "https://www.gnu.org/software/hello/"; license = licenses.gpl3Plus; };
  nano = package "nano" "7.2" { description = "A small, user-friendly console text editor"; homepage = "https://www.nano-editor.org/"; license = licenses.gpl3Plus; };
  htop = package "htop" "3.3.0" { description = "An interactive process viewer"; license = licenses.gpl2; };
  git = package "git" "2.44.0" { description = "Distributed version control system"; homepage = "https://git-scm.com/"; license = [ licenses.gpl2 licenses.mit ]; };
  standin-unfree = package "standin-unfree" "1.0" { description = "A program whose licence is not free"; license = licenses.unfree; };
  lib = import ./lib.nix;
}

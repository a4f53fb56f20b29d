{ lib, ... }:
let
  inherit stdenv;
in
stdenv

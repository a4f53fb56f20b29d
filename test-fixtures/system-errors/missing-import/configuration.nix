# Imports a file that was never created (a typo for hardware-configuration.nix).
let
  hardware = import ./hardware-config.nix;
in
{ inherit hardware; }

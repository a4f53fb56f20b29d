{ pkgs, ... }:
let
  myPackages = [ pkgs.firefox pkgs.thunderbird ];
in
{
  environment.systemPackages = myPackges;
}

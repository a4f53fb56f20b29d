# `lib` is used but not taken as an argument.
{ config, pkgs, ... }:
{
  services.nginx.enable = lib.mkDefault true;
  environment.systemPackages = [ pkgs.nginx ];
}

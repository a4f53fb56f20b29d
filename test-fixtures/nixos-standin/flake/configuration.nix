{ pkgs, ... }:
{
  imports = [ ./local.nix ];
  networking.hostName = "standin";
  environment.systemPackages = [ pkgs.htop ];
}

{ config, pkgs, ... }:
{
  services.openssh.enable = true
  networking.hostName = "atlas";
  environment.systemPackages = [ pkgs.vim ];
}

{ config, pkgs, ... }:
{
  networking.hostName = "standin";
  services.openssh.enable = true;
  services.foo.enable = true;
}

{ config, pkgs, lib, ... }:
{
  services.opensh.enable = true;
  services.xserver.enable = "yes";
  networking = {
    firewall.allowedTCPPorts = 22;
    hostName = "laptop";
  };
  boot.loader = { timeout = "5"; };
  time.timeZone = "Europe/Paris";
}

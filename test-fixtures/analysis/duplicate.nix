{ pkgs, ... }:
{
  networking.hostName = "one";
  services.xserver.enable = true;
  networking = {
    firewall.enable = true;
    hostName = "two";
  };
}

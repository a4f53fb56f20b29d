{ lib, ... }:
{
  time.timeZone = "UTC";
  networking.hostName = lib.mkDefault "nixos";
}

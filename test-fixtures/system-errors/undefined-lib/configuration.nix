{ config, pkgs, ... }:
{
  networking.hostName = lib.mkDefault "laptop";
}

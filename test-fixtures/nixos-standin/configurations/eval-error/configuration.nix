{ config, pkgs, ... }:
{
  networking.hostName = "standin";
  environment.systemPackages = [
    pkgs.hello
    firefox
  ];
}

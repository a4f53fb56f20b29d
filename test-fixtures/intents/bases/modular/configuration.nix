{ config, pkgs, lib, ... }:

{
  imports = [
    ./hardware-configuration.nix
    ./modules/desktop.nix
    ./modules/users.nix
    ./modules/packages.nix
  ];

  boot.loader.systemd-boot.enable = true;

  networking.hostName = "workstation";
  time.timeZone = "America/New_York";

  system.stateVersion = "24.05";
}

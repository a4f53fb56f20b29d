# A typical NixOS configuration: module arguments, with, let, inherit.
{ config, lib, pkgs, modulesPath, ... }:

let
  inherit (lib) mkIf mkDefault optionals;
  cfg = config.services.myapp;
  user = "alice";
  packages = with pkgs; [ git vim htop ] ++ optionals cfg.enable [ curl ];
in
{
  imports = [ (modulesPath + "/installer/scan/not-detected.nix") ./hardware-configuration.nix ];

  boot.loader.systemd-boot.enable = true;
  networking.hostName = mkDefault "nixos";

  users.users.${user} = {
    isNormalUser = true;
    extraGroups = [ "wheel" "networkmanager" ];
    home = "/home/${user}";
  };

  environment.systemPackages = packages;

  services.openssh = mkIf cfg.enable {
    enable = true;
    settings.PermitRootLogin = "no";
  };

  system.stateVersion = "24.05";
}

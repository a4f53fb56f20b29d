{ config, pkgs, lib, ... }:
{
  imports = [ ./services.nix ];

  networking.hostName = "standin";
  time.timeZone = "Europe/Amsterdam";
  environment.systemPackages = [ pkgs.hello pkgs.nano ];
  specialisation.work.configuration = {
    environment.systemPackages = [ pkgs.git ];
  };
}
